package dev.weft;

import dev.weft.internal.loop.LoopProbe;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopTest {
    private EventLoop loop;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void callbacksRunFifoAndOnlyThoseReadyWhenThePassBegan() {
        loop.callSoon(() -> {
            log.add("a");
            loop.callSoon(() -> log.add("c (next pass)"));
        });
        loop.callSoon(() -> log.add("b"));
        LoopProbe.runOnce(loop);
        assertEquals(List.of("a", "b"), log);
        LoopProbe.runOnce(loop);
        assertEquals(List.of("a", "b", "c (next pass)"), log);
    }

    @Test
    void timersRunByDeadlineThenBySchedulingOrder() {
        double now = loop.time();
        loop.callAt(now + 0.02, () -> log.add("t2"));
        loop.callAt(now + 0.01, () -> log.add("t1-first"));
        loop.callAt(now + 0.01, () -> log.add("t1-second"));
        TimerHandle cancelled = loop.callAt(now + 0.005, () -> log.add("cancelled"));
        cancelled.cancel();
        loop.callAt(now + 0.03, loop::stop);
        loop.runForever();
        assertEquals(List.of("t1-first", "t1-second", "t2"), log);
    }

    @Test
    void aFailingCallbackIsReportedAndTheLoopGoesOn() {
        List<Map<String, Object>> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        loop.callSoon(() -> {
            throw new IllegalStateException("boom");
        });
        loop.callSoon(() -> log.add("after"));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of("after"), log);
        assertEquals(1, reported.size());
        assertEquals("boom", ((Throwable) reported.get(0).get("exception")).getMessage());
        assertTrue(reported.get(0).get("message").toString().startsWith("Exception in callback"));
    }

    @Test
    void stopFinishesThePassAndRunForeverCanRunAgain() {
        loop.callSoon(() -> {
            log.add("1");
            loop.stop();
        });
        loop.callSoon(() -> log.add("2 same pass"));
        loop.runForever();
        loop.callSoon(() -> log.add("3"));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of("1", "2 same pass", "3"), log);
        assertFalse(loop.isRunning());
    }

    @Test
    void futureCallbacksAreScheduledInRegistrationOrder() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> log.add("first " + x.result()));
        f.addDoneCallback(x -> log.add("second"));
        java.util.function.Consumer<Future<String>> removed = x -> log.add("removed");
        f.addDoneCallback(removed);
        f.addDoneCallback(removed);
        assertEquals(2, f.removeDoneCallback(removed));
        loop.callSoon(() -> {
            f.setResult("v");
            log.add("set");
        });
        loop.callSoon(() -> log.add("queued before the callbacks"));
        loop.callLater(0.01, loop::stop);
        loop.runForever();
        assertEquals(List.of("set", "queued before the callbacks", "first v", "second"), log);
    }

    @Test
    void futureMisuseIsAClearError() {
        Future<String> f = loop.createFuture();
        assertEquals("Result is not set.", assertThrows(InvalidStateError.class, f::result).getMessage());
        assertEquals("Exception is not set.", assertThrows(InvalidStateError.class, f::exception).getMessage());
        f.setResult("x");
        InvalidStateError e = assertThrows(InvalidStateError.class, () -> f.setResult("y"));
        assertEquals("FINISHED: <Future finished result=x>", e.getMessage());
        assertFalse(f.cancel());
        Future<String> c = loop.createFuture();
        assertTrue(c.cancel("why"));
        assertEquals("why", assertThrows(CancelledError.class, c::result).getMessage());
        assertTrue(c.isCancelled());
    }

    /** An idle loop waits in the selector: no busy waiting (CPU time, not wall time, is measured). */
    @Test
    void anIdleLoopDoesNotSpin() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isCurrentThreadCpuTimeSupported());
        loop.callLater(0.3, loop::stop);
        long cpu = mx.getCurrentThreadCpuTime();
        loop.runForever();
        long used = mx.getCurrentThreadCpuTime() - cpu;
        assertTrue(used < 100_000_000L, "the idle loop used " + used / 1_000_000 + " ms of CPU in 300 ms");
    }

    /** With a virtual clock and no timer, the loop waits for a wake-up from another thread. */
    @Test
    void aVirtualLoopWithoutTimersWaitsForOtherThreads() {
        EventLoop virtual = VirtualTime.newLoop();
        Future<String> f = virtual.createFuture();
        new Thread(() -> virtual.callSoonThreadsafe(() -> f.setResult("woken"))).start();
        assertEquals("woken", virtual.runUntilComplete(f));
        assertEquals(0.0, virtual.time());
        virtual.close();
    }

    @Test
    void runNeedsACoroutine() {
        Future<String> f = loop.createFuture();
        assertEquals("a coroutine was expected, got <Future pending>",
                assertThrows(IllegalStateException.class, () -> Asyncio.run(f)).getMessage());
    }

    @Test
    void runFromARunningLoopIsRejected() {
        Future<Object> outcome = loop.createFuture();
        loop.callSoon(() -> {
            try {
                Asyncio.run(Coroutine.of(1));
            } catch (IllegalStateException e) {
                outcome.setResult(e.getMessage());
            }
        });
        assertEquals("Asyncio.run() cannot be called from a running event loop", loop.runUntilComplete(outcome));
    }

    /** 8 threads x 100,000 callSoonThreadsafe calls into a running loop: every callback runs exactly once. */
    @Test
    void callSoonThreadsafeUnderContention() throws Exception {
        int threads = 8;
        int perThread = 100_000;
        AtomicIntegerArray runs = new AtomicIntegerArray(threads * perThread);
        int[] count = {0};
        Future<Void> allRun = loop.createFuture();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int id = base + i;
                    loop.callSoonThreadsafe(() -> {
                        runs.incrementAndGet(id);
                        if (++count[0] == threads * perThread) {
                            allRun.setResult(null);
                        }
                    });
                }
            });
            th.start();
            producers.add(th);
        }
        loop.callSoon(start::countDown);
        loop.runUntilComplete(allRun);
        for (Thread th : producers) {
            th.join();
        }
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "callback " + i);
        }
        assertEquals(threads * perThread, count[0]);
    }

    /**
     * The policy makes the loops of Asyncio.run, newEventLoop and a thread's first getEventLoop, as asyncio's
     * policy does; a loop Weft did not make is refused with a message that says how to make one.
     */
    @Test
    void theEventLoopPolicyMakesNewLoops() throws Exception {
        List<EventLoop> made = new ArrayList<>();
        Asyncio.setEventLoopPolicy(() -> {
            EventLoop loop = EventLoopPolicy.DEFAULT.newEventLoop();
            loop.setDebug(true);
            made.add(loop);
            return loop;
        });
        try {
            assertEquals(true, Asyncio.run(Coroutine.of(true)));
            EventLoop fresh = Asyncio.newEventLoop();
            assertTrue(fresh.getDebug());
            fresh.close();
            EventLoop threadLoop = CompletableFuture.supplyAsync(() -> {
                EventLoop l = Asyncio.getEventLoop();
                Asyncio.setEventLoop(null);
                return l;
            }).get();
            assertEquals(3, made.size());
            assertTrue(made.get(0).getDebug() && made.get(0).isClosed(), "Asyncio.run's loop, closed by run");
            assertSame(fresh, made.get(1));
            assertSame(threadLoop, made.get(2));
            threadLoop.close();

            EventLoop foreign = (EventLoop) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {EventLoop.class}, (proxy, method, args) -> method.getName().equals("toString")
                            ? "ForeignLoop" : null);
            EventLoopPolicy foreignPolicy = new EventLoopPolicy() {
                @Override
                public EventLoop newEventLoop() {
                    return foreign;
                }

                @Override
                public String toString() {
                    return "ForeignPolicy";
                }
            };
            Asyncio.setEventLoopPolicy(foreignPolicy);
            assertSame(foreignPolicy, Asyncio.getEventLoopPolicy());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(Coroutine.of(1)));
            assertEquals("the event loop policy ForeignPolicy returned ForeignLoop, which is not a loop Weft made: make"
                    + " it with EventLoopPolicy.DEFAULT.newEventLoop()", e.getMessage());
        } finally {
            Asyncio.setEventLoopPolicy(null);
        }
        assertSame(EventLoopPolicy.DEFAULT, Asyncio.getEventLoopPolicy());
    }

    /** Await.on in code the weaver never saw (called reflectively here) fails at once and says how to weave. */
    @Test
    void unwovenAwaitFailsFastWithHowToWeave() throws Exception {
        for (Object[] call : new Object[][]{
                {Awaitable.class, Coroutine.of(1)},
                {java.util.concurrent.CompletionStage.class, new java.util.concurrent.CompletableFuture<>()}}) {
            java.lang.reflect.Method on = Await.class.getMethod("on", (Class<?>) call[0]);
            java.lang.reflect.InvocationTargetException e = assertThrows(
                    java.lang.reflect.InvocationTargetException.class, () -> on.invoke(null, call[1]));
            assertEquals(IllegalStateException.class, e.getCause().getClass());
            String message = e.getCause().getMessage();
            assertTrue(message.startsWith("Await.on(...) was called in dev.weft.EventLoopTest.lambda$"), message);
            assertTrue(message.contains(", which was not woven by Weft. Build the project with the weft-maven-plugin"
                    + " (goals weave and weave-tests) or start the JVM with -javaagent:"
                    + dev.weft.internal.NotWoven.agentJar() + ", "), message);
        }
    }
}
