package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** waitFor, wait, asCompleted, shield, toThread, timeout, gather, runCoroutineThreadsafe: CPython 3.11's order of events. */
class AsyncioFunctionsTest {
    private final List<String> log = new ArrayList<>();

    private void log(String what) {
        log.add(String.format(Locale.ROOT, "%.2f %s", Asyncio.getRunningLoop().time(), what));
    }

    @Async
    Coroutine<String> worker(String name, double seconds) {
        log(name + " start");
        try {
            Await.on(Asyncio.sleep(seconds));
        } catch (CancelledError e) {
            log(name + " cancelled");
            throw e;
        } finally {
            log(name + " finally");
        }
        log(name + " end");
        return Coroutine.of(name);
    }

    @Async
    Coroutine<String> swallowsCancel() {
        try {
            Await.on(Asyncio.sleep(10));
        } catch (CancelledError e) {
            log("swallowed");
            return Coroutine.of("Cancelled");
        }
        return Coroutine.of("not reached");
    }

    @Async
    Coroutine<Void> failsAfter(double seconds, String msg) {
        Await.on(Asyncio.sleep(seconds));
        throw new IllegalArgumentException(msg);
    }

    // ---- waitFor ----

    @Async
    Coroutine<Void> waitForTimesOut() {
        try {
            Await.on(Asyncio.waitFor(worker("w", 5), 1));
        } catch (TimeoutError e) {
            log("TimeoutError, cause " + e.getCause().getClass().getSimpleName());
        }
        return Coroutine.done();
    }

    @Test
    void waitForCancelsAndAwaitsTheInnerTaskThenThrowsTimeoutError() {
        VirtualTime.run(waitForTimesOut());
        assertEquals(List.of("0.00 w start", "1.00 w cancelled", "1.00 w finally",
                "1.00 TimeoutError, cause CancelledError"), log);
    }

    @Async
    Coroutine<String> waitForSwallowed() {
        return Coroutine.of(Await.on(Asyncio.waitFor(swallowsCancel(), 1)));
    }

    @Test
    void waitForReturnsTheValueOfAnInnerTaskThatSwallowedTheCancellation() {
        assertEquals("Cancelled", VirtualTime.run(waitForSwallowed()));
        assertEquals(List.of("1.00 swallowed"), log);
    }

    @Async
    Coroutine<String> waitForInTime() {
        String r = Await.on(Asyncio.waitFor(worker("w", 1), 5));
        Await.on(Asyncio.sleep(10));
        log("after, " + Asyncio.getRunningLoop().time());
        return Coroutine.of(r);
    }

    @Test
    void waitForInTimeReturnsTheResult() {
        assertEquals("w", VirtualTime.run(waitForInTime()));
        assertEquals(List.of("0.00 w start", "1.00 w finally", "1.00 w end", "11.00 after, 11.0"), log);
    }

    @Async
    Coroutine<String> waitForZero() {
        Future<String> done = Asyncio.getRunningLoop().createFuture();
        done.setResult("ready");
        String r = Await.on(Asyncio.waitFor(done, 0));
        try {
            Await.on(Asyncio.waitFor(worker("z", 1), 0));
        } catch (TimeoutError e) {
            log("zero timeout");
        }
        return Coroutine.of(r);
    }

    @Test
    void waitForWithZeroTimeoutTakesOnlyWhatIsDone() {
        assertEquals("ready", VirtualTime.run(waitForZero()));
        // As in CPython: the task is cancelled before its first step, so its body never runs.
        assertEquals(List.of("0.00 zero timeout"), log);
    }

    @Async
    Coroutine<Void> outerCancelled() {
        Task<String> outer = Asyncio.createTask(Asyncio.waitFor(worker("inner", 5), 10));
        Await.on(Asyncio.sleep(1));
        outer.cancel();
        try {
            Await.on(outer);
        } catch (CancelledError e) {
            log("outer cancelled " + outer.isCancelled());
        }
        return Coroutine.done();
    }

    @Test
    void cancellingWaitForCancelsTheInnerTask() {
        VirtualTime.run(outerCancelled());
        assertEquals(List.of("0.00 inner start", "1.00 inner cancelled", "1.00 inner finally",
                "1.00 outer cancelled true"), log);
    }

    // ---- wait ----

