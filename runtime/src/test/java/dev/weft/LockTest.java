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

/** {@link Lock}: the step orders are those CPython 3.11.7's asyncio.Lock gives for the same programs. */
class LockTest extends AsyncTestBase {

    // ---- fast path ----

    @Async
    Coroutine<Void> expectStep(int step) {
        expect(step);
        return Coroutine.done();
    }

    /** Acquiring a free lock does not suspend (and creates no waiter). */
    @Test
    void acquiringAFreeLockDoesNotSuspend() {
        runTest(() -> {
            Lock lock = new Lock();
            expect(1);
            launch(expectStep(3));
            assertTrue(Await.on(lock.acquire()));   // a free lock: no suspension, the task does not run yet
            assertTrue(lock.isLocked());
            lock.release();
            assertFalse(lock.isLocked());
            expect(2);
            Await.on(Asyncio.sleep(0));
            finish(4);
            return Coroutine.done();
        });
    }

    // ---- fairness ----

    @Async
    Coroutine<Void> takeAndRelease(Lock lock, int step) {
        Await.on(lock.acquire());
        expect(step);
        lock.release();
        return Coroutine.done();
    }

    /** Waiters get the lock in the order they asked for it. */
    @Test
    void waitersAcquireInFifoOrder() {
        runTest(() -> {
            Lock lock = new Lock();
            expect(1);
            Await.on(lock.acquire());
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(launch(takeAndRelease(lock, 4 + i)));
            }
            Await.on(Asyncio.sleep(0));
            expect(2);
            assertEquals("<Lock at 0x" + Integer.toHexString(System.identityHashCode(lock)) + " [locked, waiters:3]>",
                    lock.toString());
            lock.release();
            expect(3);
            Await.on(Asyncio.gather(tasks));
            finish(7);
            return Coroutine.done();
        });
    }

    @Async
    Coroutine<Void> queuedFirst(Lock lock) {
        expect(2);
        Await.on(lock.acquire());
        expect(5);
        lock.release();
        expect(6);
        return Coroutine.done();
    }

    /** A task acquiring a free lock while a woken waiter has not run yet does not barge in front of it. */
    @Test
    void aNewcomerDoesNotBargeInFrontOfAWokenWaiter() {
        runTest(() -> {
            Lock lock = new Lock();
            expect(1);
            Await.on(lock.acquire());
            Task<Void> t = launch(queuedFirst(lock));
            Await.on(Asyncio.sleep(0));
            expect(3);
            lock.release();
            assertFalse(lock.isLocked());
            expect(4);
            Await.on(lock.acquire());   // the lock is free, but a waiter was woken first: queue behind it
            expect(7);
            assertTrue(t.isDone());
            lock.release();
            finish(8);
            return Coroutine.done();
        });
    }

    // ---- cancellation ----

    @Async
    Coroutine<Void> cancelledWaiter(Lock lock, int first, int onCancel) {
        expect(first);
        try {
            Await.on(lock.acquire());
        } catch (CancelledError e) {
            expect(onCancel);
            throw e;
        }
        expectUnreached();
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> secondWaiter(Lock lock, int first, int acquired) {
        expect(first);
        Await.on(lock.acquire());
        expect(acquired);
        lock.release();
        return Coroutine.done();
    }

    /** A waiter cancelled while it waits leaves the queue; the next one gets the lock. */
    @Test
    void aCancelledWaiterLeavesTheQueue() {
        runTest(() -> {
            Lock lock = new Lock();
            expect(1);
            Await.on(lock.acquire());
            Task<Void> t1 = launch(cancelledWaiter(lock, 2, 5));
            Task<Void> t2 = launch(secondWaiter(lock, 3, 6));
            Await.on(Asyncio.sleep(0));
            expect(4);
            t1.cancel();
            Await.on(Asyncio.sleep(0));   // t1 leaves the queue
            lock.release();
            Await.on(t2);
            assertTrue(t1.isCancelled());
            finish(7);
            return Coroutine.done();
        });
    }

    /** A waiter cancelled after release() woke it, before it ran, passes the wake-up to the next one. */
    @Test
    void aWaiterCancelledWhileBeingWokenDoesNotLoseTheWakeUp() {
        runTest(() -> {
            Lock lock = new Lock();
            expect(1);
            Await.on(lock.acquire());
            Task<Void> t1 = launch(cancelledWaiter(lock, 2, 5));
            Task<Void> t2 = launch(secondWaiter(lock, 3, 6));
            Await.on(Asyncio.sleep(0));
            expect(4);
            lock.release();   // wakes t1 ...
            t1.cancel();      // ... which is cancelled before it runs
            Await.on(t2);     // t1 passes the wake-up on to t2
            assertTrue(t1.isCancelled());
            assertFalse(lock.isLocked());
            finish(7);
            return Coroutine.done();
        });
    }

    @Async
    Coroutine<Void> neverAcquires(Lock lock) {
        expect(2);
        Await.on(lock.acquire());
        expectUnreached();
        return Coroutine.done();
    }

    /** When every queued waiter is cancelled, a free lock is acquired at once. */
    @Test
    void aFreeLockWhoseWaitersAreAllCancelledIsAcquiredAtOnce() {
        runTest(() -> {
            Lock lock = new Lock();
            expect(1);
            Await.on(lock.acquire());
            Task<Void> t1 = launch(neverAcquires(lock));
            Await.on(Asyncio.sleep(0));
            expect(3);
            t1.cancel();
            lock.release();
            Await.on(lock.acquire());   // the only waiter is cancelled (not yet gone): no suspension
            expect(4);
            Await.on(Asyncio.sleep(0));
            assertTrue(t1.isCancelled());
            lock.release();
            finish(5);
            return Coroutine.done();
        });
    }

    // ---- misuse and loops ----

    /** Releasing an unlocked lock is an error (Python's RuntimeError). */
    @Test
    void releasingAnUnlockedLockIsAnError() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
    }

    @Async
    Coroutine<Void> contend(Lock lock) {
        Await.on(lock.acquire());
        Task<Void> t = Asyncio.createTask(takeAndReleaseQuietly(lock));
        Await.on(Asyncio.sleep(0));
        lock.release();
        Await.on(t);
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> takeAndReleaseQuietly(Lock lock) {
        Await.on(lock.acquire());
        lock.release();
        return Coroutine.done();
    }

    @Async
    Coroutine<Boolean> uncontendedOnly(Lock lock) {
        boolean r = Await.on(lock.acquire());
        lock.release();
        return Coroutine.of(r);
    }

    /**
     * A lock made outside any loop binds to the first loop that makes a task wait on it; waiting on it
     * from another loop is an error. As in Python, the uncontended path never looks at the loop.
     */
    @Test
    void aLockIsBoundToTheFirstLoopThatWaitsOnIt() {
        Lock lock = new Lock();
        VirtualTime.run(contend(lock));
        assertTrue(VirtualTime.run(uncontendedOnly(lock)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualTime.run(contend(lock)));
        assertEquals("<Lock at 0x" + Integer.toHexString(System.identityHashCode(lock))
                + " [locked]> is bound to a different event loop", e.getMessage());
    }
}
