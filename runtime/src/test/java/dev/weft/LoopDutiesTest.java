package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.LoopProbe;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the loop owes its users beyond running callbacks: cleanup, reports, debug warnings, thread safety. */
class LoopDutiesTest {
    private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("dev.weft").addHandler(handler);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("dev.weft").removeHandler(handler);
    }

    @Async
    static Coroutine<Integer> trivial(int i) {
        return Coroutine.of(i);
    }

    @Async
    static Coroutine<Long> manyTasks(int n) {
        List<Task<Integer>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(Asyncio.createTask(trivial(i)));
        }
        long sum = 0;
        for (Task<Integer> t : tasks) {
            sum += Await.on(t);
        }
        return Coroutine.of(sum);
    }

    /** 1,000,000 tasks created and completed leave the loop's structures at their starting size. */
    @Test
    void aMillionTasksLeaveTheLoopAsItWas() {
        EventLoop loop = Asyncio.newEventLoop();
        int readyBefore = LoopProbe.readyCapacity(loop);
        int timersBefore = LoopProbe.timerCapacity(loop);
        assertEquals(499_999_500_000L, loop.runUntilComplete(manyTasks(1_000_000)));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(0, LoopProbe.suspendedTasks(loop));
        assertEquals(0, LoopProbe.pendingCallbacks(loop));
        assertEquals(readyBefore, LoopProbe.readyCapacity(loop));
        assertEquals(timersBefore, LoopProbe.timerCapacity(loop));
        loop.close();
    }

    @Async
    static Coroutine<Void> failLater() {
        Await.on(Asyncio.sleep(0));
        throw new IllegalStateException("nobody looks at me");
    }

    @Async
    static Coroutine<Void> startAndForget() {
        Asyncio.createTask(failLater(), "forgotten");
        Await.on(Asyncio.sleep(0.01));
        return Coroutine.done();
    }

    @Test
    void aFailedTaskThatNobodyAwaitedIsReportedWhenCollected() throws Exception {
        Asyncio.run(startAndForget());
        String message = awaitRecord("Task exception was never retrieved");
        assertTrue(message.contains("Task exception was never retrieved"), message);
        LogRecord r = records.stream().filter(x -> x.getMessage().contains("never retrieved")).findFirst().orElseThrow();
        assertEquals("nobody looks at me", r.getThrown().getMessage());
    }

    @Async
    static Coroutine<Void> createsButNeverAwaits() {
        trivial(1); // a coroutine object, dropped
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    @Test
    void debugModeWarnsAboutCoroutinesNeverAwaited() throws Exception {
        Asyncio.run(createsButNeverAwaits(), true);
        String message = awaitRecord("was never awaited");
        assertEquals("coroutine 'dev.weft.LoopDutiesTest.trivial' was never awaited", message);
    }

    @Test
    void debugModeWarnsAboutSlowCallbacks() {
        EventLoop loop = Asyncio.newEventLoop();
        loop.setDebug(true);
        loop.callSoon(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        loop.close();
        LogRecord slow = records.stream().filter(r -> r.getMessage().startsWith("Executing ")
                && r.getMessage().contains(" took ") && r.getMessage().endsWith(" seconds")).findFirst()
                .orElseThrow(() -> new AssertionError(records.toString()));
        // Where the slow callback was scheduled, as Python's debug mode shows a handle's traceback.
        assertEquals("the callback was scheduled here", slow.getThrown().getMessage());
        assertTrue(java.util.Arrays.stream(slow.getThrown().getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("debugModeWarnsAboutSlowCallbacks")), slow.getThrown()::toString);
    }

    @Async
    static Coroutine<Void> slowStep() {
        try {
            Thread.sleep(150);   // blocks the loop: a slow step
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> startsASlowTask() {
        Await.on(Asyncio.createTask(slowStep(), "slow"));
        return Coroutine.done();
    }

    @Test
    void debugModeShowsWhereASlowTaskWasCreated() {
        Asyncio.run(startsASlowTask(), true);
        LogRecord slow = records.stream().filter(r -> r.getMessage().startsWith("Executing ")
                && r.getMessage().contains("slow") && r.getMessage().contains(" took ")).findFirst()
                .orElseThrow(() -> new AssertionError(records.toString()));
        assertEquals("the task was created here", slow.getThrown().getMessage());
        assertTrue(java.util.Arrays.stream(slow.getThrown().getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("startsASlowTask")), slow.getThrown()::toString);
    }

    private String awaitRecord(String part) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            System.gc();
            synchronized (records) {
                for (LogRecord r : records) {
                    if (r.getMessage().contains(part)) {
                        return r.getMessage().split("\n")[0];
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log record containing '" + part + "' after 200 collections: " + records);
    }

    @Async
    static Coroutine<String> leavesWork(List<String> log) {
        Asyncio.createTask(lingering(log));
        Await.on(Asyncio.sleep(0));
        return Coroutine.of("main done");
    }

    @Async
    static Coroutine<Void> lingering(List<String> log) {
        try {
            Await.on(Asyncio.sleep(3600));
        } finally {
            log.add("lingering task cancelled at exit");
        }
        return Coroutine.done();
    }

    @Test
    void runCancelsLeftoverTasksAndClosesTheLoop() {
        List<String> log = new ArrayList<>();
        assertEquals("main done", VirtualTime.run(leavesWork(log)));
        assertEquals(List.of("lingering task cancelled at exit"), log);
    }

    @Async
    static Coroutine<Thread> workerThread() {
        Thread t = Await.on(Asyncio.toThread(Thread::currentThread));
        return Coroutine.of(t);
    }

    /** Asyncio.run shuts the default executor down and waits for it: its threads are gone when run returns. */
    @Test
    void runShutsTheDefaultExecutorDown() throws InterruptedException {
        Thread worker = Asyncio.run(workerThread());
        assertTrue(worker.getName().startsWith("weft-executor-"), worker.getName());
        // The executor has terminated when run returns; its thread is leaving run() (a kept-alive pool
        // thread would wait for 60 s and fail this).
        worker.join(30_000);
        assertTrue(!worker.isAlive(), "the executor thread still runs after Asyncio.run returned");
    }

    @Async
    static Coroutine<Long> awaitStages(List<CompletableFuture<Integer>> stages) {
        long sum = 0;
        for (CompletableFuture<Integer> f : stages) {
            sum += Await.on(f);
        }
        return Coroutine.of(sum);
    }

    /** CompletionStages completed by 8 threads at once: every await resumes exactly once, on the loop thread. */
    @Test
    void stagesCompletedOnOtherThreadsUnderContention() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        List<CompletableFuture<Integer>> stages = new ArrayList<>();
        for (int i = 0; i < threads * perThread; i++) {
            stages.add(new CompletableFuture<>());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> completers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    stages.get(base + i).complete(1);
                }
            });
            th.start();
            completers.add(th);
        }
        EventLoop loop = Asyncio.newEventLoop();
        loop.callSoon(go::countDown);
        assertEquals((long) threads * perThread, loop.runUntilComplete(awaitStages(stages)));
        for (Thread th : completers) {
            th.join();
        }
        loop.close();
    }

    @Test
    void theExceptionHandlerSeesWhatTheLoopReports() {
        EventLoop loop = Asyncio.newEventLoop();
        List<Map<String, Object>> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> seen.add(ctx));
        loop.callExceptionHandler(Map.of("message", "hello"));
        assertEquals(List.of(Map.of("message", "hello")), seen);
        loop.setExceptionHandler(null);
        assertEquals(null, loop.getExceptionHandler());
        loop.close();
    }
}