    @Async
    Coroutine<String> waitModes() {
        Task<String> a = Asyncio.createTask(worker("a", 1), "a");
        Task<String> b = Asyncio.createTask(worker("b", 3), "b");
        Task<Void> c = Asyncio.createTask(failsAfter(2, "c failed"), "c");
        WaitResult<Object> first = Await.on(Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_COMPLETED));
        String s1 = names(first);
        WaitResult<Object> exc = Await.on(Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION));
        String s2 = names(exc);
        WaitResult<Object> timedOut = Await.on(Asyncio.wait(List.of(b), 0.5));
        String s3 = names(timedOut);
        WaitResult<Object> all = Await.on(Asyncio.wait(List.of(a, b, c)));
        return Coroutine.of(s1 + " | " + s2 + " | " + s3 + " | " + names(all) + " | " + c.exception().getMessage());
    }

    private static String names(WaitResult<?> r) {
        StringBuilder sb = new StringBuilder("done=");
        r.done().forEach(f -> sb.append(((Task<?>) f).getName()));
        sb.append(" pending=");
        r.pending().forEach(f -> sb.append(((Task<?>) f).getName()));
        return sb.toString();
    }

    @Test
    void waitReturnsWhenAskedAndCancelsNothing() {
        assertEquals("done=a pending=bc | done=ac pending=b | done= pending=b | done=abc pending= | c failed",
                VirtualTime.run(waitModes()));
    }

    @Async
    Coroutine<Void> waitEmpty() {
        Await.on(Asyncio.wait(List.<Future<String>>of()));
        return Coroutine.done();
    }

    @Test
    void waitOnNothingIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualTime.run(waitEmpty()));
        assertEquals("Set of Tasks/Futures is empty.", e.getMessage());
    }

    // ---- asCompleted ----

    @Async
    Coroutine<List<String>> completedInOrder() {
        List<String> got = new ArrayList<>();
        for (Coroutine<String> next : Asyncio.asCompleted(List.of(worker("slow", 3), worker("fast", 1), worker("mid", 2)))) {
            got.add(Await.on(next));
        }
        return Coroutine.of(got);
    }

    @Test
    void asCompletedYieldsInCompletionOrder() {
        assertEquals(List.of("fast", "mid", "slow"), VirtualTime.run(completedInOrder()));
    }

    @Async
    Coroutine<List<String>> completedWithTimeout() {
        List<String> got = new ArrayList<>();
        for (Coroutine<String> next : Asyncio.asCompleted(List.of(worker("slow", 3), worker("fast", 1)), 2)) {
            try {
                got.add(Await.on(next));
            } catch (TimeoutError e) {
                got.add("timeout at " + Asyncio.getRunningLoop().time());
            }
        }
        return Coroutine.of(got);
    }

    @Test
    void asCompletedTimesOutTheRest() {
        assertEquals(List.of("fast", "timeout at 2.0"), VirtualTime.run(completedWithTimeout()));
    }

    // ---- shield ----

    @Async
    Coroutine<String> shielded() {
        Task<String> inner = Asyncio.createTask(worker("inner", 2));
        Task<String> outer = Asyncio.createTask(awaitShield(inner));
        Await.on(Asyncio.sleep(1));
        outer.cancel();
        try {
            Await.on(outer);
        } catch (CancelledError e) {
            log("outer cancelled");
        }
        String r = Await.on(inner);
        return Coroutine.of(r + " " + inner.isCancelled());
    }

    @Async
    Coroutine<String> awaitShield(Task<String> inner) {
        return Coroutine.of(Await.on(Asyncio.shield(inner)));
    }

    @Test
    void shieldKeepsTheInnerTaskRunning() {
        assertEquals("inner false", VirtualTime.run(shielded()));
        assertEquals(List.of("0.00 inner start", "1.00 outer cancelled", "2.00 inner finally", "2.00 inner end"), log);
    }

    // ---- toThread ----

    @Async
    Coroutine<String> onAThread() {
        String loopThread = Thread.currentThread().getName();
        String worker = Await.on(Asyncio.toThread(() -> Thread.currentThread().getName()));
        try {
            Await.on(Asyncio.toThread(() -> {
                throw new java.io.IOException("disk");
            }));
        } catch (Exception e) {
            log("caught " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return Coroutine.of(loopThread.equals(worker) ? "same thread" : "other thread, back on " + Thread.currentThread().getName());
    }

    @Test
    void toThreadRunsElsewhereAndRethrowsTheOriginalException() {
        assertEquals("other thread, back on " + Thread.currentThread().getName(), Asyncio.run(onAThread()));
        assertEquals(1, log.size());
        assertEquals("caught IOException disk", log.get(0).substring(5));
    }

    // ---- timeout ----

    @Async
    Coroutine<String> timeouts() {
        String fast = Await.on(Asyncio.timeout(5, worker("fast", 1)));
        try {
            Await.on(Asyncio.timeout(1, worker("slow", 5)));
        } catch (TimeoutError e) {
            log("slow timed out");
        }
        try {
            Await.on(Asyncio.timeout(0, worker("zero", 1)));
        } catch (TimeoutError e) {
            log("zero timed out");
        }
        int cancelling = Asyncio.currentTask().cancelling();
        return Coroutine.of(fast + " " + cancelling);
    }

    @Test
    void timeoutTurnsItsOwnCancellationIntoTimeoutError() {
        assertEquals("fast 0", VirtualTime.run(timeouts()));
        assertEquals(List.of("0.00 fast start", "1.00 fast finally", "1.00 fast end",
                "1.00 slow start", "2.00 slow cancelled", "2.00 slow finally", "2.00 slow timed out",
                "2.00 zero start", "2.00 zero cancelled", "2.00 zero finally", "2.00 zero timed out"), log);
    }

    @Async
    Coroutine<Void> timeoutThenOutsideCancel() {
        Task<String> t = Asyncio.createTask(Asyncio.timeout(10, worker("w", 5)));
        Await.on(Asyncio.sleep(1));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log("cancelled from outside, not a timeout");
        }
        return Coroutine.done();
    }

    @Test
    void aCancellationFromOutsideStaysACancellation() {
        VirtualTime.run(timeoutThenOutsideCancel());
        assertEquals(List.of("0.00 w start", "1.00 w cancelled", "1.00 w finally",
                "1.00 cancelled from outside, not a timeout"), log);
    }

    // ---- gather ----

    @Async
    Coroutine<String> gatherVariants() {
        List<Object> ok = Await.on(Asyncio.gather(worker("a", 2), worker("b", 1)));
        List<Object> withErrors = Await.on(Asyncio.gather(true, worker("c", 1), failsAfter(1, "boom")));
        String first;
        try {
            Await.on(Asyncio.gather(failsAfter(1, "first"), worker("d", 2)));
            first = "no";
        } catch (IllegalArgumentException e) {
            first = e.getMessage();
        }
        Await.on(Asyncio.sleep(2));
        return Coroutine.of(ok + " " + withErrors.get(0) + " " + ((Throwable) withErrors.get(1)).getMessage() + " " + first);
    }

    @Test
    void gatherCollectsInArgumentOrderAndTheFirstErrorPropagatesWhileSiblingsRun() {
        assertEquals("[a, b] c boom first", VirtualTime.run(gatherVariants()));
        assertEquals(List.of("0.00 a start", "0.00 b start", "1.00 b finally", "1.00 b end", "2.00 a finally",
                "2.00 a end", "2.00 c start", "3.00 c finally", "3.00 c end", "3.00 d start", "5.00 d finally",
                "5.00 d end"), log);
    }

    @Async
    Coroutine<String> gatherCancelled() {
        Future<List<Object>> g = Asyncio.gather(worker("x", 5), worker("y", 5));
        Await.on(Asyncio.sleep(1));
        boolean cancelled = g.cancel();
        try {
            Await.on(g);
            return Coroutine.of("no");
        } catch (CancelledError e) {
            return Coroutine.of("gather cancelled " + cancelled);
        }
    }

    @Test
    void cancellingGatherCancelsItsChildren() {
        assertEquals("gather cancelled true", VirtualTime.run(gatherCancelled()));
        assertEquals(List.of("0.00 x start", "0.00 y start", "1.00 x cancelled", "1.00 x finally",
                "1.00 y cancelled", "1.00 y finally"), log);
    }

    // ---- runCoroutineThreadsafe ----

    @Async
    Coroutine<String> serve(Future<Void> stop) {
        Await.on(stop);
        return Coroutine.of("served");
    }

    @Test
    void runCoroutineThreadsafeFromAnotherThread() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        Future<Void> stop = loop.createFuture();
        CompletableFuture<String> fromThread = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                CompletableFuture<String> r = Asyncio.runCoroutineThreadsafe(worker("remote", 0.01), loop);
                fromThread.complete(r.get());
                CompletableFuture<Void> failing = Asyncio.runCoroutineThreadsafe(failsAfter(0, "remote boom"), loop);
                try {
                    failing.get();
                } catch (ExecutionException e) {
                    fromThread.obtrudeValue(fromThread.get() + " / " + e.getCause().getMessage());
                }
                loop.callSoonThreadsafe(() -> stop.setResult(null));
            } catch (Exception e) {
                fromThread.completeExceptionally(e);
            }
        });
        t.start();
        assertEquals("served", loop.runUntilComplete(serve(stop)));
        t.join();
        loop.close();
        assertEquals("remote / remote boom", fromThread.get());
        assertEquals(List.of("remote start", "remote finally", "remote end"),
                log.stream().map(l -> l.substring(5)).collect(java.util.stream.Collectors.toList()));
    }
}
