package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Condition}: the step orders are those CPython 3.11.7's asyncio.Condition gives for the same
 * programs, except that a cancelled waiter passes a signal on (3.13's fix) instead of losing it.
 */
class ConditionTest extends AsyncTestBase {

    @Async
    Coroutine<Void> waiter(Condition cond, int first, int woken) {
        Await.on(cond.acquire());
        try {
            expect(first);
            assertTrue(Await.on(cond.await()));
            assertTrue(cond.isLocked());
            expect(woken);
        } finally {
            cond.release();
        }
        return Coroutine.done();
    }

    /** signal(n) wakes the n oldest waiters, signalAll the rest; they reacquire the lock in order. */
    @Test
    void signalWakesTheOldestWaitersFirst() {
        runTest(() -> {
            Condition cond = new Condition();
            expect(1);
            List<Task<Void>> tasks = new ArrayList<>();
            tasks.add(launch(waiter(cond, 2, 7)));
            tasks.add(launch(waiter(cond, 3, 8)));
            tasks.add(launch(waiter(cond, 4, 10)));
            tasks.add(launch(waiter(cond, 5, 11)));
            Await.on(Asyncio.sleep(0));
            expect(6);
            Await.on(cond.acquire());
            assertEquals("<Condition at 0x" + Integer.toHexString(System.identityHashCode(cond))
                    + " [locked, waiters:4]>", cond.toString());
            cond.signal(2);   // the two oldest
            cond.release();
            Await.on(Asyncio.sleep(0));
            Await.on(Asyncio.sleep(0));
            expect(9);
            Await.on(cond.acquire());
            cond.signalAll();
            cond.release();
            Await.on(Asyncio.gather(tasks));
            finish(12);
            return Coroutine.done();
        });
    }

    /** await and signal without holding the lock are errors (Python's RuntimeError). */
    @Test
    void awaitingOrSignallingWithoutTheLockIsAnError() {
        runTest(() -> {
            Condition cond = new Condition();
            IllegalStateException e = Await.on(assertThrowsAsync(IllegalStateException.class, cond.await()));
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
            e = assertThrows(IllegalStateException.class, cond::signal);
            assertEquals("cannot notify on un-acquired lock", e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> cond.signal(3));
            assertEquals("cannot notify on un-acquired lock", e.getMessage());
            e = assertThrows(IllegalStateException.class, cond::signalAll);
            assertEquals("cannot notify on un-acquired lock", e.getMessage());
            e = Await.on(assertThrowsAsync(IllegalStateException.class, cond.awaitUntil(() -> false)));
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
            assertTrue(Await.on(cond.awaitUntil(() -> true)));   // a true predicate never waits
            e = assertThrows(IllegalStateException.class, cond::release);
            assertEquals("Lock is not acquired.", e.getMessage());
            return Coroutine.done();
        });
    }

    @Async
    Coroutine<Void> predicateWaiter(Condition cond, int[] state) {
        Await.on(cond.acquire());
        try {
            expect(2);
            assertTrue(Await.on(cond.awaitUntil(() -> state[0] >= 2)));
            expect(6);
        } finally {
            cond.release();
        }
        return Coroutine.done();
    }

    /** awaitUntil checks its predicate after every wake-up and waits again while it is false. */
    @Test
    void awaitUntilWaitsUntilThePredicateHolds() {
        runTest(() -> {
            Condition cond = new Condition();
            int[] state = {0};
            expect(1);
            Task<Void> t = launch(predicateWaiter(cond, state));
            Await.on(Asyncio.sleep(0));
            Await.on(cond.acquire());
            expect(3);
            state[0] = 1;
            cond.signal();
            cond.release();
            Await.on(Asyncio.sleep(0));
            Await.on(Asyncio.sleep(0));   // the waiter wakes, finds the predicate false, waits again
            Await.on(cond.acquire());
            expect(4);
            state[0] = 2;
            cond.signal();
            cond.release();
            expect(5);
            Await.on(t);
            finish(7);
            return Coroutine.done();
        });
    }

    @Async
    Coroutine<Void> cancelledWaiter(Condition cond) {
        Await.on(cond.acquire());
        try {
            expect(2);
            Await.on(cond.await());
            expectUnreached();
        } catch (CancelledError e) {
            expect(6);
            assertTrue(cond.isLocked());   // reacquired before the error propagates
            throw e;
        } finally {
            cond.release();
        }
        return Coroutine.done();
    }

    /** A waiter cancelled while it waits reacquires the lock before CancelledError leaves await(). */
    @Test
    void aCancelledWaiterReacquiresTheLockBeforeThrowing() {
        runTest(() -> {
            Condition cond = new Condition();
            expect(1);
            Task<Void> t = launch(cancelledWaiter(cond));
            Await.on(Asyncio.sleep(0));
            Await.on(cond.acquire());   // the waiter released the lock while it waits
            expect(3);
            t.cancel();
            Await.on(Asyncio.sleep(0));   // the waiter wakes with CancelledError and waits for the lock we hold
            expect(4);
            assertFalse(t.isDone());
            cond.release();
            expect(5);
            Await.on(assertThrowsAsync(CancelledError.class, t));
            assertTrue(t.isCancelled());
            assertFalse(cond.isLocked());
            finish(7);
            return Coroutine.done();
        });
    }

    /** A waiter cancelled while it reacquires the lock keeps waiting for it, then throws CancelledError. */
    @Test
    void aWaiterCancelledWhileReacquiringStillReacquires() {
        runTest(() -> {
            Condition cond = new Condition();
            expect(1);
            Task<Void> t = launch(cancelledWaiter(cond));
            Await.on(Asyncio.sleep(0));
            Await.on(cond.acquire());
            expect(3);
            cond.signal();
            Await.on(Asyncio.sleep(0));   // the waiter wakes from the signal and waits for the lock
            expect(4);
            t.cancel();                   // cancels its lock acquisition ...
            Await.on(Asyncio.sleep(0));   // ... but it keeps waiting for the lock
            assertFalse(t.isDone());
            cond.release();
            expect(5);
            Await.on(assertThrowsAsync(CancelledError.class, t));
            assertTrue(t.isCancelled());
            assertFalse(cond.isLocked());
            finish(7);
            return Coroutine.done();
        });
    }

    @Async
    Coroutine<Void> loggingWaiter(Condition cond, java.util.List<String> log, String name) {
        Await.on(cond.acquire());
        try {
            log.add(name + " waits");
            Await.on(cond.await());
            log.add(name + " woken");
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        } finally {
            cond.release();
        }
        return Coroutine.done();
    }

    /**
     * A waiter cancelled after signal() woke it does not take the signal with it: it signals the next
     * waiter (CPython 3.13's fix, gh-112202; 3.11.7 lost the signal), so no wake-up is ever lost.
     */
    @Test
    void aSignalledWaiterThatIsCancelledPassesTheSignalOn() {
        runTest(() -> {
            Condition cond = new Condition();
            java.util.List<String> log = new java.util.ArrayList<>();
            Task<Void> t1 = Asyncio.createTask(loggingWaiter(cond, log, "t1"));
            Task<Void> t2 = Asyncio.createTask(loggingWaiter(cond, log, "t2"));
            Await.on(Asyncio.sleep(0));
            Await.on(cond.acquire());
            cond.signal(1);   // wakes t1 ...
            cond.release();
            t1.cancel();      // ... which is cancelled before it runs: it passes the signal on to t2
            Await.on(Asyncio.gather(true, t1, t2));
            assertEquals(java.util.List.of("t1 waits", "t2 waits", "t1 cancelled", "t2 woken"), log);
            assertTrue(t1.isCancelled());
            assertFalse(t2.isCancelled());
            assertFalse(cond.isLocked());
            return Coroutine.done();
        });
    }

    /** Conditions built on one lock share it. */
    @Test
    void conditionsCanShareALock() {
        runTest(() -> {
            Lock lock = new Lock();
            Condition c1 = new Condition(lock);
            Condition c2 = new Condition(lock);
            Await.on(c1.acquire());
            assertTrue(lock.isLocked());
            assertTrue(c2.isLocked());
            c2.signal();
            c1.release();
            assertFalse(lock.isLocked());
            return Coroutine.done();
        });
    }

    @Async
    Coroutine<Void> waitOnce(Condition cond) {
        Await.on(cond.acquire());
        Task<Void> t = Asyncio.createTask(signalLater(cond));
        Await.on(cond.await());
        cond.release();
        Await.on(t);
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> signalLater(Condition cond) {
        Await.on(cond.acquire());
        cond.signal();
        cond.release();
        return Coroutine.done();
    }

    /** A condition binds to the first loop that makes a task wait on it. */
    @Test
    void aConditionIsBoundToTheFirstLoopThatWaitsOnIt() {
        Condition cond = new Condition(new Lock());
        VirtualTime.run(waitOnce(cond));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualTime.run(waitOnce(cond)));
        assertEquals("<Condition at 0x" + Integer.toHexString(System.identityHashCode(cond))
                + " [unlocked]> is bound to a different event loop", e.getMessage());
        assertTrue(cond.isLocked());   // even this failure leaves await() with the lock reacquired
    }
}
