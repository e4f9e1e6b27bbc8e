package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Corner cases of cancellation, timeouts and synchronisation, each checked against what CPython 3.11.7 prints for the
 * same program (in the comment above each test).
 */
@org.junit.jupiter.api.Timeout(60)   // a lost wake-up hangs the loop rather than failing
class TaskEdgeCasesTest {

    // ---- helpers ----

    @Async
    static <T> Coroutine<T> stubborn(T value, List<String> log) {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            log.add("child ignores");
        }
        return Coroutine.of(value);
    }

    @Async
    static Coroutine<Object> failsWhenCancelled() {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            throw new IllegalArgumentException("boom");
        }
        return Coroutine.of(null);
    }

    // ---- gather(returnExceptions) cancelled while its last child does not end cancelled ----

    @Async
    static Coroutine<List<String>> gatherCancelledChildNotCancelled() {
        List<String> log = new ArrayList<>();
        List<Function<List<String>, Coroutine<?>>> makers = List.of(
                l -> stubborn("hello", l), l -> stubborn(42, l), l -> failsWhenCancelled());
        for (Function<List<String>, Coroutine<?>> mk : makers) {
            Future<List<Object>> g = Asyncio.gather(true, mk.apply(log));
            Await.on(Asyncio.sleep(0));
            g.cancel("m");
            try {
                log.add("result " + Await.on(g));
            } catch (CancelledError e) {
                log.add("cancelled " + e.getMessage());
            }
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     *   g = gather(child(), return_exceptions=True); await sleep(0); g.cancel("m")
     *   the child catches the CancelledError and returns "hello" / returns 42 / raises ValueError
     *   -> await g raises CancelledError() (no args: _make_cancelled_error of a future that was not cancelled)
     * prints ['child ignores', 'cancelled ()', 'child ignores', 'cancelled ()', 'cancelled ()']
     */
    @Test
    void gatherCancelledWhileItsLastChildFinishesOrFailsRaisesAPlainCancelledError() {
        assertEquals(List.of("child ignores", "cancelled null", "child ignores", "cancelled null", "cancelled null"),
                VirtualTime.run(gatherCancelledChildNotCancelled()));
    }

    // ---- waitFor with a timeout of 0 or less, and an inner that ignores the timeout's cancellation ----

    @Async
    static Coroutine<String> val(String v) {
        Await.on(Asyncio.sleep(0.01));
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<String> ignoresCancel() {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            return Coroutine.of("ignored");
        }
        return Coroutine.of("slept");
    }

    @Async
    static Coroutine<List<String>> waitForZero() {
        List<String> log = new ArrayList<>();
        for (double t : new double[] {0, -1}) {
            try {
                log.add(Await.on(Asyncio.waitFor(val("x"), t)));
            } catch (TimeoutError e) {
                log.add("timeout " + (int) t);
            }
        }
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        f.setResult("done");
        log.add(Await.on(Asyncio.waitFor(f, 0)));
        log.add(Await.on(Asyncio.waitFor(ignoresCancel(), 0.1)));
        try {
            log.add(Await.on(Asyncio.waitFor(ignoresCancel(), 0)));
        } catch (TimeoutError e) {
            log.add("stub timeout 0");
        }
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ['timeout 0', 'timeout -1', 'done', 'ignored', 'stub timeout 0'] */
    @Test
    void waitForWithTimeoutZeroOrNegative() {
        assertEquals(List.of("timeout 0", "timeout -1", "done", "ignored", "stub timeout 0"),
                VirtualTime.run(waitForZero()));
    }

    // ---- a cancellation with a message through a task awaiting a task ----

    @Async
    static Coroutine<Void> awaitsTask(Task<?> t2, List<String> log) {
        try {
            Await.on(t2);
        } catch (CancelledError e) {
            log.add("t1 got " + e.getMessage());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> cancelChain() {
        List<String> log = new ArrayList<>();
        Task<Void> t2 = Asyncio.createTask(Asyncio.sleep(5));
        Task<Void> t1 = Asyncio.createTask(awaitsTask(t2, log));
        Await.on(Asyncio.sleep(0));
        t1.cancel("x");
        try {
            Await.on(t1);
        } catch (CancelledError e) {
            log.add("await t1 " + e.getMessage());
        }
        try {
            Await.on(t1);
        } catch (CancelledError e) {
            log.add("await t1 again " + e.getMessage());
        }
        try {
            t2.result();
        } catch (CancelledError e) {
            log.add("t2 " + e.getMessage());
        }
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ["t1 got ('x',)", "await t1 ('x',)", 'await t1 again ()', 't2 ()'] */
    @Test
    void cancelMessageThroughAnAwaitedTask() {
        assertEquals(List.of("t1 got x", "await t1 x", "await t1 again null", "t2 null"),
                VirtualTime.run(cancelChain()));
    }

    // ---- cancel twice: while sleeping, and before the first step ----

    @Async
    static Coroutine<Void> sleepLogged(List<String> log) {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            log.add("got " + e.getMessage() + " cancelling=" + Asyncio.currentTask().cancelling());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> cancelTwice() {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(sleepLogged(log));
        Await.on(Asyncio.sleep(0));
        log.add(String.valueOf(t.cancel("first")));
        log.add(String.valueOf(t.cancel("second")));
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("await " + e.getMessage());
        }
        t = Asyncio.createTask(sleepLogged(log));
        log.add(String.valueOf(t.cancel("a")));
        log.add(String.valueOf(t.cancel("b")));
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("before start " + e.getMessage());
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * [True, True, "got ('first',) cancelling=2", "await ('first',)", True, True, "before start ('b',)"]
     */
    @Test
    void cancelTwiceKeepsTheFirstMessageWhileWaitingAndTheLastBeforeStart() {
        assertEquals(List.of("true", "true", "got first cancelling=2", "await first", "true", "true",
                "before start b"), VirtualTime.run(cancelTwice()));
    }

    // ---- uncancel, and a cancellation after the awaited future finished ----

    @Async
    static Coroutine<String> uncancelsAndGoesOn(List<String> log) {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            log.add("caught " + Asyncio.currentTask().cancelling());
            log.add("uncancel " + Asyncio.currentTask().uncancel());
        }
        Await.on(Asyncio.sleep(1));
        log.add("slept again");
        return Coroutine.of("ok");
    }

    @Async
    static Coroutine<Void> awaitsFuture(Future<Integer> f, List<String> log) {
        try {
            Integer r = Await.on(f);
            log.add("got " + r);
        } catch (CancelledError e) {
            log.add("late cancel " + e.getMessage());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> uncancelAndLateCancel() {
        List<String> log = new ArrayList<>();
        Task<String> t = Asyncio.createTask(uncancelsAndGoesOn(log));
        Await.on(Asyncio.sleep(0));
        t.cancel();
        log.add(Await.on(t));
        Future<Integer> f = Asyncio.getRunningLoop().createFuture();
        Task<Void> t2 = Asyncio.createTask(awaitsFuture(f, log));
        Await.on(Asyncio.sleep(0));
        f.setResult(1);
        t2.cancel("late");
        try {
            Await.on(t2);
        } catch (CancelledError e) {
            log.add("t " + e.getMessage());
        }
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ['caught 1', 'uncancel 0', 'slept again', 'ok', "late cancel ('late',)", "t ('late',)"] */
    @Test
    void uncancelThenSleepAgainAndCancelAfterTheFutureFinished() {
        assertEquals(List.of("caught 1", "uncancel 0", "slept again", "ok", "late cancel late", "t late"),
                VirtualTime.run(uncancelAndLateCancel()));
    }

    // ---- nested timeouts ----

    @Async
    static Coroutine<List<String>> nestedTimeouts() {
        List<String> log = new ArrayList<>();
        try (Timeout outer = Asyncio.timeout(1)) {
            try (Timeout inner = Asyncio.timeout(1)) {
                Await.on(Asyncio.sleep(2));
            } catch (TimeoutError e) {
                log.add("inner timeout");
            } catch (CancelledError e) {
                log.add("inner cancelled");
                throw e;
            }
        } catch (TimeoutError e) {
            log.add("outer timeout");
        }
        log.add("cancelling " + Asyncio.currentTask().cancelling());
        try (Timeout outer = Asyncio.timeout(2)) {
            try (Timeout inner = Asyncio.timeout(1)) {
                Await.on(Asyncio.sleep(3));
            } catch (TimeoutError e) {
                log.add("inner2 timeout");
            }
            Await.on(Asyncio.sleep(3));
        } catch (TimeoutError e) {
            log.add("outer2 timeout");
        }
        log.add("cancelling " + Asyncio.currentTask().cancelling());
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (async with timeout(1): async with timeout(1): await sleep(2); then timeout(2) around
     * timeout(1)):
     * ['inner cancelled', 'outer timeout', 'cancelling 0', 'inner2 timeout', 'outer2 timeout', 'cancelling 0']
     */
    @Test
    void nestedTimeoutsWithTheSameDeadlineGoToTheOuterOne() {
        assertEquals(List.of("inner cancelled", "outer timeout", "cancelling 0", "inner2 timeout", "outer2 timeout",
                "cancelling 0"), VirtualTime.run(nestedTimeouts()));
    }

    // ---- a timeout that expires while the task handles another cancellation ----

    @Async
    static Coroutine<Void> timeoutBody(List<String> log, String p, double cleanup) {
        try (Timeout t = Asyncio.timeout(0.5)) {
            try {
                Await.on(Asyncio.sleep(1));
            } catch (CancelledError e) {
                log.add(p + "caught cancelling=" + Asyncio.currentTask().cancelling());
                Await.on(Asyncio.sleep(cleanup));
                log.add(p + "after cleanup sleep");
            }
        } catch (TimeoutError e) {
            log.add(p + "timeout");
        } catch (CancelledError e) {
            log.add(p + "cancelled cancelling=" + Asyncio.currentTask().cancelling());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> timeoutDuringCancelHandling() {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(timeoutBody(log, "", 1));
        Await.on(Asyncio.sleep(0.1));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t cancelled");
        }
        t = Asyncio.createTask(timeoutBody(log, "b2 ", 0.2));
        Await.on(Asyncio.sleep(0.6));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t2 cancelled");
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['caught cancelling=1', 'cancelled cancelling=1', 't cancelled',
     *  'b2 caught cancelling=1', 'b2 cancelled cancelling=1', 't2 cancelled']
     */
    @Test
    void timeoutExpiringWhileAnotherCancellationIsHandled() {
        assertEquals(List.of("caught cancelling=1", "cancelled cancelling=1", "t cancelled",
                "b2 caught cancelling=1", "b2 cancelled cancelling=1", "t2 cancelled"),
                VirtualTime.run(timeoutDuringCancelHandling()));
    }
}
