package dev.weft;

import dev.weft.PyTrace.ValueError;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleUnaryOperator;

import static dev.weft.PyTrace.cancelling;
import static dev.weft.PyTrace.py;
import static dev.weft.PyTrace.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Timeout}: Python 3.11's {@code async with asyncio.timeout(...) as t}. Each test is the port of the CPython
 * 3.11.7 program quoted above it, whose output it asserts (see {@link PyTrace} for the harness). {@code async with
 * asyncio.timeout(d) as t} is {@code try (Timeout t = Asyncio.timeout(d))}; where Python uses {@code t} after the
 * statement (or in an {@code except} around it), the port declares it first and writes {@code try (t)}; a resource
 * is effectively final, so where Python binds {@code t} again the port names the next one {@code t2}, {@code t3}.
 */
class TimeoutTest extends AsyncTestBase {
    private final PyTrace py = new PyTrace();

    /*
     * async def main():
     *     try:
     *         async with asyncio.timeout(1) as t:
     *             L(f"entered {t!r} expired={t.expired()}")
     *             try:
     *                 await asyncio.sleep(5)
     *             except asyncio.CancelledError as e:
     *                 L(f"body cancelled {t!r} expired={t.expired()} cancelling={asyncio.current_task().cancelling()}")
     *                 raise
     *     except TimeoutError as e:
     *         L(f"TimeoutError cause={type(e.__cause__).__name__} {t!r} expired={t.expired()} "
     *           f"cancelling={asyncio.current_task().cancelling()}")
     *     async with asyncio.timeout(2) as t:
     *         await asyncio.sleep(1)
     *     L(f"not expired {t!r} expired={t.expired()} when={t.when()}")
     *     async with asyncio.timeout(None) as t:
     *         L(f"no deadline {t!r} when={t.when()}")
     *         await asyncio.sleep(1)
     *     L(f"{t!r}")
     */
    @Async
    Coroutine<Void> expires() {
        Timeout t = Asyncio.timeout(1);
        try (t) {
            py.log("entered " + t + " expired=" + py(t.isExpired()));
            try {
                Await.on(Asyncio.sleep(5));
            } catch (CancelledError e) {
                py.log("body cancelled " + t + " expired=" + py(t.isExpired()) + " cancelling=" + cancelling());
                throw e;
            }
        } catch (TimeoutError e) {
            py.log("TimeoutError cause=" + e.getCause().getClass().getSimpleName() + " " + t + " expired="
                    + py(t.isExpired()) + " cancelling=" + cancelling());
        }
        Timeout t2 = Asyncio.timeout(2);
        try (t2) {
            Await.on(Asyncio.sleep(1));
        }
        py.log("not expired " + t2 + " expired=" + py(t2.isExpired()) + " when=" + when(t2.when()));
        Timeout t3 = Asyncio.timeout(Double.POSITIVE_INFINITY);
        try (t3) {
            py.log("no deadline " + t3 + " when=" + when(t3.when()));
            Await.on(Asyncio.sleep(1));
        }
        py.log(t3.toString());
        return Coroutine.done();
    }

    @Test
    void expiryCancelsTheBlockAndTheExitThrowsTimeoutError() {
        runTest(expires());
        assertEquals(py.expected("""
                0.00 entered <Timeout [active] when=1.0> expired=False
                1.00 body cancelled <Timeout [expiring]> expired=True cancelling=1
                1.00 TimeoutError cause=CancelledError <Timeout [expired]> expired=True cancelling=0
                2.00 not expired <Timeout [finished]> expired=False when=3.0
                2.00 no deadline <Timeout [active] when=None> when=None
                3.00 <Timeout [finished]>
                """), py.log);
    }

