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

    @Async
    static Coroutine<List<String>> gatherCancelledChildrenNotCancelled() {
        List<String> log = new ArrayList<>();
        List<Function<List<String>, Coroutine<?>>> makers = List.of(
                l -> stubborn("hello", l), l -> stubborn(42, l), l -> failsWhenCancelled());
        for (Function<List<String>, Coroutine<?>> mk : makers) {
            Future<List<Object>> g = Asyncio.gather(false, mk.apply(log), mk.apply(log));
            Await.on(Asyncio.sleep(0));
            g.cancel("m");
            try {
                log.add("result " + Await.on(g));
            } catch (CancelledError e) {
                log.add("cancelled " + e.getMessage());
            } catch (IllegalArgumentException e) {
                log.add("ValueError " + e.getMessage());
            }
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (as above with two children and return_exceptions=False: the failure wins at once):
     * ['child ignores', 'child ignores', 'cancelled ()', 'child ignores', 'child ignores', 'cancelled ()',
     *  'ValueError boom']
     */
    @Test
    void gatherCancelledWhileAllItsChildrenFinishRaisesAPlainCancelledError() {
        assertEquals(List.of("child ignores", "child ignores", "cancelled null", "child ignores", "child ignores",
                "cancelled null", "ValueError boom"), VirtualTime.run(gatherCancelledChildrenNotCancelled()));
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

    // ---- TaskGroup: body and child fail together, parent cancelled from outside (also while aborting),
    //      createTask after exit ----

    @Async
    static <T> Coroutine<T> valAfter(T v, double d) {
        Await.on(Asyncio.sleep(d));
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Object> failAfter(String msg, double d) {
        Await.on(Asyncio.sleep(d));
        throw new IllegalArgumentException(msg);
    }

    @Async
    static Coroutine<Void> groupParent(List<String> log) {
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(valAfter("a", 1));
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            log.add("parent cancelled cancelling=" + Asyncio.currentTask().cancelling());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> slowCleanup(List<String> log) {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            Await.on(Asyncio.sleep(0.5));
            log.add("cleanup done");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> groupParent2(List<String> log) {
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(slowCleanup(log));
            tg.createTask(failAfter("x", 0.1));
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            log.add("parent2 cancelled");
            throw e;
        } catch (ExceptionGroup eg) {
            log.add("parent2 eg " + eg.exceptions().size() + " cancelling=" + Asyncio.currentTask().cancelling());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> taskGroupCases() {
        List<String> log = new ArrayList<>();
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(failAfter("child", 0.1));
            Await.on(Asyncio.sleep(0.1));
            throw new IllegalArgumentException("body");
        } catch (ExceptionGroup eg) {
            StringBuilder sb = new StringBuilder("eg ");
            for (Throwable e : eg.exceptions()) {
                sb.append(sb.length() > 3 ? "," : "").append(e.getMessage());
            }
            log.add(sb.toString());
        }
        Task<Void> t = Asyncio.createTask(groupParent(log));
        Await.on(Asyncio.sleep(0.1));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t cancelled");
        }
        t = Asyncio.createTask(groupParent2(log));
        Await.on(Asyncio.sleep(0.2));
        t.cancel();
        try {
            Await.on(t);
            log.add("t2 done");
        } catch (CancelledError e) {
            log.add("t2 cancelled");
        }
        TaskGroup tg = new TaskGroup();
        try (tg) {
            tg.createTask(valAfter(1, 0));
        }
        try {
            tg.createTask(valAfter(2, 0));
        } catch (IllegalStateException e) {
            log.add("after exit: " + e.getMessage().replace(tg.toString(), "TG"));
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['eg body', 'parent cancelled cancelling=1', 't cancelled', 'cleanup done', 'parent2 eg 1 cancelling=1',
     *  't2 done', 'after exit: TaskGroup TG is finished']
     */
    @Test
    void taskGroupFailuresCancellationsAndCreateTaskAfterExit() {
        assertEquals(List.of("eg body", "parent cancelled cancelling=1", "t cancelled", "cleanup done",
                "parent2 eg 1 cancelling=1", "t2 done", "after exit: TaskGroup TG is finished"),
                VirtualTime.run(taskGroupCases()));
    }

    // ---- wait: FIRST_EXCEPTION with no exception, a cancelled future, timeouts 0 and short ----

    @Async
    static Coroutine<List<String>> waitCases() {
        List<String> log = new ArrayList<>();
        double start = Asyncio.getRunningLoop().time();
        List<Task<Object>> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ts.add(Asyncio.createTask(valAfter(i, 0.1 * (i + 1))));
        }
        WaitResult<Object> r = Await.on(Asyncio.wait(ts, ReturnWhen.FIRST_EXCEPTION));
        log.add("first_exc none: done=" + r.done().size() + " pending=" + r.pending().size() + " t="
                + String.format(java.util.Locale.ROOT, "%.1f", Asyncio.getRunningLoop().time() - start));
        ts = List.of(Asyncio.createTask(valAfter(1, 0.1)), Asyncio.createTask(failAfter("f", 0.2)),
                Asyncio.createTask(valAfter(3, 0.5)));
        r = Await.on(Asyncio.wait(ts, ReturnWhen.FIRST_EXCEPTION));
        log.add("first_exc: done=" + r.done().size() + " pending=" + r.pending().size());
        for (Future<Object> f : r.pending()) {
            f.cancel();
        }
        ts = List.of(Asyncio.createTask(valAfter(1, 0.1)), Asyncio.createTask(valAfter(2, 0.3)));
        ts.get(0).cancel();
        r = Await.on(Asyncio.wait(ts, ReturnWhen.FIRST_EXCEPTION));
        log.add("cancelled first: done=" + r.done().size() + " pending=" + r.pending().size());
        ts = List.of(Asyncio.createTask(valAfter(1, 0.1)), Asyncio.createTask(valAfter(2, 0.3)));
        r = Await.on(Asyncio.wait(ts, 0));
        log.add("timeout 0: done=" + r.done().size() + " pending=" + r.pending().size());
        r = Await.on(Asyncio.wait(ts, 0.2));
        log.add("timeout 0.2: done=" + r.done().size() + " pending=" + r.pending().size());
        Await.on(Asyncio.sleep(1));
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (time printed relative to the start here):
     * ['first_exc none: done=3 pending=0 t=0.3', 'first_exc: done=2 pending=1', 'cancelled first: done=2 pending=0',
     *  'timeout 0: done=0 pending=2', 'timeout 0.2: done=1 pending=1']
     */
    @Test
    void waitFirstExceptionWithoutAnExceptionWaitsForAll() {
        assertEquals(List.of("first_exc none: done=3 pending=0 t=0.3", "first_exc: done=2 pending=1",
                "cancelled first: done=2 pending=0", "timeout 0: done=0 pending=2", "timeout 0.2: done=1 pending=1"),
                VirtualTime.run(waitCases()));
    }

    // ---- asCompleted with a timeout ----

    @Async
    static Coroutine<List<String>> asCompletedCases() {
        List<String> log = new ArrayList<>();
        for (Coroutine<Object> c : Asyncio.asCompleted(
                List.of(valAfter("slow", 1), valAfter("fast", 0.1), failAfter("f", 0.2)), 0.5)) {
            try {
                log.add(String.valueOf(Await.on(c)));
            } catch (TimeoutError e) {
                log.add("timeout");
            } catch (IllegalArgumentException e) {
                log.add("error " + e.getMessage());
            }
        }
        Await.on(Asyncio.sleep(1));
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ['fast', 'error f', 'timeout'] */
    @Test
    void asCompletedYieldsInOrderThenTimesOut() {
        assertEquals(List.of("fast", "error f", "timeout"), VirtualTime.run(asCompletedCases()));
    }

    // ---- shield ----

    @Async
    static Coroutine<Void> awaitsShielded(Task<Object> inner, List<String> log) {
        try {
            Await.on(Asyncio.shield(inner));
        } catch (CancelledError e) {
            log.add("outer cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> shieldCases() {
        List<String> log = new ArrayList<>();
        Task<Object> inner = Asyncio.createTask(failAfter("inner", 0.2));
        Task<Void> t = Asyncio.createTask(awaitsShielded(inner, log));
        Await.on(Asyncio.sleep(0.1));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t cancelled");
        }
        try {
            Await.on(inner);
        } catch (IllegalArgumentException e) {
            log.add("inner failed " + e.getMessage());
        }
        Task<String> inner2 = Asyncio.createTask(valAfter("v", 0.1));
        Future<String> s = Asyncio.shield(inner2);
        s.cancel();
        try {
            Await.on(s);
        } catch (CancelledError e) {
            log.add("shield future cancelled");
        }
        log.add(Await.on(inner2));
        Task<String> inner3 = Asyncio.createTask(valAfter("v", 0.1));
        s = Asyncio.shield(inner3);
        Await.on(Asyncio.sleep(0));
        inner3.cancel("im");
        try {
            Await.on(s);
        } catch (CancelledError e) {
            log.add("inner cancelled -> " + e.getMessage());
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['outer cancelled', 't cancelled', 'inner failed inner', 'shield future cancelled', 'v', 'inner cancelled -> ()']
     */
    @Test
    void shieldWhenTheOuterIsCancelledAndTheInnerFailsOrIsCancelled() {
        assertEquals(List.of("outer cancelled", "t cancelled", "inner failed inner", "shield future cancelled", "v",
                "inner cancelled -> null"), VirtualTime.run(shieldCases()));
    }

    // ---- Lock and Semaphore hand a wake-up on when the woken waiter is cancelled before it runs ----

    @Async
    static Coroutine<Void> lockWaiter(Lock lock, int i, List<String> log) {
        try {
            Await.on(lock.acquire());
        } catch (CancelledError e) {
            log.add("w" + i + " cancelled");
            throw e;
        }
        log.add("w" + i + " acquired");
        Await.on(Asyncio.sleep(0.1));
        lock.release();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> semWaiter(Semaphore sem, int i, List<String> log) {
        try {
            Await.on(sem.acquire());
        } catch (CancelledError e) {
            log.add("w" + i + " cancelled");
            throw e;
        }
        log.add("w" + i + " acquired");
        Await.on(Asyncio.sleep(0.1));
        sem.release();
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> handoffCases() {
        List<String> log = new ArrayList<>();
        Lock lock = new Lock();
        Await.on(lock.acquire());
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ts.add(Asyncio.createTask(lockWaiter(lock, i, log)));
        }
        Await.on(Asyncio.sleep(0));
        lock.release();
        ts.get(0).cancel();
        Await.on(Asyncio.gather(true, ts));
        log.add("locked=" + lock.isLocked());
        Semaphore sem = new Semaphore(0);
        ts.clear();
        for (int i = 0; i < 4; i++) {
            ts.add(Asyncio.createTask(semWaiter(sem, i, log)));
        }
        Await.on(Asyncio.sleep(0));
        sem.release();
        sem.release();
        ts.get(0).cancel();
        ts.get(2).cancel();
        Await.on(Asyncio.gather(true, ts));
        log.add("locked=" + sem.isLocked());
        Await.on(sem.acquire());
        log.add("locked=" + sem.isLocked());
        Await.on(sem.acquire());
        log.add("locked=" + sem.isLocked());
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (the lock held, three waiters, release() then the woken w0 cancelled; a Semaphore(0), four
     * waiters, two releases, then the woken w0 and the waiting w2 cancelled):
     * ['w0 cancelled', 'w1 acquired', 'w2 acquired', 'locked=False',
     *  'w0 cancelled', 'w1 acquired', 'w2 cancelled', 'w3 acquired', 'locked=False', 'locked=False', 'locked=True']
     */
    @Test
    void lockAndSemaphorePassTheWakeUpOfACancelledWaiterOn() {
        assertEquals(List.of("w0 cancelled", "w1 acquired", "w2 acquired", "locked=false",
                "w0 cancelled", "w1 acquired", "w2 cancelled", "w3 acquired", "locked=false", "locked=false",
                "locked=true"), VirtualTime.run(handoffCases()));
    }

    // ---- Barrier reset and abort with waiters, a cancelled waiter ----

    @Async
    static Coroutine<Void> barrierWaiter(Barrier b, String name, List<String> log) {
        try {
            int r = Await.on(b.await());
            log.add(name + " passed " + r);
        } catch (BrokenBarrierError e) {
            log.add(name + " broken");
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> barrierCases() {
        List<String> log = new ArrayList<>();
        Barrier b = new Barrier(3);
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ts.add(Asyncio.createTask(barrierWaiter(b, "w" + i, log)));
        }
        Await.on(Asyncio.sleep(0));
        log.add("n_waiting=" + b.nWaiting());
        Await.on(b.reset());
        Await.on(Asyncio.gather(ts));
        log.add("after reset n_waiting=" + b.nWaiting() + " broken=" + b.isBroken());
        ts.clear();
        for (int i = 2; i < 4; i++) {
            ts.add(Asyncio.createTask(barrierWaiter(b, "w" + i, log)));
        }
        Await.on(Asyncio.sleep(0));
        Await.on(b.abort());
        Await.on(Asyncio.gather(ts));
        Await.on(barrierWaiter(b, "w9", log));
        log.add("broken=" + b.isBroken());
        Barrier b2 = new Barrier(2);
        Task<Void> t = Asyncio.createTask(barrierWaiter(b2, "x0", log));
        Await.on(Asyncio.sleep(0));
        t.cancel();
        Await.on(Asyncio.gather(true, t));
        log.add("n_waiting=" + b2.nWaiting());
        Await.on(Asyncio.gather(barrierWaiter(b2, "x1", log), barrierWaiter(b2, "x2", log)));
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['n_waiting=2', 'w0 broken', 'w1 broken', 'after reset n_waiting=0 broken=False', 'w2 broken', 'w3 broken',
     *  'w9 broken', 'broken=True', 'x0 cancelled', 'n_waiting=0', 'x2 passed 1', 'x1 passed 0']
     */
    @Test
    void barrierResetAndAbortWithWaitersAndACancelledWaiter() {
        assertEquals(List.of("n_waiting=2", "w0 broken", "w1 broken", "after reset n_waiting=0 broken=false",
                "w2 broken", "w3 broken", "w9 broken", "broken=true", "x0 cancelled", "n_waiting=0", "x2 passed 1",
                "x1 passed 0"), VirtualTime.run(barrierCases()));
    }

    // ---- callSoon callbacks and task steps share one FIFO ----

    @Async
    static Coroutine<Void> stepper(String name, List<String> log) {
        log.add(name + " start");
        Await.on(Asyncio.sleep(0));
        log.add(name + " after sleep0");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> futureWaiter(Future<Void> f, List<String> log) {
        Await.on(f);
        log.add("waiter woke");
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> callSoonOrder() {
        List<String> log = new ArrayList<>();
        EventLoop loop = Asyncio.getRunningLoop();
        loop.callSoon(() -> log.add("cb1"));
        Asyncio.createTask(stepper("A", log));
        loop.callSoon(() -> log.add("cb2"));
        Future<Void> f = loop.createFuture();
        Asyncio.createTask(futureWaiter(f, log));
        Await.on(Asyncio.sleep(0));
        log.add("main 1");
        f.setResult(null);
        loop.callSoon(() -> log.add("cb3"));
        Await.on(Asyncio.sleep(0));
        log.add("main 2");
        Await.on(Asyncio.sleep(0));
        log.add("main 3");
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['cb1', 'A start', 'cb2', 'main 1', 'A after sleep0', 'waiter woke', 'cb3', 'main 2', 'main 3']
     */
    @Test
    void callSoonAndTaskStepsRunInOneOrder() {
        assertEquals(List.of("cb1", "A start", "cb2", "main 1", "A after sleep0", "waiter woke", "cb3", "main 2",
                "main 3"), VirtualTime.run(callSoonOrder()));
    }

    // ---- Event: set then clear at once, a cancelled waiter ----

    @Async
    static Coroutine<Void> eventWaiter(Event e, int i, List<String> log) {
        boolean r = Await.on(e.await());
        log.add("w" + i + " " + r + " is_set=" + e.isSet());
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> eventCases() {
        List<String> log = new ArrayList<>();
        Event e = new Event();
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ts.add(Asyncio.createTask(eventWaiter(e, i, log)));
        }
        Await.on(Asyncio.sleep(0));
        ts.get(1).cancel();
        e.set();
        e.clear();
        Await.on(Asyncio.gather(true, ts));
        List<Boolean> cancelled = new ArrayList<>();
        for (Task<Void> t : ts) {
            cancelled.add(t.isCancelled());
        }
        log.add("cancelled " + cancelled);
        e.set();
        e.set();
        log.add(String.valueOf(Await.on(e.await())));
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ['w0 True is_set=False', 'w2 True is_set=False', 'cancelled [False, True, False]', 'True'] */
    @Test
    void eventSetThenClearStillWakesEveryWaiter() {
        assertEquals(List.of("w0 true is_set=false", "w2 true is_set=false", "cancelled [false, true, false]", "true"),
                VirtualTime.run(eventCases()));
    }

    // ---- async generators: athrow, aclose, asend in each state ----

    @Async
    static AsyncGenerator<Integer> agen(List<String> log, String onCatch) {
        try {
            for (int i = 0; i < 3; i++) {
                try {
                    Await.yield(i);
                } catch (IllegalArgumentException e) {
                    log.add("body caught ValueError");
                    if (onCatch.equals("yield")) {
                        Await.yield(100);
                    } else if (onCatch.equals("return")) {
                        break;   // ends the body (the weaver wants AsyncGenerator.done() at the end only)
                    } else {
                        throw e;
                    }
                }
            }
        } finally {
            log.add("finally");
        }
        return AsyncGenerator.done();
    }

    @Async
    static AsyncGenerator<Integer> asyncFinally(List<String> log) {
        try {
            Await.yield(1);
        } finally {
            Await.on(Asyncio.sleep(0.01));
            log.add("async finally");
        }
        return AsyncGenerator.done();
    }

    @Async
    static AsyncGenerator<Integer> raisesOnClose() {
        try {
            Await.yield(1);
        } catch (GeneratorExit e) {
            throw new IllegalArgumentException("from close");
        }
        return AsyncGenerator.done();
    }

    @Async
    static AsyncGenerator<Integer> raisesStopAsync() {
        Await.yield(1);
        throw new StopAsyncIteration();
    }

    @Async
    static AsyncGenerator<Integer> sleepsFirst(List<String> log) {
        try {
            Await.on(Asyncio.sleep(1));
            Await.yield(1);
        } finally {
            log.add("g5 finally");
        }
        return AsyncGenerator.done();
    }

    static String pyName(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return "ValueError";
        }
        if (e instanceof IllegalStateException) {
            return "RuntimeError";
        }
        return e.getClass().getSimpleName();
    }

    @Async
    static Coroutine<Void> report(List<String> log, Awaitable<?> aw, String label) {
        try {
            Object v = Await.on(aw);
            log.add(label + " -> " + (v == null ? "None" : v));
        } catch (Throwable e) {
            log.add(label + " raises " + pyName(e) + " " + (e.getMessage() == null ? "" : e.getMessage()));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> asyncGenCases() {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> g = agen(log, "reraise");
        Await.on(report(log, g.anext(), "anext"));
        Await.on(report(log, g.athrow(new IllegalArgumentException("v")), "athrow reraise"));
        Await.on(report(log, g.anext(), "anext after"));
        Await.on(report(log, g.athrow(new IllegalArgumentException("w")), "athrow finished"));
        Await.on(report(log, g.aclose(), "aclose finished"));
        g = agen(log, "yield");
        Await.on(report(log, g.anext(), "anext"));
        Await.on(report(log, g.athrow(new IllegalArgumentException("v")), "athrow yield"));
        Await.on(report(log, g.anext(), "anext"));
        g = agen(log, "return");
        Await.on(report(log, g.anext(), "anext"));
        Await.on(report(log, g.athrow(new IllegalArgumentException("v")), "athrow return"));
        Await.on(report(log, g.athrow(new IllegalArgumentException("v")), "athrow after return"));
        g = agen(log, "reraise");
        Await.on(report(log, g.athrow(new IllegalArgumentException("fresh")), "athrow fresh"));
        Await.on(report(log, g.anext(), "anext after fresh athrow"));
        g = agen(log, "reraise");
        Await.on(report(log, g.aclose(), "aclose fresh"));
        Await.on(report(log, g.anext(), "anext after fresh aclose"));
        g = agen(log, "reraise");
        Await.on(report(log, g.anext(), "anext"));
        Await.on(report(log, g.aclose(), "aclose"));
        Await.on(report(log, g.aclose(), "aclose again"));
        Await.on(report(log, g.asend(5), "asend closed"));
        g = agen(log, "reraise");
        Await.on(report(log, g.asend(5), "asend fresh"));
        g = asyncFinally(log);
        Await.on(report(log, g.anext(), "anext"));
        Await.on(report(log, g.aclose(), "aclose awaiting finally"));
        g = raisesOnClose();
        Await.on(report(log, g.anext(), "anext"));
        Await.on(report(log, g.aclose(), "aclose raising"));
        g = raisesStopAsync();
        Await.on(report(log, g.anext(), "anext"));
        Await.on(report(log, g.anext(), "anext stopasync"));
        AsyncGenerator<Integer> g5 = sleepsFirst(log);
        Task<Void> t = Asyncio.createTask(report(log, g5.anext(), "g5 anext"));
        Await.on(Asyncio.sleep(0));
        t.cancel();
        Await.on(Asyncio.gather(true, t));
        Await.on(report(log, g5.anext(), "g5 anext after cancel"));
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (see the generator above; TypeError is IllegalArgumentException here, with Weft's message):
     *   anext -> 0 / body caught ValueError / finally / athrow reraise raises ValueError v /
     *   anext after raises StopAsyncIteration / athrow finished -> None / aclose finished -> None /
     *   anext -> 0 / body caught ValueError / athrow yield -> 100 / anext -> 1 /
     *   anext -> 0 / body caught ValueError / finally / athrow return raises StopAsyncIteration /
     *   athrow after return -> None / athrow fresh raises ValueError fresh /
     *   anext after fresh athrow raises StopAsyncIteration / aclose fresh -> None /
     *   anext after fresh aclose raises StopAsyncIteration / anext -> 0 / finally / aclose -> None /
     *   aclose again -> None / asend closed raises StopAsyncIteration /
     *   asend fresh raises TypeError can't send non-None value to a just-started async generator /
     *   anext -> 1 / async finally / aclose awaiting finally -> None / anext -> 1 /
     *   aclose raising raises ValueError from close / anext -> 1 /
     *   anext stopasync raises RuntimeError async generator raised StopAsyncIteration / g5 finally /
     *   g5 anext raises CancelledError / g5 anext after cancel raises StopAsyncIteration /
     *   finally (after main returns: shutdown_asyncgens closes the generator left at a yield)
     */
    @Test
    void asyncGeneratorAthrowAcloseAsendInEachState() {
        List<String> log = VirtualTime.run(asyncGenCases());
        assertEquals(List.of("anext -> 0", "body caught ValueError", "finally", "athrow reraise raises ValueError v",
                "anext after raises StopAsyncIteration ", "athrow finished -> None", "aclose finished -> None",
                "anext -> 0", "body caught ValueError", "athrow yield -> 100", "anext -> 1",
                "anext -> 0", "body caught ValueError", "finally", "athrow return raises StopAsyncIteration ",
                "athrow after return -> None", "athrow fresh raises ValueError fresh",
                "anext after fresh athrow raises StopAsyncIteration ", "aclose fresh -> None",
                "anext after fresh aclose raises StopAsyncIteration ", "anext -> 0", "finally", "aclose -> None",
                "aclose again -> None", "asend closed raises StopAsyncIteration ",
                log.get(25), "anext -> 1", "async finally", "aclose awaiting finally -> None", "anext -> 1",
                "aclose raising raises ValueError from close", "anext -> 1",
                "anext stopasync raises RuntimeError async generator raised StopAsyncIteration", "g5 finally",
                "g5 anext raises CancelledError ", "g5 anext after cancel raises StopAsyncIteration ",
                "finally"), log);   // the "yield" generator, left at a yield, closed by asyncio.run's shutdown
        assertEquals("asend fresh raises ValueError", log.get(25).substring(0, "asend fresh raises ValueError".length()));
    }

    // ---- Condition.await cancelled while it reacquires the lock, and while it waits ----

    @Async
    static Coroutine<Void> condWaiter(Condition cond, List<String> log) {
        try (Held h = Await.on(cond.hold())) {
            try {
                Await.on(cond.await());
                log.add("woke");
            } catch (CancelledError e) {
                log.add("waiter cancelled " + e.getMessage() + " locked=" + cond.isLocked());
                throw e;
            }
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> condReacquire() {
        List<String> log = new ArrayList<>();
        Condition cond = new Condition();
        Task<Void> t = Asyncio.createTask(condWaiter(cond, log));
        Await.on(Asyncio.sleep(0));
        try (Held h = Await.on(cond.hold())) {
            cond.signal();
            Await.on(Asyncio.sleep(0));   // the waiter now reacquires: blocked on the lock held here
            t.cancel("m");
            Await.on(Asyncio.sleep(0));
            log.add("main still holds, t done=" + t.isDone());
        }
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t " + e.getMessage());
        }
        log.add("locked=" + cond.isLocked());
        t = Asyncio.createTask(condWaiter(cond, log));
        Await.on(Asyncio.sleep(0));
        try (Held h = Await.on(cond.hold())) {
            t.cancel("n");
            Await.on(Asyncio.sleep(0));
            log.add("t done=" + t.isDone());
        }
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t2 " + e.getMessage());
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7: a cancellation while wait() reacquires the lock is raised, once the lock is held, as a new
     * CancelledError() without the message (`raise exceptions.CancelledError`); one while it waits keeps its own:
     * ['main still holds, t done=False', 'waiter cancelled () locked=True', 't ()', 'locked=False',
     *  't done=False', "waiter cancelled ('n',) locked=True", "t2 ('n',)"]
     */
    @Test
    void conditionWaitCancelledWhileReacquiringOrWaiting() {
        assertEquals(List.of("main still holds, t done=false", "waiter cancelled null locked=true", "t null",
                "locked=false", "t done=false", "waiter cancelled n locked=true", "t2 n"),
                VirtualTime.run(condReacquire()));
    }

    // ---- waitFor: the outer task cancelled (with a message, or as the inner finishes), inner failing at the
    //      timeout ----

    @Async
    static Coroutine<String> outerWaitFor(List<String> log) {
        try {
            return Coroutine.of(Await.on(Asyncio.waitFor(valAfter("inner", 1), 5)));
        } catch (CancelledError e) {
            log.add("outer got " + e.getMessage());
            throw e;
        }
    }

    @Async
    static Coroutine<List<String>> waitForCancelCases() {
        List<String> log = new ArrayList<>();
        Task<String> t = Asyncio.createTask(outerWaitFor(log));
        Await.on(Asyncio.sleep(0.5));
        t.cancel("m");
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t " + e.getMessage());
        }
        t = Asyncio.createTask(outerWaitFor(log));
        Await.on(Asyncio.sleep(1));
        t.cancel("late");
        try {
            log.add(Await.on(t));
        } catch (CancelledError e) {
            log.add("t late " + e.getMessage());
        }
        try {
            Await.on(Asyncio.waitFor(failAfter("v", 1), 1));
        } catch (IllegalArgumentException e) {
            log.add("value error");
        } catch (TimeoutError e) {
            log.add("timeout");
        }
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ["outer got ('m',)", "t ('m',)", 'inner', 'timeout'] */
    @Test
    void waitForWhenTheOuterTaskIsCancelled() {
        assertEquals(List.of("outer got m", "t m", "inner", "timeout"), VirtualTime.run(waitForCancelCases()));
    }

    // ---- done callbacks, a cancelled future's errors, self-cancellation, gather details ----

    @Async
    static Coroutine<String> selfCancel(boolean awaitAfter, List<String> log) {
        Asyncio.currentTask().cancel("self");
        if (awaitAfter) {
            try {
                Await.on(Asyncio.sleep(0));
            } catch (CancelledError e) {
                log.add("self got " + e.getMessage());
                throw e;
            }
        }
        return Coroutine.of("finished");
    }

    @Async
    static Coroutine<Integer> ident(int x) {
        return Coroutine.of(x);
    }

    @Async
    static Coroutine<List<String>> callbackCases() {
        List<String> log = new ArrayList<>();
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Object> f = loop.createFuture();
        java.util.function.Consumer<Future<Object>> cb = fut -> log.add("cb");
        f.addDoneCallback(cb);
        f.addDoneCallback(cb);
        f.addDoneCallback(fut -> log.add("other"));
        log.add("removed " + f.removeDoneCallback(cb));
        f.addDoneCallback(cb);
        f.cancel("fm");
        f.addDoneCallback(fut -> log.add("after done"));
        loop.callSoon(() -> log.add("soon"));
        Await.on(Asyncio.sleep(0));
        for (int i = 0; i < 2; i++) {
            try {
                f.result();
            } catch (CancelledError e) {
                log.add("result " + e.getMessage());
            }
        }
        try {
            f.exception();
        } catch (CancelledError e) {
            log.add("exception " + e.getMessage());
        }
        for (boolean a : new boolean[] {false, true}) {
            Task<String> t = Asyncio.createTask(selfCancel(a, log));
            try {
                log.add(Await.on(t));
            } catch (CancelledError e) {
                log.add("selfcancel " + a + " " + e.getMessage() + " cancelling=" + t.cancelling());
            }
        }
        Coroutine<Integer> c = ident(1);
        log.add(String.valueOf(Await.on(Asyncio.gather(c, c, ident(2)))));
        Task<Integer> t1 = Asyncio.createTask(ident(3));
        Await.on(Asyncio.sleep(0));
        Future<List<Object>> g = Asyncio.gather(t1);
        log.add("cancel done gather " + g.cancel());
        log.add(String.valueOf(Await.on(g)));
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['removed 2', 'other', 'cb', 'after done', 'soon', "result ('fm',)", "result ('fm',)", "exception ('fm',)",
     *  "selfcancel False ('self',) cancelling=1", "self got ('self',)", "selfcancel True ('self',) cancelling=1",
     *  '[1, 1, 2]', 'cancel done gather False', '[3]']
     */
    @Test
    void doneCallbacksSelfCancellationAndGatherDetails() {
        assertEquals(List.of("removed 2", "other", "cb", "after done", "soon", "result fm", "result fm",
                "exception fm", "selfcancel false self cancelling=1", "self got self",
                "selfcancel true self cancelling=1", "[1, 1, 2]", "cancel done gather false", "[3]"),
                VirtualTime.run(callbackCases()));
    }

    // ---- Timeout: zero delay, rescheduled to the past or disabled, a swallowed expiry ----

    @Async
    static Coroutine<List<String>> timeoutMisc() {
        List<String> log = new ArrayList<>();
        try (Timeout cm = Asyncio.timeout(0)) {
            log.add("body no await");
        } catch (TimeoutError e) {
            log.add("timeout");
        }
        log.add("no timeout");
        try (Timeout cm = Asyncio.timeout(0)) {
            Await.on(Asyncio.sleep(0));
            log.add("no timeout");
        } catch (TimeoutError e) {
            log.add("timeout with sleep0");
        }
        Timeout cm = Asyncio.timeout(1);
        try (cm) {
            cm.reschedule(Asyncio.getRunningLoop().time() - 1);
            Await.on(Asyncio.sleep(5));
        } catch (TimeoutError e) {
            log.add("rescheduled to the past expired=" + cm.isExpired());
        }
        try {
            cm.reschedule(Double.POSITIVE_INFINITY);
        } catch (IllegalStateException e) {
            log.add(e.getMessage());
        }
        try (Timeout cm2 = Asyncio.timeout(1)) {
            cm2.reschedule(Double.POSITIVE_INFINITY);
            Await.on(Asyncio.sleep(2));
            log.add("disabled when=" + cm2.when());
        }
        Timeout cm3 = Asyncio.timeout(1);
        try (cm3) {
            try {
                Await.on(Asyncio.sleep(2));
            } catch (CancelledError e) {
                log.add("inner sees cancel expired=" + cm3.isExpired());
                throw e;
            }
        } catch (TimeoutError e) {
            log.add("after expired=" + cm3.isExpired());
        }
        Timeout cm4 = Asyncio.timeout(1);
        try {
            try (cm4) {
                try {
                    Await.on(Asyncio.sleep(2));
                } catch (CancelledError e) {
                    log.add("swallowed");
                }
            }
            log.add("body finished expired=" + cm4.isExpired() + " cancelling="
                    + Asyncio.currentTask().cancelling());
        } catch (TimeoutError e) {
            log.add("timeout after swallow");
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (Weft's disabled deadline is infinity where Python's is None):
     * ['body no await', 'no timeout', 'timeout with sleep0', 'rescheduled to the past expired=True',
     *  'Cannot change state of expired Timeout', 'disabled when=None', 'inner sees cancel expired=True',
     *  'after expired=True', 'swallowed', 'body finished expired=True cancelling=0']
     */
    @Test
    void timeoutZeroRescheduleAndASwallowedExpiry() {
        assertEquals(List.of("body no await", "no timeout", "timeout with sleep0",
                "rescheduled to the past expired=true", "Cannot change state of expired Timeout",
                "disabled when=Infinity", "inner sees cancel expired=true", "after expired=true", "swallowed",
                "body finished expired=true cancelling=0"), VirtualTime.run(timeoutMisc()));
    }

    // ---- Lock: a new acquirer queues behind a woken waiter that has not run yet ----

    @Async
    static Coroutine<Void> fairWaiter(Lock lock, String name, List<String> log) {
        Await.on(lock.acquire());
        log.add(name + " acquired");
        Await.on(Asyncio.sleep(0));
        lock.release();
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> lockFair() {
        List<String> log = new ArrayList<>();
        Lock lock = new Lock();
        Await.on(lock.acquire());
        Task<Void> t0 = Asyncio.createTask(fairWaiter(lock, "w0", log));
        Await.on(Asyncio.sleep(0));
        lock.release();
        Task<Void> t1 = Asyncio.createTask(fairWaiter(lock, "w1", log));
        log.add("locked=" + lock.isLocked());
        Await.on(Asyncio.gather(t0, t1));
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ['locked=False', 'w0 acquired', 'w1 acquired'] */
    @Test
    void lockNewcomerQueuesBehindAWokenWaiter() {
        assertEquals(List.of("locked=false", "w0 acquired", "w1 acquired"), VirtualTime.run(lockFair()));
    }

    // ---- TaskGroup: simultaneous child failures, a body that swallows the group's cancellation, createTask while
    //      aborting, children that ignore or fail on cancellation, a child added while the group exits ----

    @Async
    static Coroutine<String> stubbornChild(List<String> log) {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            Await.on(Asyncio.sleep(0.2));
            log.add("stubborn done");
            return Coroutine.of("s");
        }
        return Coroutine.of("slept");
    }

    @Async
    static Coroutine<Void> failsOnCancel() {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            throw new java.util.NoSuchElementException("k");   // Python's KeyError
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> spawner(TaskGroup tg, List<String> log) {
        Await.on(Asyncio.sleep(0.1));
        tg.createTask(valAfter("late", 0.1)).addDoneCallback(t -> log.add("late child " + t.result()));
        return Coroutine.done();
    }

    static String messages(ExceptionGroup eg) {
        List<String> ms = new ArrayList<>();
        for (Throwable e : eg.exceptions()) {
            ms.add(e.getMessage());
        }
        return String.join(",", ms);
    }

    @Async
    static Coroutine<List<String>> taskGroupCases2() {
        List<String> log = new ArrayList<>();
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(failAfter("a", 0.1));
            tg.createTask(failAfter("b", 0.1));
            tg.createTask(valAfter(1, 1));
        } catch (ExceptionGroup eg) {
            log.add("eg " + messages(eg));
        }
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(failAfter("c", 0.1));
            try {
                Await.on(Asyncio.sleep(1));
            } catch (CancelledError e) {
                log.add("body swallowed cancelling=" + Asyncio.currentTask().cancelling());
            }
            Await.on(Asyncio.sleep(0.5));
            log.add("body continued");
        } catch (ExceptionGroup eg) {
            log.add("eg2 " + messages(eg) + " cancelling=" + Asyncio.currentTask().cancelling());
        }
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(failAfter("d", 0.1));
            try {
                Await.on(Asyncio.sleep(1));
            } catch (CancelledError e) {
                try {
                    tg.createTask(valAfter(1, 0));
                } catch (IllegalStateException ise) {
                    String[] words = ise.getMessage().split(" ");
                    log.add("shutting: " + words[words.length - 1]);
                }
                throw e;
            }
        } catch (ExceptionGroup eg) {
            log.add("eg3 " + messages(eg));
        }
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(stubbornChild(log));
            tg.createTask(failsOnCancel());
            tg.createTask(failAfter("e", 0.1));
        } catch (ExceptionGroup eg) {
            List<String> ms = new ArrayList<>();
            for (Throwable e : eg.exceptions()) {
                ms.add((e instanceof IllegalArgumentException ? "ValueError:" : "KeyError:") + e.getMessage());
            }
            java.util.Collections.sort(ms);
            log.add("eg4 " + ms);
        }
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(spawner(tg, log));
        }
        log.add("group with late child exited");
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (cancelling=2: CPython 3.11's __aexit__ reads _parent_cancel_requested before waiting, so a
     * child failing while the group exits leaves the parent's cancel count at 1; Weft keeps that):
     * ['eg a,b', 'body swallowed cancelling=2', 'body continued', "eg2 ['c'] cancelling=1", 'shutting: down',
     *  "eg3 ['d']", 'stubborn done', 'eg4 ["KeyError:\'k\'", \'ValueError:e\']', 'late child late',
     *  'group with late child exited']
     */
    @Test
    void taskGroupSimultaneousFailuresSwallowedCancellationAndLateChildren() {
        assertEquals(List.of("eg a,b", "body swallowed cancelling=2", "body continued", "eg2 c cancelling=1",
                "shutting: down", "eg3 d", "stubborn done", "eg4 [KeyError:k, ValueError:e]", "late child late",
                "group with late child exited"), VirtualTime.run(taskGroupCases2()));
    }

    // ---- Queue: a woken getter or putter cancelled before it runs passes the wake-up on; priority ties; join ----

    @Async
    static Coroutine<Void> qGetter(Queue<String> q, int i, List<String> log) {
        try {
            String v = Await.on(q.get());
            log.add("g" + i + " got " + v);
        } catch (CancelledError e) {
            log.add("g" + i + " cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> qPutter(Queue<Integer> q, int i, List<String> log) {
        try {
            Await.on(q.put(i));
            log.add("p" + i + " put");
        } catch (CancelledError e) {
            log.add("p" + i + " cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> qWorker(Queue<Integer> q, List<String> log) {
        while (true) {
            int v = Await.on(q.get());
            Await.on(Asyncio.sleep(0.1));
            log.add("done " + v);
            q.taskDone();
        }
    }

    record Prio(int p, String n) {
        @Override
        public String toString() {
            return p + n;
        }
    }

    @Async
    static Coroutine<List<String>> queueCases() {
        List<String> log = new ArrayList<>();
        Queue<String> q = new Queue<>();
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ts.add(Asyncio.createTask(qGetter(q, i, log)));
        }
        Await.on(Asyncio.sleep(0));
        q.putNowait("x");
        ts.get(0).cancel();
        Await.on(Asyncio.sleep(0));
        q.putNowait("y");
        Await.on(Asyncio.gather(true, ts));
        log.add("qsize=" + q.qsize());
        Queue<Integer> q1 = new Queue<>(1);
        q1.putNowait(0);
        ts.clear();
        for (int i = 1; i < 4; i++) {
            ts.add(Asyncio.createTask(qPutter(q1, i, log)));
        }
        Await.on(Asyncio.sleep(0));
        log.add("got " + q1.getNowait());
        ts.get(0).cancel();
        Await.on(Asyncio.sleep(0.01));
        log.add("got " + q1.getNowait());
        Await.on(Asyncio.sleep(0.01));
        log.add("got " + q1.getNowait());
        Await.on(Asyncio.gather(true, ts));
        log.add("qsize=" + q1.qsize());
        PriorityQueue<Prio> pq = new PriorityQueue<>(0, java.util.Comparator.comparingInt(Prio::p));
        String[] items = {"2a", "1b", "2c", "1d", "3e", "1f", "2g", "0h", "1i", "2j"};
        List<Prio> out = new ArrayList<>();
        for (int k = 0; k < items.length; k++) {
            pq.putNowait(new Prio(items[k].charAt(0) - '0', items[k].substring(1)));
            if (k % 3 == 2) {
                out.add(pq.getNowait());
            }
        }
        while (!pq.isEmpty()) {
            out.add(pq.getNowait());
        }
        log.add(out.toString());
        LifoQueue<Integer> lq = new LifoQueue<>();
        List<Integer> lout = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lq.putNowait(i);
        }
        for (int i = 0; i < 3; i++) {
            lout.add(lq.getNowait());
        }
        log.add(lout.toString());
        Queue<Integer> q2 = new Queue<>();
        q2.putNowait(1);
        q2.putNowait(2);
        Task<Void> w = Asyncio.createTask(qWorker(q2, log));
        Await.on(q2.join());
        log.add("joined");
        w.cancel();
        try {
            q2.taskDone();
        } catch (IllegalStateException e) {
            log.add(e.getMessage());
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (the priority items compare by priority only, so equal ones come out in heapq's order:
     * [1b, 1d, 0h, 1f, 1i, 2a, 2j, 2g, 2c, 3e]; Weft's taskDone message names its method):
     * ['g0 cancelled', 'g1 got x', 'g2 got y', 'qsize=0', 'got 0', 'p1 cancelled', 'p2 put', 'got 2', 'p3 put',
     *  'got 3', 'qsize=0', ..., '[2, 1, 0]', 'done 1', 'done 2', 'joined', 'task_done() called too many times']
     */
    @Test
    void queueWakeUpHandOffPriorityTiesAndJoin() {
        assertEquals(List.of("g0 cancelled", "g1 got x", "g2 got y", "qsize=0", "got 0", "p1 cancelled", "p2 put",
                "got 2", "p3 put", "got 3", "qsize=0", "[1b, 1d, 0h, 1f, 1i, 2a, 2j, 2g, 2c, 3e]", "[2, 1, 0]",
                "done 1", "done 2", "joined", "taskDone() called too many times"), VirtualTime.run(queueCases()));
    }

    // ---- Asyncio.run: leftover tasks are cancelled and awaited, then async generators closed ----

    @Async
    static Coroutine<Void> background(String name, double d, List<String> log) {
        try {
            Await.on(Asyncio.sleep(10));
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            Await.on(Asyncio.sleep(d));
            log.add(name + " cleanup done");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static AsyncGenerator<Integer> twoItems(List<String> log) {
        try {
            Await.yield(1);
            Await.yield(2);
        } finally {
            log.add("agen finally");
        }
        return AsyncGenerator.done();
    }

    @Async
    static Coroutine<String> leavesTasksBehind(List<String> log, List<Object> keep) {
        Asyncio.createTask(background("bg1", 1, log));
        Asyncio.createTask(background("bg2", 0.5, log));
        AsyncGenerator<Integer> g = twoItems(log);
        keep.add(g);
        Await.on(g.anext());
        Await.on(Asyncio.sleep(0));
        log.add("main done");
        return Coroutine.of("r");
    }

    /*
     * Python 3.11.7:
     * ['main done', 'bg1 cancelled', 'bg2 cancelled', 'bg2 cleanup done', 'bg1 cleanup done', 'agen finally', 'r']
     */
    @Test
    void runCancelsLeftoverTasksThenClosesAsyncGenerators() {
        List<String> log = new ArrayList<>();
        List<Object> keep = new ArrayList<>();
        log.add(VirtualTime.run(leavesTasksBehind(log, keep)));
        assertEquals(List.of("main done", "bg1 cancelled", "bg2 cancelled", "bg2 cleanup done", "bg1 cleanup done",
                "agen finally", "r"), log);
    }

    // ---- Barrier: a released waiter cancelled before it runs; more arrivals than parties ----

    @Async
    static Coroutine<Void> barrierPass(Barrier b, String name, List<String> log) {
        int r = Await.on(b.await());
        log.add(name + " passed " + r);
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> barrierCases2() {
        List<String> log = new ArrayList<>();
        Barrier b = new Barrier(3);
        List<Task<Void>> ts = new ArrayList<>();
        ts.add(Asyncio.createTask(barrierWaiter(b, "a", log)));
        ts.add(Asyncio.createTask(barrierWaiter(b, "b", log)));
        Await.on(Asyncio.sleep(0));
        ts.add(Asyncio.createTask(barrierWaiter(b, "c", log)));
        Await.on(Asyncio.sleep(0));   // c releases the barrier: a and b are signalled
        ts.get(0).cancel();           // a cancelled after its signal, before it runs
        Await.on(Asyncio.gather(true, ts));
        log.add("state n_waiting=" + b.nWaiting() + " broken=" + b.isBroken());
        Barrier b2 = new Barrier(2);
        ts.clear();
        for (String n : new String[] {"x", "y", "z"}) {
            ts.add(Asyncio.createTask(barrierPass(b2, n, log)));
        }
        Await.on(Asyncio.sleep(0.01));
        log.add("n_waiting=" + b2.nWaiting());
        ts.add(Asyncio.createTask(barrierPass(b2, "q", log)));
        Await.on(Asyncio.gather(ts));
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['c passed 2', 'a cancelled', 'b passed 1', 'state n_waiting=0 broken=False', 'y passed 1', 'x passed 0',
     *  'n_waiting=1', 'q passed 1', 'z passed 0']
     */
    @Test
    void barrierReleasedWaiterCancelledAndMoreArrivalsThanParties() {
        assertEquals(List.of("c passed 2", "a cancelled", "b passed 1", "state n_waiting=0 broken=false",
                "y passed 1", "x passed 0", "n_waiting=1", "q passed 1", "z passed 0"),
                VirtualTime.run(barrierCases2()));
    }

    // ---- async generators: steps while another step runs; the stepping task cancelled inside the body ----

    @Async
    static AsyncGenerator<Integer> slowGen(List<String> log) {
        try {
            Await.on(Asyncio.sleep(1));
            Await.yield(1);
            Await.on(Asyncio.sleep(1));
            Await.yield(2);
        } finally {
            log.add("slowgen finally");
        }
        return AsyncGenerator.done();
    }

    @Async
    static AsyncGenerator<String> cancelCatcher(List<String> log) {
        while (true) {
            try {
                Await.on(Asyncio.sleep(1));
            } catch (CancelledError e) {
                log.add("gen caught cancel");
                Await.yield("after cancel");
            }
        }
    }

    @Async
    static Coroutine<List<String>> asyncGenRunning() {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> g = slowGen(log);
        Task<Void> t = Asyncio.createTask(report(log, g.anext(), "first anext"));
        Await.on(Asyncio.sleep(0.1));
        Await.on(report(log, g.anext(), "second anext"));
        Await.on(report(log, g.athrow(new IllegalArgumentException("v")), "athrow while running"));
        Await.on(report(log, g.aclose(), "aclose while running"));
        Await.on(report(log, g.asend(null), "asend while running"));
        Await.on(t);
        Await.on(report(log, g.aclose(), "aclose after"));
        AsyncGenerator<String> g2 = cancelCatcher(log);
        t = Asyncio.createTask(report(log, g2.anext(), "catcher anext"));
        Await.on(Asyncio.sleep(0.1));
        t.cancel();
        Await.on(t);
        Await.on(report(log, g2.aclose(), "catcher aclose"));
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['second anext raises RuntimeError anext(): asynchronous generator is already running',
     *  'athrow while running raises RuntimeError athrow(): asynchronous generator is already running',
     *  'aclose while running raises RuntimeError aclose(): asynchronous generator is already running',
     *  'asend while running raises RuntimeError anext(): asynchronous generator is already running',
     *  'first anext -> 1', 'slowgen finally', 'aclose after -> None', 'gen caught cancel',
     *  'catcher anext -> after cancel', 'catcher aclose -> None']
     */
    @Test
    void asyncGeneratorStepsWhileRunningAndCancellationInsideTheBody() {
        assertEquals(List.of(
                "second anext raises RuntimeError anext(): asynchronous generator is already running",
                "athrow while running raises RuntimeError athrow(): asynchronous generator is already running",
                "aclose while running raises RuntimeError aclose(): asynchronous generator is already running",
                "asend while running raises RuntimeError anext(): asynchronous generator is already running",
                "first anext -> 1", "slowgen finally", "aclose after -> None", "gen caught cancel",
                "catcher anext -> after cancel", "catcher aclose -> None"), VirtualTime.run(asyncGenRunning()));
    }

    // ---- infinite and huge sleeps under a timeout, and wait with an infinite timeout ----

    @Async
    static Coroutine<List<String>> infiniteSleeps() {
        List<String> log = new ArrayList<>();
        try {
            Await.on(Asyncio.waitFor(Asyncio.sleep(Double.POSITIVE_INFINITY), 0.01));
        } catch (TimeoutError e) {
            log.add("timeout inf sleep");
        }
        try {
            Await.on(Asyncio.waitFor(Asyncio.sleep(Double.POSITIVE_INFINITY, "r"), 0.01));
        } catch (TimeoutError e) {
            log.add("timeout inf sleep result");
        }
        try (Timeout t = Asyncio.timeout(0.01)) {
            Await.on(Asyncio.sleep(1e300));
        } catch (TimeoutError e) {
            log.add("timeout huge sleep");
        }
        WaitResult<Void> r = Await.on(Asyncio.wait(List.of(Asyncio.createTask(Asyncio.sleep(0.01))),
                Double.POSITIVE_INFINITY));
        log.add("wait inf " + r.done().size());
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ['timeout inf sleep', 'timeout inf sleep result', 'timeout huge sleep', 'wait inf 1'] */
    @Test
    void infiniteSleepsTimeOut() {
        List<String> expected = List.of("timeout inf sleep", "timeout inf sleep result", "timeout huge sleep",
                "wait inf 1");
        assertEquals(expected, VirtualTime.run(infiniteSleeps()));
        assertEquals(expected, Asyncio.run(infiniteSleeps()));
    }

    // ---- TaskGroup under a Timeout, nested groups, waitFor around a group ----

    @Async
    static Coroutine<Integer> valLogged(int v, double d, List<String> log, String name) {
        try {
            Await.on(Asyncio.sleep(d));
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Void> slowCancel(String name, List<String> log) {
        try {
            Await.on(Asyncio.sleep(5));
        } catch (CancelledError e) {
            Await.on(Asyncio.sleep(1));
            log.add(name + " slow cleanup");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> failingGroup() {
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(failAfter("g", 0.1));
            Await.on(Asyncio.sleep(1));
        }
        return Coroutine.done();
    }

    static String desc(Throwable e) {
        if (e instanceof ExceptionGroup) {
            List<String> parts = new ArrayList<>();
            for (Throwable x : ((ExceptionGroup) e).exceptions()) {
                parts.add(desc(x));
            }
            return "EG[" + String.join(",", parts) + "]";
        }
        return pyName(e) + "(" + e.getMessage() + ")";
    }

    @Async
    static Coroutine<List<String>> groupsAndTimeouts() {
        List<String> log = new ArrayList<>();
        try (Timeout t = Asyncio.timeout(0.5)) {
            try (TaskGroup tg = new TaskGroup()) {
                tg.createTask(valLogged(1, 1, log, "c1"));
                tg.createTask(valAfter(2, 2));
            }
        } catch (TimeoutError e) {
            log.add("timeout cancelling=" + Asyncio.currentTask().cancelling());
        }
        try (Timeout t = Asyncio.timeout(0.5)) {
            try (TaskGroup tg = new TaskGroup()) {
                tg.createTask(valLogged(1, 1, log, "c3"));
                Await.on(Asyncio.sleep(1));
            }
        } catch (TimeoutError e) {
            log.add("timeout2 cancelling=" + Asyncio.currentTask().cancelling());
        }
        try (Timeout t = Asyncio.timeout(0.5)) {
            try (TaskGroup tg = new TaskGroup()) {
                tg.createTask(slowCancel("s", log));
                tg.createTask(failAfter("f", 0.2));
            }
        } catch (TimeoutError e) {
            log.add("timeout3");
        } catch (ExceptionGroup eg) {
            log.add("eg3 " + desc(eg) + " cancelling=" + Asyncio.currentTask().cancelling());
        }
        try (TaskGroup outer = new TaskGroup()) {
            outer.createTask(valLogged(1, 1, log, "o1"));
            try (TaskGroup inner = new TaskGroup()) {
                inner.createTask(failAfter("in", 0.1));
                inner.createTask(valLogged(1, 1, log, "i1"));
                Await.on(Asyncio.sleep(1));
            }
        } catch (ExceptionGroup eg) {
            log.add("nested " + desc(eg) + " cancelling=" + Asyncio.currentTask().cancelling());
        }
        try {
            Await.on(Asyncio.waitFor(failingGroup(), 0.5));
        } catch (ExceptionGroup eg) {
            log.add("wait_for grp " + desc(eg));
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (cancelling=1 from eg3 on: the 3.11 TaskGroup leaves the count raised when a child fails while
     * the group exits):
     * ['c1 cancelled', 'timeout cancelling=0', 'c3 cancelled', 'timeout2 cancelling=0', 's slow cleanup',
     *  'eg3 EG[ValueError(f)] cancelling=1', 'i1 cancelled', 'o1 cancelled',
     *  'nested EG[EG[ValueError(in)]] cancelling=1', 'wait_for grp EG[ValueError(g)]']
     */
    @Test
    void taskGroupsUnderTimeoutsNestedGroupsAndWaitFor() {
        assertEquals(List.of("c1 cancelled", "timeout cancelling=0", "c3 cancelled", "timeout2 cancelling=0",
                "s slow cleanup", "eg3 EG[ValueError(f)] cancelling=1", "i1 cancelled", "o1 cancelled",
                "nested EG[EG[ValueError(in)]] cancelling=1", "wait_for grp EG[ValueError(g)]"),
                VirtualTime.run(groupsAndTimeouts()));
    }

    // ---- toThread cancelled; runCoroutineThreadsafe: result, failure, cancelling its future ----

    @Async
    static Coroutine<Void> threadsafeSleeper(java.util.concurrent.CountDownLatch started, List<String> log) {
        started.countDown();
        try {
            Await.on(Asyncio.sleep(10));
        } catch (CancelledError e) {
            log.add("sleeper cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    static List<String> fromThread(EventLoop loop, List<String> log) throws Exception {
        List<String> out = new ArrayList<>();
        out.add(Asyncio.runCoroutineThreadsafe(valAfter("x", 0.01), loop).get(5, java.util.concurrent.TimeUnit.SECONDS));
        try {
            Asyncio.runCoroutineThreadsafe(failAfter("boom", 0.01), loop).get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            out.add(pyName(e.getCause()) + " " + e.getCause().getMessage());
        }
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Void> cf =
                Asyncio.runCoroutineThreadsafe(threadsafeSleeper(started, log), loop);
        started.await(5, java.util.concurrent.TimeUnit.SECONDS);
        out.add("cancel " + cf.cancel(true));
        try {
            cf.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.CancellationException e) {
            out.add("cf cancelled");
        }
        return out;
    }

    @Async
    static Coroutine<List<String>> threadCases() {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        EventLoop loop = Asyncio.getRunningLoop();
        java.util.concurrent.CountDownLatch ev = new java.util.concurrent.CountDownLatch(1);
        Task<String> t = Asyncio.createTask(Asyncio.toThread(() -> {
            ev.await(5, java.util.concurrent.TimeUnit.SECONDS);
            return "thread done";
        }));
        Await.on(Asyncio.sleep(0.01));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("to_thread cancelled");
        }
        ev.countDown();
        log.addAll(Await.on(Asyncio.toThread(() -> fromThread(loop, log))));
        Await.on(Asyncio.sleep(0.05));
        return Coroutine.of(new ArrayList<>(log));
    }

    /* Python 3.11.7: ['to_thread cancelled', 'sleeper cancelled', 'x', 'ValueError boom', 'cancel True', 'cf cancelled'] */
    @Test
    void toThreadCancelledAndRunCoroutineThreadsafe() {
        assertEquals(List.of("to_thread cancelled", "sleeper cancelled", "x", "ValueError boom", "cancel true",
                "cf cancelled"), Asyncio.run(threadCases()));
    }

    // ---- Queue.shutdown (Python 3.13's) with join, getters and putters ----

    @Async
    static Coroutine<Void> joiner(Queue<?> q, List<String> log) {
        Await.on(q.join());
        log.add("join returned");
        return Coroutine.done();
    }

    @Async
    static <T> Coroutine<Void> sdGetter(Queue<T> q, String name, List<String> log) {
        try {
            T v = Await.on(q.get());
            log.add(name + " got " + v);
        } catch (QueueShutDown e) {
            log.add(name + " shutdown");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> sdPutter(Queue<String> q, String v, List<String> log) {
        try {
            Await.on(q.put(v));
            log.add("put " + v);
        } catch (QueueShutDown e) {
            log.add("put " + v + " shutdown");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> shutdownCases() {
        List<String> log = new ArrayList<>();
        Queue<Integer> q = new Queue<>();
        for (int i = 0; i < 3; i++) {
            q.putNowait(i);
        }
        Task<Void> j = Asyncio.createTask(joiner(q, log));
        q.getNowait();
        Await.on(Asyncio.sleep(0));
        q.shutdown(true);
        log.add("qsize=" + q.qsize() + " empty=" + q.isEmpty());
        Await.on(Asyncio.sleep(0));
        log.add("join done=" + j.isDone());
        q.taskDone();
        Await.on(Asyncio.sleep(0));
        log.add("join done=" + j.isDone());
        try {
            q.taskDone();
        } catch (IllegalStateException e) {
            log.add(e.getMessage());
        }
        try {
            q.putNowait(1);
        } catch (QueueShutDown e) {
            log.add("put shutdown");
        }
        Await.on(sdGetter(q, "late", log));
        Queue<String> q1 = new Queue<>(1);
        q1.putNowait("a");
        Task<Void> p = Asyncio.createTask(sdPutter(q1, "b", log));
        Await.on(Asyncio.sleep(0));
        q1.shutdown();
        Await.on(Asyncio.sleep(0));
        Await.on(sdGetter(q1, "g1", log));
        Await.on(sdGetter(q1, "g2", log));
        Await.on(p);
        Queue<String> q2 = new Queue<>();
        List<Task<Void>> gs = List.of(Asyncio.createTask(sdGetter(q2, "w0", log)),
                Asyncio.createTask(sdGetter(q2, "w1", log)));
        Await.on(Asyncio.sleep(0));
        q2.shutdown();
        Await.on(Asyncio.gather(gs));
        Queue<Integer> q3 = new Queue<>();
        q3.putNowait(1);
        q3.putNowait(2);
        j = Asyncio.createTask(joiner(q3, log));
        Await.on(Asyncio.sleep(0));
        q3.shutdown(true);
        Await.on(Asyncio.sleep(0));
        log.add("join2 done=" + j.isDone());
        return Coroutine.of(log);
    }

    /*
     * Python 3.13.0 (shutdown is not in 3.11):
     * ['qsize=0 empty=True', 'join done=False', 'join returned', 'join done=True', 'task_done() called too many times',
     *  'put shutdown', 'late shutdown', 'put b shutdown', 'g1 got a', 'g2 shutdown', 'w0 shutdown', 'w1 shutdown',
     *  'join returned', 'join2 done=True']
     */
    @Test
    void queueShutdownWithJoinGettersAndPutters() {
        assertEquals(List.of("qsize=0 empty=true", "join done=false", "join returned", "join done=true",
                "taskDone() called too many times", "put shutdown", "late shutdown", "put b shutdown", "g1 got a",
                "g2 shutdown", "w0 shutdown", "w1 shutdown", "join returned", "join2 done=true"),
                VirtualTime.run(shutdownCases()));
    }

    // ---- a pending cancellation waits for the first real suspension; a cancel after the awaited task finished ----

    @Async
    static Coroutine<Void> selfCancelThenNoSuspension(List<String> log) {
        Asyncio.currentTask().cancel("c");
        Future<Integer> f = Asyncio.getRunningLoop().createFuture();
        f.setResult(1);
        log.add("done future " + Await.on(f));
        Lock lock = new Lock();
        try (Held h = Await.on(lock.hold())) {
            log.add("free lock");
        }
        Event ev = new Event();
        ev.set();
        log.add("set event " + (Await.on(ev.await()) ? "True" : "False"));
        Asyncio.createTask(Asyncio.sleep(0, "t"));
        log.add("cancelling=" + Asyncio.currentTask().cancelling());
        Queue<String> q = new Queue<>();
        q.putNowait("q");
        log.add("queue " + Await.on(q.get()));
        try {
            Await.on(ev.await());
            ev.clear();
            Await.on(ev.await());
        } catch (CancelledError e) {
            log.add("cancelled at the first suspension " + e.getMessage());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> inner() {
        return Coroutine.of("inner");
    }

    @Async
    static Coroutine<Void> outer2(List<String> log) {
        Task<String> it = Asyncio.createTask(inner());
        try {
            String r = Await.on(it);
            log.add("outer2 got " + r);
            Await.on(Asyncio.sleep(0));
            log.add("outer2 not cancelled");
        } catch (CancelledError e) {
            log.add("outer2 cancelled " + e.getMessage());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> pendingCancellation() {
        List<String> log = new ArrayList<>();
        Task<Void> t = Asyncio.createTask(selfCancelThenNoSuspension(log));
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t " + e.getMessage());
        }
        t = Asyncio.createTask(outer2(log));
        Await.on(Asyncio.sleep(0));
        Await.on(Asyncio.sleep(0));
        t.cancel("x");
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t2 " + e.getMessage());
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['done future 1', 'free lock', 'set event True', 'cancelling=1', 'queue q',
     *  "cancelled at the first suspension ('c',)", "t ('c',)", "outer2 cancelled ('x',)", "t2 ('x',)"]
     */
    @Test
    void aPendingCancellationWaitsForTheFirstSuspension() {
        assertEquals(List.of("done future 1", "free lock", "set event True", "cancelling=1", "queue q",
                "cancelled at the first suspension c", "t c", "outer2 cancelled x", "t2 x"),
                VirtualTime.run(pendingCancellation()));
    }

    // ---- a task's done callbacks and the tasks awaiting it run in the order they were added ----

    @Async
    static Coroutine<Void> awaitsAndLogs(Task<String> t, String name, List<String> log) {
        String r = Await.on(t);
        log.add(name + " got " + r);
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> callbackOrder() {
        List<String> log = new ArrayList<>();
        Task<String> t = Asyncio.createTask(valAfter("w", 0.1));
        t.addDoneCallback(f -> log.add("cb1"));
        Task<Void> w1 = Asyncio.createTask(awaitsAndLogs(t, "waiter1", log));
        Await.on(Asyncio.sleep(0));
        t.addDoneCallback(f -> log.add("cb2"));
        Task<Void> w2 = Asyncio.createTask(awaitsAndLogs(t, "waiter2", log));
        Await.on(Asyncio.sleep(0));
        Future<List<Object>> g = Asyncio.gather(t);
        g.addDoneCallback(f -> log.add("gather done"));
        t.addDoneCallback(f -> log.add("cb3"));
        Await.on(Asyncio.gather(w1, w2));
        log.add("main");
        Task<String> t2 = Asyncio.createTask(valAfter("w", 0.1));
        t2.addDoneCallback(f -> log.add("cancelled cb " + (f.isCancelled() ? "True" : "False")));
        Await.on(Asyncio.sleep(0));
        t2.cancel();
        Await.on(Asyncio.gather(true, t2));
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7:
     * ['cb1', 'waiter1 got w', 'cb2', 'waiter2 got w', 'cb3', 'gather done', 'main', 'cancelled cb True']
     */
    @Test
    void doneCallbacksAndAwaitingTasksRunInRegistrationOrder() {
        assertEquals(List.of("cb1", "waiter1 got w", "cb2", "waiter2 got w", "cb3", "gather done", "main",
                "cancelled cb True"), VirtualTime.run(callbackOrder()));
    }

    // ---- async for: break or an exception leaves the generator open (no implicit aclose) ----

    @Async
    static AsyncGenerator<Integer> threeItems(List<String> log) {
        try {
            for (int i = 0; i < 3; i++) {
                Await.yield(i);
            }
        } finally {
            log.add("finally");
        }
        return AsyncGenerator.done();
    }

    @Async
    static Coroutine<String> asyncForBreak(List<String> log) {
        AsyncGenerator<Integer> g = threeItems(log);
        for (int i : g) {
            log.add("item " + i);
            break;
        }
        log.add("after break");
        Await.on(Asyncio.sleep(0));
        log.add("anext " + Await.on(g.anext()));
        for (int i : g) {
            log.add("item " + i);
        }
        log.add("after loop");
        AsyncGenerator<Integer> g2 = threeItems(log);
        try {
            for (int i : g2) {
                throw new IllegalArgumentException("in loop");
            }
        } catch (IllegalArgumentException e) {
            log.add("loop raised");
        }
        log.add("g2 anext " + Await.on(g2.anext()));
        return Coroutine.of("done");
    }

    /*
     * Python 3.11.7 (the last "finally" is g2's, closed by asyncio.run's shutdown_asyncgens):
     * ['item 0', 'after break', 'anext 1', 'item 2', 'finally', 'after loop', 'loop raised', 'g2 anext 1', 'finally',
     *  'done']
     */
    @Test
    void asyncForBreakOrExceptionLeavesTheGeneratorOpen() {
        List<String> log = new ArrayList<>();
        log.add(VirtualTime.run(asyncForBreak(log)));
        assertEquals(List.of("item 0", "after break", "anext 1", "item 2", "finally", "after loop", "loop raised",
                "g2 anext 1", "finally", "done"), log);
    }

    // ---- Semaphore and Lock waiters under waitFor / timeout: expiries never lose a release ----

    @Async
    static Coroutine<Void> semTimedWaiter(Semaphore sem, int i, double t0, List<String> log) {
        EventLoop loop = Asyncio.getRunningLoop();
        try {
            Await.on(Asyncio.waitFor(sem.acquire(), 0.1 * (i + 1)));
        } catch (TimeoutError e) {
            log.add("w" + i + " timeout at " + String.format(java.util.Locale.ROOT, "%.2f", loop.time() - t0));
            return Coroutine.done();
        }
        log.add("w" + i + " acquired at " + String.format(java.util.Locale.ROOT, "%.2f", loop.time() - t0));
        Await.on(Asyncio.sleep(0.1));
        sem.release();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> lockTimedWaiter(Lock lock, int i, double d, double t0, List<String> log) {
        EventLoop loop = Asyncio.getRunningLoop();
        try (Timeout t = Asyncio.timeout(d)) {
            Await.on(lock.acquire());
        } catch (TimeoutError e) {
            log.add("l" + i + " timeout");
            return Coroutine.done();
        }
        log.add("l" + i + " acquired at " + String.format(java.util.Locale.ROOT, "%.2f", loop.time() - t0));
        lock.release();
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> timedWaiters() {
        EventLoop loop = Asyncio.getRunningLoop();
        double t0 = loop.time();
        List<String> log = new ArrayList<>();
        Semaphore sem = new Semaphore(1);
        Await.on(sem.acquire());
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ts.add(Asyncio.createTask(semTimedWaiter(sem, i, t0, log)));
        }
        Await.on(Asyncio.sleep(0.25));
        sem.release();
        Await.on(Asyncio.gather(ts));
        log.add("locked=" + sem.isLocked());
        Lock lock = new Lock();
        Await.on(lock.acquire());
        ts.clear();
        double[] ds = {0.1, 0.3, 0.5};
        for (int i = 0; i < 3; i++) {
            ts.add(Asyncio.createTask(lockTimedWaiter(lock, i, ds[i], t0, log)));
        }
        Await.on(Asyncio.sleep(0.1));   // the release comes as l0's deadline passes
        lock.release();
        Await.on(Asyncio.gather(ts));
        log.add("lock locked=" + lock.isLocked());
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (real clock, hence 0.21 and 0.66 for the exact 0.20 and 0.65 of virtual time):
     * ['w0 timeout at 0.10', 'w1 timeout at 0.21', 'w2 acquired at 0.25', 'w3 acquired at 0.35',
     *  'w4 acquired at 0.45', 'locked=False', 'l0 timeout', 'l1 acquired at 0.66', 'l2 acquired at 0.66',
     *  'lock locked=False']
     */
    @Test
    void semaphoreAndLockWaitersUnderTimeoutsLoseNoRelease() {
        assertEquals(List.of("w0 timeout at 0.10", "w1 timeout at 0.20", "w2 acquired at 0.25",
                "w3 acquired at 0.35", "w4 acquired at 0.45", "locked=false", "l0 timeout", "l1 acquired at 0.65",
                "l2 acquired at 0.65", "lock locked=false"), VirtualTime.run(timedWaiters()));
    }

    // ---- a TaskGroup's parent cancelled from outside as a child fails, or just before ----

    @Async
    static Coroutine<Void> groupParent3(List<String> log) {
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(failAfter("x", 0.1));
            Await.on(Asyncio.sleep(1));
        } catch (Throwable e) {
            log.add("parent " + e.getClass().getSimpleName() + " cancelling=" + Asyncio.currentTask().cancelling());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> parentCancelledAsChildFails() {
        List<String> log = new ArrayList<>();
        double[] delays = {0.1, 0.05};
        String[] names = {"t", "t2"};
        for (int i = 0; i < 2; i++) {
            Task<Void> t = Asyncio.createTask(groupParent3(log));
            Await.on(Asyncio.sleep(delays[i]));
            t.cancel();
            try {
                Await.on(t);
            } catch (CancelledError e) {
                log.add(names[i] + " cancelled");
            } catch (ExceptionGroup eg) {
                log.add(names[i] + " eg " + messages(eg));
            }
        }
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (cancelled in the pass where the child fails, the group's error wins over the cancellation):
     * ['parent ExceptionGroup cancelling=1', "t eg ['x']", 'parent CancelledError cancelling=1', 't2 cancelled']
     */
    @Test
    void taskGroupParentCancelledAsAChildFails() {
        assertEquals(List.of("parent ExceptionGroup cancelling=1", "t eg x", "parent CancelledError cancelling=1",
                "t2 cancelled"), VirtualTime.run(parentCancelledAsChildFails()));
    }

    // ---- a cancel message through gather, shield and waitFor ----

    @Async
    static Coroutine<Void> msgChild(String name, List<String> log) {
        try {
            Await.on(Asyncio.sleep(1));
        } catch (CancelledError e) {
            log.add(name + " got " + e.getMessage());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> gatherAwaiter(boolean retExc, List<String> log) {
        try {
            Await.on(Asyncio.gather(retExc, msgChild("a", log), msgChild("b", log)));
        } catch (CancelledError e) {
            log.add("awaiter(" + (retExc ? "True" : "False") + ") got " + e.getMessage());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> shieldAwaiter(List<String> log) {
        try {
            Await.on(Asyncio.shield(Asyncio.sleep(1)));
        } catch (CancelledError e) {
            log.add("shield awaiter got " + e.getMessage());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> waitForAwaiter(List<String> log) {
        try {
            Await.on(Asyncio.waitFor(msgChild("c", log), 5));
        } catch (CancelledError e) {
            log.add("wait_for awaiter got " + e.getMessage());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> cancelWith(Task<Void> t, String msg, List<String> log) {
        Await.on(Asyncio.sleep(0.1));
        t.cancel(msg);
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("t " + e.getMessage());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<String>> cancelMessages() {
        List<String> log = new ArrayList<>();
        for (boolean r : new boolean[] {false, true}) {
            Await.on(cancelWith(Asyncio.createTask(gatherAwaiter(r, log)), "m", log));
        }
        Await.on(cancelWith(Asyncio.createTask(shieldAwaiter(log)), "s", log));
        Await.on(cancelWith(Asyncio.createTask(waitForAwaiter(log)), "w", log));
        return Coroutine.of(log);
    }

    /*
     * Python 3.11.7 (wait_for cancels its inner task without the message):
     * ["a got ('m',)", "b got ('m',)", "awaiter(False) got ('m',)", "t ('m',)", "a got ('m',)", "b got ('m',)",
     *  "awaiter(True) got ('m',)", "t ('m',)", "shield awaiter got ('s',)", "t ('s',)", 'c got ()',
     *  "wait_for awaiter got ('w',)", "t ('w',)"]
     */
    @Test
    void cancelMessagesThroughGatherShieldAndWaitFor() {
        assertEquals(List.of("a got m", "b got m", "awaiter(False) got m", "t m", "a got m", "b got m",
                "awaiter(True) got m", "t m", "shield awaiter got s", "t s", "c got null", "wait_for awaiter got w",
                "t w"), VirtualTime.run(cancelMessages()));
    }

    // ---- waitFor(x, 0) on an awaitable that would not suspend still times out (its task never starts) ----

    @Async
    static Coroutine<List<String>> waitForZeroOnReadyPrimitives() {
        List<String> log = new ArrayList<>();
        Event ev = new Event();
        ev.set();
        try {
            log.add(String.valueOf(Await.on(Asyncio.waitFor(ev.await(), 0))));
        } catch (TimeoutError e) {
            log.add("timeout even though set");
        }
        log.add(Await.on(Asyncio.waitFor(ev.await(), 0.01)) ? "True" : "False");
        Lock lock = new Lock();
        try {
            log.add(String.valueOf(Await.on(Asyncio.waitFor(lock.acquire(), 0))));
        } catch (TimeoutError e) {
            log.add("lock timeout locked=" + (lock.isLocked() ? "True" : "False"));
        }
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        try {
            log.add(String.valueOf(Await.on(Asyncio.waitFor(q.get(), 0))));
        } catch (TimeoutError e) {
            log.add("get timeout qsize=" + q.qsize());
        }
        return Coroutine.of(log);
    }

    /* Python 3.11.7: ['timeout even though set', True, 'lock timeout locked=False', 'get timeout qsize=1'] */
    @Test
    void waitForZeroOnReadyPrimitivesTimesOut() {
        assertEquals(List.of("timeout even though set", "True", "lock timeout locked=False", "get timeout qsize=1"),
                VirtualTime.run(waitForZeroOnReadyPrimitives()));
    }
}
