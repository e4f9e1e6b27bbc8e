package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.LoopProbe;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task and Future API details, the loop's timer purge, and the bridges to CompletableFuture. */
class TaskApiTest {

    @Async
    static Coroutine<String> napper(List<String> log) {
        try {
            Await.on(Asyncio.sleep(10));
        } catch (CancelledError e) {
            log.add("cancelled: " + e.getMessage());
            throw e;
        }
        return Coroutine.of("slept");
    }

    // ---- cancellation crosses the bridge to CompletionStage ----

    @Async
    static Coroutine<String> awaitsStage(CompletableFuture<String> cf, List<String> log) {
        try {
            return Coroutine.of(Await.on(cf));
        } catch (CancelledError e) {
            log.add("waiter cancelled");
            throw e;
        }
    }

    /*
     * Python 3.11.7 (concurrent.futures.Future for the stage, asyncio.wrap_future for the bridge):
     *   t = create_task(waiter(wrap_future(cf))); await sleep(0); t.cancel(); await t
     *   wait_for(wrap_future(cf2), 0.01) times out
     *   cf3.cancel() cancels wrap_future(cf3)
     * prints ['waiter cancelled', 't cancelled', 'cf cancelled True', 'timeout', 'cf2 cancelled True',
     *         'f3 cancelled True']
     */
    @Async
    static Coroutine<List<String>> stageCancellation() {
        List<String> log = new ArrayList<>();
        CompletableFuture<String> cf = new CompletableFuture<>();
        Task<String> t = Asyncio.createTask(awaitsStage(cf, log));
        Await.on(Asyncio.sleep(0));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t cancelled");
        }
        log.add("cf cancelled " + cf.isCancelled());
        CompletableFuture<String> cf2 = new CompletableFuture<>();
        try {
            Await.on(Asyncio.waitFor(cf2, 0.01));
        } catch (TimeoutError e) {
            log.add("timeout");
        }
        log.add("cf2 cancelled " + cf2.isCancelled());
        CompletableFuture<String> cf3 = new CompletableFuture<>();
        Future<String> f3 = Asyncio.wrapFuture(cf3);
        cf3.cancel(false);
        Await.on(Asyncio.sleep(0));
        log.add("f3 cancelled " + f3.isCancelled());
        // Shielded, the stage runs on when the awaiting task is cancelled.
        CompletableFuture<String> cf4 = new CompletableFuture<>();
        Task<String> s = Asyncio.createTask(shielded(cf4));
        Await.on(Asyncio.sleep(0));
        s.cancel();
        Await.on(Asyncio.gather(true, List.of(s)));
        log.add("shielded cf4 cancelled " + cf4.isCancelled());
        return Coroutine.of(log);
    }

    @Async
    static Coroutine<String> shielded(CompletableFuture<String> cf) {
        return Coroutine.of(Await.on(Asyncio.shield(cf)));
    }

    @Test
    void cancellingTheAwaitOfAStageCancelsTheStageAndACancelledStageCancelsTheAwait() {
        assertEquals(List.of("waiter cancelled", "t cancelled", "cf cancelled true", "timeout", "cf2 cancelled true",
                "f3 cancelled true", "shielded cf4 cancelled false"), Asyncio.run(stageCancellation()));
    }

    // ---- catch (Exception e) does not swallow a cancellation ----

    @Async
    static Coroutine<Void> catchesExceptions(List<String> log) {
        try {
            Await.on(Asyncio.sleep(10));
        } catch (Exception e) {
            log.add("swallowed " + e);
        } finally {
            log.add("finally");
        }
        log.add("after the try");
        return Coroutine.done();
    }

    /*
     * Python 3.11.7: `except Exception` around the await does not catch CancelledError (a BaseException):
     *   ['finally', 'cancelled'] True
     */
    @Async
    static Coroutine<String> cancelThroughCatchException() {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(catchesExceptions(log));
        Await.on(Asyncio.sleep(0));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("cancelled");
        }
        return Coroutine.of(log + " " + t.isCancelled());
    }

    @Test
    void catchExceptionAroundAnAwaitDoesNotSwallowACancellation() {
        assertEquals("[finally, cancelled] true", Asyncio.run(cancelThroughCatchException()));
    }

    // ---- the message of a task that ended cancelled ----

    @Async
    static Coroutine<Void> sleepsOn() {
        Await.on(Asyncio.sleep(10));
        return Coroutine.done();
    }

    /*
     * Python 3.11.7:
     *   t = create_task(catches_and_rethrows()); u = create_task(sleeps_on()); await sleep(0)
     *   t.cancel("shutdown"); u.cancel("shutdown")
     *   res = await gather(t, u, return_exceptions=True)      # [CancelledError(''), CancelledError('')]
     *   t.result(), u.result()                                 # CancelledError('shutdown') each: the saved error
     *   await t                                                # CancelledError(): no message from then on
     * prints: caught CancelledError('shutdown') / gather ["CancelledError('')", "CancelledError('')"] /
     *         t result CancelledError('shutdown') / u result CancelledError('shutdown') / await t CancelledError()
     * Task.__step ends such a task with super().cancel(), which has no message; the error the coroutine threw is
     * kept and raised once.
     */
    @Async
    static Coroutine<List<String>> cancelledTaskMessages() {
        List<String> log = new ArrayList<>();
        Task<?> t = Asyncio.createTask(napper(log));   // catches its CancelledError, logs it, rethrows it
        Task<?> u = Asyncio.createTask(sleepsOn());
        Await.on(Asyncio.sleep(0));
        t.cancel("shutdown");
        u.cancel("shutdown");
        List<Object> res = Await.on(Asyncio.gather(true, t, u));
        for (Object r : res) {
            log.add("gather " + r.getClass().getSimpleName() + "('" + ((Throwable) r).getMessage() + "')");
        }
        for (Task<?> x : List.of(t, u)) {
            try {
                x.result();
            } catch (CancelledError e) {
                log.add("result " + e.getMessage());
            }
        }
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("await t " + e.getMessage());
        }
        return Coroutine.of(log);
    }

    @Test
    void aTaskEndedByItsCancelledErrorKeepsTheMessageOnlyInThatErrorRaisedOnce() {
        assertEquals(List.of("cancelled: shutdown", "gather CancelledError('')", "gather CancelledError('')",
                "result shutdown", "result shutdown", "await t null"), Asyncio.run(cancelledTaskMessages()));
    }

    @Async
    static Coroutine<String> cancellingCounts() {
        List<String> log = new ArrayList<>();
        Task<String> t = Asyncio.createTask(napper(log), "napper");
        Await.on(Asyncio.sleep(0));
        boolean first = t.cancel("first");
        boolean second = t.cancel("second");
        int requested = t.cancelling();
        int afterUncancel = t.uncancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("awaiter got: " + e.getMessage());
        }
        boolean again = t.cancel();
        return Coroutine.of(first + " " + second + " " + requested + " " + afterUncancel + " " + again + " "
                + t.getName() + " " + log);
    }

    @Test
    void cancellingAndUncancelCount() {
        // Python: the first cancel() cancels the awaited future with its message; the second only counts.
        assertEquals("true true 2 1 false napper [cancelled: first, awaiter got: first]",
                VirtualTime.run(cancellingCounts()));
    }

    @Async
    static Coroutine<String> currentAndAll() {
        Task<?> me = Asyncio.currentTask();
        Task<String> other = Asyncio.createTask(napper(new ArrayList<>()), "other");
        List<String> names = new ArrayList<>();
        for (Task<?> t : Asyncio.allTasks()) {
            names.add(t.getName());
        }
        other.cancel();
        Await.on(Asyncio.gather(true, other));
        int after = Asyncio.allTasks().size();
        me.setName("main");
        return Coroutine.of(me.getName() + " " + names + " " + after + " " + (Asyncio.currentTask() == me));
    }

    @Test
    void currentTaskAndAllTasks() {
        String r = VirtualTime.run(currentAndAll());
        assertTrue(r.matches("main \\[Task-\\d+, other] 1 true"), r);
    }

    @Async
    static Coroutine<String> names() {
        Task<?> first = Asyncio.createTask(napper(new ArrayList<>()));
        Task<?> named = Asyncio.createTask(napper(new ArrayList<>()), "named");
        Task<?> third = Asyncio.createTask(napper(new ArrayList<>()));
        int n = Integer.parseInt(first.getName().substring("Task-".length()));
        String r = named.getName() + " " + (third.getName().equals("Task-" + (n + 1)) ? "next number" : third.getName());
        for (Task<?> t : List.of(first, named, third)) {
            t.cancel();
        }
        Await.on(Asyncio.gather(true, first, named, third));
        return Coroutine.of(r);
    }

    @Test
    void onlyATaskWithoutANameTakesANumber() {
        // Python: Task-N counts the tasks created without a name.
        assertEquals("named next number", VirtualTime.run(names()));
    }

    @Async
    static Coroutine<String> bridges() {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<String> f = loop.createFuture();
        assertSame(f, Asyncio.ensureFuture(f));
        Future<String> asTask = Asyncio.ensureFuture(napperQuick());
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> wrapped = Asyncio.wrapFuture(cf);
        new Thread(() -> cf.complete("from a thread")).start();
        String fromThread = Await.on(wrapped);
        CompletableFuture<String> out = asTask.toCompletableFuture();
        String r = Await.on(asTask);
        return Coroutine.of(fromThread + " / " + r + " / " + out.getNow("not yet") + " / " + (asTask instanceof Task));
    }

    @Async
    static Coroutine<String> napperQuick() {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of("quick");
    }

    @Test
    void ensureFutureWrapFutureAndToCompletableFuture() throws Exception {
        assertEquals("from a thread / quick / not yet / true", Asyncio.run(bridges()));
        // toCompletableFuture completes through a done callback, one loop pass after the task.
        EventLoop loop = Asyncio.newEventLoop();
        Task<String> t = loop.createTask(napperQuick());
        CompletableFuture<String> cf = t.toCompletableFuture();
        loop.runUntilComplete(t);
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals("quick", cf.get(1, TimeUnit.SECONDS));
        // Python: ensure_future(fut) returns a future of another loop as it is (only loop=... checks it).
        Future<String> other = loop.createFuture();
        assertSame(other, Asyncio.run(ensure(other)));
        loop.close();
    }

    @Test
    void aCompletableFutureOfALoopClosedSinceCancelsQuietly() {
        EventLoop loop = Asyncio.newEventLoop();
        Future<String> f = loop.createFuture();
        CompletableFuture<String> cf = f.toCompletableFuture();
        loop.close();
        assertTrue(cf.cancel(false));
        assertTrue(cf.isCancelled());
        assertFalse(f.isDone(), "nothing runs on a closed loop");
    }

    @Test
    void setEventLoopRefusesALoopWeftDidNotMake() {
        EventLoop foreign = (EventLoop) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EventLoop.class}, (proxy, method, args) -> method.getName().equals("toString")
                        ? "<foreign loop>" : null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Asyncio.setEventLoop(foreign));
        assertEquals("<foreign loop> is not a loop Weft made: make it with Asyncio.newEventLoop() or"
                + " EventLoopPolicy.DEFAULT.newEventLoop()", e.getMessage());
    }

    @Async
    static Coroutine<Future<String>> ensure(Future<String> f) {
        return Coroutine.of(Asyncio.ensureFuture(f));
    }

    /** More than half of over 100 timers cancelled: the heap is rebuilt without them (Python's rule). */
    @Test
    void cancelledTimersArePurged() {
        EventLoop loop = VirtualTime.newLoop();
        List<TimerHandle> timers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            timers.add(loop.callLater(100 + i, () -> { }));
        }
        for (int i = 0; i < 600; i++) {
            timers.get(i * 1000 / 600).cancel();
        }
        assertEquals(1000, LoopProbe.pendingCallbacks(loop));
        LoopProbe.runOnce(loop);
        // The 600 cancelled timers are gone; the pass also ran the first live one (the clock jumped to it).
        assertEquals(399, LoopProbe.pendingCallbacks(loop));
        for (int i = 0; i < 50; i++) {
            timers.get(999 - i * 2).cancel();
        }
        LoopProbe.runOnce(loop);
        assertFalse(LoopProbe.pendingCallbacks(loop) < 350, "fewer than half cancelled: only the head is pruned");
        loop.close();
    }
}