    /*
     * async def block(name, delay, at, new_when):
     *     loop = asyncio.get_running_loop()
     *     try:
     *         async with asyncio.timeout(delay) as t:
     *             await asyncio.sleep(at)
     *             t.reschedule(new_when(loop))
     *             L(f"{name} rescheduled {t!r}")
     *             await asyncio.sleep(4)
     *             L(f"{name} block end")
     *     except TimeoutError:
     *         L(f"{name} TimeoutError {t!r}")
     * async def main():
     *     await block("later", 1, 0.5, lambda loop: loop.time() + 2)
     *     await block("earlier", 10, 1, lambda loop: loop.time() + 0.5)
     *     await block("never", 1, 0.5, lambda loop: None)
     *     await block("past", 10, 1, lambda loop: loop.time() - 5)
     *     await block("now", 10, 1, lambda loop: loop.time())
     */
    @Async
    Coroutine<Void> rescheduled(String name, double delay, double at, DoubleUnaryOperator newWhen) {
        Timeout t = Asyncio.timeout(delay);
        try (t) {
            Await.on(Asyncio.sleep(at));
            t.reschedule(newWhen.applyAsDouble(Asyncio.getRunningLoop().time()));
            py.log(name + " rescheduled " + t);
            Await.on(Asyncio.sleep(4));
            py.log(name + " block end");
        } catch (TimeoutError e) {
            py.log(name + " TimeoutError " + t);
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> reschedules() {
        Await.on(rescheduled("later", 1, 0.5, now -> now + 2));
        Await.on(rescheduled("earlier", 10, 1, now -> now + 0.5));
        Await.on(rescheduled("never", 1, 0.5, now -> Double.POSITIVE_INFINITY));
        Await.on(rescheduled("past", 10, 1, now -> now - 5));
        Await.on(rescheduled("now", 10, 1, now -> now));
        return Coroutine.done();
    }

    @Test
    void rescheduleLaterEarlierToNoneToThePastAndToNow() {
        runTest(reschedules());
        assertEquals(py.expected("""
                0.50 later rescheduled <Timeout [active] when=2.5>
                2.50 later TimeoutError <Timeout [expired]>
                3.50 earlier rescheduled <Timeout [active] when=4.0>
                4.00 earlier TimeoutError <Timeout [expired]>
                4.50 never rescheduled <Timeout [active] when=None>
                8.50 never block end
                9.50 past rescheduled <Timeout [active] when=4.5>
                9.50 past TimeoutError <Timeout [expired]>
                10.50 now rescheduled <Timeout [active] when=10.5>
                10.50 now TimeoutError <Timeout [expired]>
                """), py.log);
    }

    /*
     * async def main():
     *     async with asyncio.timeout(1) as t:
     *         try:
     *             await asyncio.sleep(2)
     *         except asyncio.CancelledError:
     *             L(f"swallowed {t!r} expired={t.expired()} cancelling={asyncio.current_task().cancelling()}")
     *         try:
     *             t.reschedule(5)
     *         except RuntimeError as e:
     *             L(f"error {e}")
     *         await asyncio.sleep(1)
     *         L("block goes on")
     *     L(f"after {t!r} expired={t.expired()} cancelling={asyncio.current_task().cancelling()}")
     *     try:
     *         t.reschedule(5)
     *     except RuntimeError as e:
     *         L(f"error {e}")
     *     async with asyncio.timeout(1) as t2:
     *         pass
     *     try:
     *         t2.reschedule(5)
     *     except RuntimeError as e:
     *         L(f"error {e}")
     *     await asyncio.sleep(1)
     *     L("slept")
     */
    @Async
    Coroutine<Void> swallows() {
        Timeout t = Asyncio.timeout(1);
        try (t) {
            try {
                Await.on(Asyncio.sleep(2));
            } catch (CancelledError e) {
                py.log("swallowed " + t + " expired=" + py(t.isExpired()) + " cancelling=" + cancelling());
            }
            try {
                t.reschedule(5);
            } catch (IllegalStateException e) {
                py.log("error " + e.getMessage());
            }
            Await.on(Asyncio.sleep(1));
            py.log("block goes on");
        }
        py.log("after " + t + " expired=" + py(t.isExpired()) + " cancelling=" + cancelling());
        try {
            t.reschedule(5);
        } catch (IllegalStateException e) {
            py.log("error " + e.getMessage());
        }
        Timeout t2 = Asyncio.timeout(1);
        try (t2) {
        }
        try {
            t2.reschedule(5);
        } catch (IllegalStateException e) {
            py.log("error " + e.getMessage());
        }
        Await.on(Asyncio.sleep(1));
        py.log("slept");
        return Coroutine.done();
    }

    @Test
    void aBlockThatSwallowsTheCancellationEndsNormallyAndTheRequestIsTakenBack() {
        runTest(swallows());
        assertEquals(py.expected("""
                1.00 swallowed <Timeout [expiring]> expired=True cancelling=1
                1.00 error Cannot change state of expiring Timeout
                2.00 block goes on
                2.00 after <Timeout [expired]> expired=True cancelling=0
                2.00 error Cannot change state of expired Timeout
                2.00 error Cannot change state of finished Timeout
                3.00 slept
                """), py.log);
    }

    /*
     * async def nested(name, outer_delay, inner_delay):
     *     try:
     *         async with asyncio.timeout(outer_delay) as outer:
     *             try:
     *                 async with asyncio.timeout(inner_delay) as inner:
     *                     await asyncio.sleep(5)
     *             except TimeoutError:
     *                 L(f"{name}: inner TimeoutError {inner!r} {outer!r}")
     *             except asyncio.CancelledError:
     *                 L(f"{name}: CancelledError through inner {inner!r} {outer!r} "
     *                   f"cancelling={asyncio.current_task().cancelling()}")
     *                 raise
     *             await asyncio.sleep(5)
     *             L(f"{name}: outer block end")
     *     except TimeoutError as e:
     *         L(f"{name}: outer TimeoutError {inner!r} {outer!r} cause={type(e.__cause__).__name__}")
     *     L(f"{name}: cancelling={asyncio.current_task().cancelling()}")
     * async def main():
     *     await nested("inner first", 3, 1)
     *     await nested("outer first", 1, 3)
     *     await nested("same time", 1, 1)
     */
    @Async
    Coroutine<Void> nested(String name, double outerDelay, double innerDelay) {
        Timeout outer = Asyncio.timeout(outerDelay);
        Timeout inner = null;
        try (outer) {
            try (Timeout t = Asyncio.timeout(innerDelay)) {
                inner = t;   // Python's inner outlives its block: the handlers below log it
                Await.on(Asyncio.sleep(5));
            } catch (TimeoutError e) {
                py.log(name + ": inner TimeoutError " + inner + " " + outer);
            } catch (CancelledError e) {
                py.log(name + ": CancelledError through inner " + inner + " " + outer + " cancelling="
                        + cancelling());
                throw e;
            }
            Await.on(Asyncio.sleep(5));
            py.log(name + ": outer block end");
        } catch (TimeoutError e) {
            py.log(name + ": outer TimeoutError " + inner + " " + outer + " cause="
                    + e.getCause().getClass().getSimpleName());
        }
        py.log(name + ": cancelling=" + cancelling());
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> nestedMain() {
        Await.on(nested("inner first", 3, 1));
        Await.on(nested("outer first", 1, 3));
        Await.on(nested("same time", 1, 1));
        return Coroutine.done();
    }

    @Test
    void nestedTimeoutsTheOneThatExpiredAndIsLeftLastThrows() {
        runTest(nestedMain());
        // "same time": both expire on one pass (the outer's timer first) and cancel the task twice; the inner one
        // takes back its request but sees the outer's pending, so the CancelledError goes through it; the outer
        // one, back to the count it entered with, throws TimeoutError.
        assertEquals(py.expected("""
                1.00 inner first: inner TimeoutError <Timeout [expired]> <Timeout [active] when=3.0>
                3.00 inner first: outer TimeoutError <Timeout [expired]> <Timeout [expired]> cause=CancelledError
                3.00 inner first: cancelling=0
                4.00 outer first: CancelledError through inner <Timeout [finished]> <Timeout [expiring]> cancelling=1
                4.00 outer first: outer TimeoutError <Timeout [finished]> <Timeout [expired]> cause=CancelledError
                4.00 outer first: cancelling=0
                5.00 same time: CancelledError through inner <Timeout [expired]> <Timeout [expiring]> cancelling=1
                5.00 same time: outer TimeoutError <Timeout [expired]> <Timeout [expired]> cause=CancelledError
                5.00 same time: cancelling=0
                """), py.log);
    }

    /*
     * async def main():
     *     try:
     *         async with asyncio.timeout(1) as t:
     *             await asyncio.sleep(0.5)
     *             raise ValueError("early")
     *     except ValueError as e:
     *         L(f"ValueError {e} {t!r}")
     *     try:
     *         async with asyncio.timeout(1) as t:
     *             try:
     *                 await asyncio.sleep(2)
     *             except asyncio.CancelledError:
     *                 raise ValueError("after expiry")
     *     except ValueError as e:
     *         L(f"ValueError {e} {t!r} cancelling={asyncio.current_task().cancelling()}")
     *     await asyncio.sleep(1)
     *     L("slept")
     */
    @Async
    Coroutine<Void> otherExceptions() {
        Timeout t = Asyncio.timeout(1);
        try (t) {
            Await.on(Asyncio.sleep(0.5));
            throw new ValueError("early");
        } catch (ValueError e) {
            py.log("ValueError " + e.getMessage() + " " + t);
        }
        Timeout t2 = Asyncio.timeout(1);
        try (t2) {
            try {
                Await.on(Asyncio.sleep(2));
            } catch (CancelledError e) {
                throw new ValueError("after expiry");
            }
        } catch (ValueError e) {
            py.log("ValueError " + e.getMessage() + " " + t2 + " cancelling=" + cancelling());
        }
        Await.on(Asyncio.sleep(1));
        py.log("slept");
        return Coroutine.done();
    }

    @Test
    void anotherExceptionPropagatesAsItIsBeforeOrAfterExpiry() {
        runTest(otherExceptions());
        assertEquals(py.expected("""
                0.50 ValueError early <Timeout [finished]>
                1.50 ValueError after expiry <Timeout [expired]> cancelling=0
                2.50 slept
                """), py.log);
    }

    /*
     * async def guarded(name, delay, body):
     *     try:
     *         async with asyncio.timeout(delay) as t:
     *             try:
     *                 await asyncio.sleep(body)
     *             except asyncio.CancelledError:
     *                 L(f"{name}: body cancelled {t!r} cancelling={asyncio.current_task().cancelling()}")
     *                 await asyncio.sleep(body)   # still cleaning up when the other cancel/deadline comes
     *                 raise
     *     except TimeoutError:
     *         L(f"{name}: TimeoutError {t!r}")
     *     except asyncio.CancelledError:
     *         L(f"{name}: CancelledError {t!r} cancelling={asyncio.current_task().cancelling()}")
     *         raise
     * async def main():
     *     t = asyncio.create_task(guarded("cancelled first", 10, 1))
     *     await asyncio.sleep(0.5)
     *     t.cancel()
     *     try: await t
     *     except asyncio.CancelledError: L(f"task cancelled={t.cancelled()}")
     *     t = asyncio.create_task(guarded("expired first", 1, 2))
     *     await asyncio.sleep(1.5)
     *     t.cancel()
     *     try: await t
     *     except asyncio.CancelledError: L(f"task cancelled={t.cancelled()}")
     */
    @Async
    Coroutine<Void> guarded(String name, double delay, double body) {
        Timeout t = Asyncio.timeout(delay);
        try (t) {
            try {
                Await.on(Asyncio.sleep(body));
            } catch (CancelledError e) {
                py.log(name + ": body cancelled " + t + " cancelling=" + cancelling());
                Await.on(Asyncio.sleep(body));
                throw e;
            }
        } catch (TimeoutError e) {
            py.log(name + ": TimeoutError " + t);
        } catch (CancelledError e) {
            py.log(name + ": CancelledError " + t + " cancelling=" + cancelling());
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> externalCancel() {
        Task<Void> t = Asyncio.createTask(guarded("cancelled first", 10, 1));
        Await.on(Asyncio.sleep(0.5));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            py.log("task cancelled=" + py(t.isCancelled()));
        }
        t = Asyncio.createTask(guarded("expired first", 1, 2));
        Await.on(Asyncio.sleep(1.5));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            py.log("task cancelled=" + py(t.isCancelled()));
        }
        return Coroutine.done();
    }

    @Test
    void anotherCancellationOfTheTaskIsNotTurnedIntoTimeoutError() {
        runTest(externalCancel());
        assertEquals(py.expected("""
                0.50 cancelled first: body cancelled <Timeout [active] when=10.0> cancelling=1
                1.50 cancelled first: CancelledError <Timeout [finished]> cancelling=1
                1.50 task cancelled=True
                2.50 expired first: body cancelled <Timeout [expiring]> cancelling=1
                3.00 expired first: CancelledError <Timeout [expired]> cancelling=1
                3.00 task cancelled=True
                """), py.log);
    }

    /*
     * async def other():
     *     L("other step 1")
     *     await asyncio.sleep(0)
     *     L("other step 2")
     *     await asyncio.sleep(0)
     *     L("other step 3")
     * async def main():
     *     loop = asyncio.get_running_loop()
     *     await asyncio.sleep(1)
     *     o = asyncio.create_task(other())
     *     try:
     *         async with asyncio.timeout_at(loop.time() - 1) as t:
     *             L(f"entered {t!r}")
     *             await asyncio.sleep(0)
     *             L("unreached")
     *     except TimeoutError:
     *         L(f"TimeoutError {t!r}")
     *     await o
     *     try:
     *         async with asyncio.timeout(0) as t:
     *             L(f"entered {t!r}")
     *             await asyncio.sleep(0)
     *             L("unreached")
     *     except TimeoutError:
     *         L(f"TimeoutError {t!r}")
     *     async with asyncio.timeout(0) as t:
     *         L("a block that does not await")
     *     L(f"after {t!r} expired={t.expired()}")
     *     def callback():
     *         try:
     *             asyncio.timeout(1).__aenter__().send(None)
     *         except RuntimeError as e:
     *             L(f"callback: {e}")
     *         try:
     *             asyncio.TaskGroup().__aenter__().send(None)
     *         except RuntimeError as e:
     *             L(f"callback: {e}")
     *     loop.call_soon(callback)
     *     await asyncio.sleep(0)
     */
    @Async
    Coroutine<Void> other() {
        py.log("other step 1");
        Await.on(Asyncio.sleep(0));
        py.log("other step 2");
        Await.on(Asyncio.sleep(0));
        py.log("other step 3");
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> past() {
        EventLoop loop = Asyncio.getRunningLoop();
        Await.on(Asyncio.sleep(1));
        Task<Void> o = Asyncio.createTask(other());
        Timeout t = Asyncio.timeoutAt(loop.time() - 1);
        try (t) {
            py.log("entered " + t);
            Await.on(Asyncio.sleep(0));
            py.log("unreached");
        } catch (TimeoutError e) {
            py.log("TimeoutError " + t);
        }
        Await.on(o);
        Timeout t2 = Asyncio.timeout(0);
        try (t2) {
            py.log("entered " + t2);
            Await.on(Asyncio.sleep(0));
            py.log("unreached");
        } catch (TimeoutError e) {
            py.log("TimeoutError " + t2);
        }
        Timeout t3 = Asyncio.timeout(0);
        try (t3) {
            py.log("a block that does not await");
        }
        py.log("after " + t3 + " expired=" + py(t3.isExpired()));
        loop.callSoon(() -> {
            try {
                Asyncio.timeout(1);
            } catch (IllegalStateException e) {
                py.log("callback: " + e.getMessage());
            }
            try {
                new TaskGroup();
            } catch (IllegalStateException e) {
                py.log("callback: " + e.getMessage());
            }
        });
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    @Test
    void aDeadlineInThePastExpiresOnTheNextPassAndATimeoutNeedsATask() {
        runTest(past());
        assertEquals(py.expected("""
                1.00 entered <Timeout [active] when=0.0>
                1.00 other step 1
                1.00 TimeoutError <Timeout [expired]>
                1.00 other step 2
                1.00 other step 3
                1.00 entered <Timeout [active] when=1.0>
                1.00 TimeoutError <Timeout [expired]>
                1.00 a block that does not await
                1.00 after <Timeout [finished]> expired=False
                1.00 callback: Timeout should be used inside a task
                1.00 callback: TaskGroup <TaskGroup> cannot determine the parent task
                """), py.log);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.timeout(1));
        assertTrue(e.getMessage().startsWith("Timeout should be used inside a task"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Asyncio.timeoutAt(1));
    }

    /*
     * import concurrent.futures
     * async def main():
     *     cf = concurrent.futures.Future()
     *     try:
     *         async with asyncio.timeout(1):
     *             await asyncio.wrap_future(cf)
     *     except TimeoutError as e:
     *         L(f"TimeoutError cause={type(e.__cause__).__name__} stage cancelled={cf.cancelled()}")
     *     cf = concurrent.futures.Future()
     *     asyncio.get_running_loop().call_later(0.5, cf.set_result, "value")
     *     async with asyncio.timeout(1):
     *         v = await asyncio.wrap_future(cf)
     *     L(f"got {v}")
     */
    @Async
    Coroutine<Void> stage() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        try {
            Await.on(Asyncio.timeout(1, cf));
        } catch (TimeoutError e) {
            py.log("TimeoutError cause=" + e.getCause().getClass().getSimpleName() + " stage cancelled="
                    + py(cf.isCancelled()));
        }
        CompletableFuture<String> cf2 = new CompletableFuture<>();
        Asyncio.getRunningLoop().callLater(0.5, () -> cf2.complete("value"));
        String v = Await.on(Asyncio.timeout(1, cf2));
        py.log("got " + v);
        return Coroutine.done();
    }

    @Test
    void aTimedOutStageIsCancelled() {
        runTest(stage());
        assertEquals(py.expected("""
                1.00 TimeoutError cause=CancelledError stage cancelled=True
                1.50 got value
                """), py.log);
    }

    /*
     * async def main():
     *     async with asyncio.timeout_at(12.3456) as t:
     *         L(f"{t!r}")
     *         for w in (7.0, 0.0005, 1.0005, 2.675, 123456789.0, 1e-7):
     *             t.reschedule(w)
     *             L(f"{t!r}")
     *         t.reschedule(None)
     */
    @Async
    Coroutine<Void> representations() {
        try (Timeout t = Asyncio.timeoutAt(12.3456)) {
            py.log(t.toString());
            for (double w : new double[] {7.0, 0.0005, 1.0005, 2.675, 123456789.0, 1e-7}) {
                t.reschedule(w);
                py.log(t.toString());
            }
            t.reschedule(Double.POSITIVE_INFINITY);
            assertThrows(IllegalArgumentException.class, () -> t.reschedule(Double.NaN));
        }
        return Coroutine.done();
    }

    @Test
    void toStringRoundsTheDeadlineAsPythonsRepr() {
        runTest(representations());
        // round() rounds the binary value: 0.0005 is a little above, 1.0005 a little below, 2.675 stays.
        assertEquals(py.expected("""
                0.00 <Timeout [active] when=12.346>
                0.00 <Timeout [active] when=7.0>
                0.00 <Timeout [active] when=0.001>
                0.00 <Timeout [active] when=1.0>
                0.00 <Timeout [active] when=2.675>
                0.00 <Timeout [active] when=123456789.0>
                0.00 <Timeout [active] when=0.0>
                """), py.log);
    }
}
