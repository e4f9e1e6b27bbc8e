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
 * {@link Semaphore} and {@link BoundedSemaphore}: the step orders are those CPython 3.11.7's asyncio
 * semaphores give for the same programs.
 */
class SemaphoreTest extends AsyncTestBase {

    private static String repr(Object o, String state) {
        return "<" + o.getClass().getSimpleName() + " at 0x" + Integer.toHexString(System.identityHashCode(o))
                + " [" + state + "]>";
    }

    @Async
    Coroutine<Void> waiter(Semaphore sem, int first, int acquired) {
        expect(first);
        assertTrue(Await.on(sem.acquire()));
        expect(acquired);
        return Coroutine.done();
    }

    /** Waiters acquire in FIFO order, one per release; a plain semaphore may be released above its value. */
    @Test
    void waitersAcquireInFifoOrder() {
        runTest(() -> {
            Semaphore sem = new Semaphore(2);
            expect(1);
            assertFalse(sem.isLocked());
            Await.on(sem.acquire());   // no suspension while the value is positive
            Await.on(sem.acquire());
            assertTrue(sem.isLocked());
            List<Task<Void>> tasks = new ArrayList<>();
            tasks.add(launch(waiter(sem, 2, 6)));
            tasks.add(launch(waiter(sem, 3, 7)));
            tasks.add(launch(waiter(sem, 4, 9)));
            Await.on(Asyncio.sleep(0));
            expect(5);
            assertEquals(repr(sem, "locked, waiters:3"), sem.toString());
            sem.release();
            sem.release();
            Await.on(Asyncio.sleep(0));
            expect(8);
            sem.release();
            Await.on(Asyncio.gather(tasks));
            assertEquals(0, sem.value);
            sem.release();
            sem.release();
            sem.release();   // above the initial value: allowed for a plain semaphore
            assertEquals(repr(sem, "unlocked, value:3"), sem.toString());
            finish(10);
            return Coroutine.done();
        });
    }

    @Async
    Coroutine<Void> cancelledWaiter(Semaphore sem) {
        expect(2);
        try {
            Await.on(sem.acquire());
        } catch (CancelledError e) {
            expect(5);
            throw e;
        }
        expectUnreached();
        return Coroutine.done();
    }

    /** A waiter cancelled after release() woke it gives its unit back to the next waiter. */
    @Test
    void aWaiterCancelledWhileBeingWokenDoesNotLoseTheWakeUp() {
        runTest(() -> {
            Semaphore sem = new Semaphore(0);
            expect(1);
            Task<Void> t1 = launch(cancelledWaiter(sem));
            Task<Void> t2 = launch(waiter(sem, 3, 6));
            Await.on(Asyncio.sleep(0));
            expect(4);
            sem.release();   // reserves the unit for t1 ...
            t1.cancel();     // ... which is cancelled before it runs: the unit goes to t2
            Await.on(t2);
            assertTrue(t1.isCancelled());
            assertEquals(0, sem.value);
            finish(7);
            return Coroutine.done();
        });
    }

    /** A waiter cancelled while it waits leaves the queue and takes nothing. */
    @Test
    void aCancelledWaiterTakesNothing() {
        runTest(() -> {
            Semaphore sem = new Semaphore(0);
            expect(1);
            Task<Void> t1 = launch(cancelledWaiter(sem));
            Task<Void> t2 = launch(waiter(sem, 3, 7));
            Await.on(Asyncio.sleep(0));
            expect(4);
            t1.cancel();
            Await.on(Asyncio.sleep(0));
            expect(6);
            assertEquals(0, sem.value);   // a cancelled waiter took nothing
            sem.release();
            Await.on(t2);
            assertEquals(0, sem.value);
            finish(8);
            return Coroutine.done();
        });
    }

    @Async
    Coroutine<Void> releasesAfterAcquiring(Semaphore sem) {
        expect(2);
        Await.on(sem.acquire());
        expect(5);
        sem.release();
        return Coroutine.done();
    }

    /** A release reserves the unit for the first waiter: a newcomer cannot take it first. */
    @Test
    void aNewcomerDoesNotBargeInFrontOfAWokenWaiter() {
        runTest(() -> {
            Semaphore sem = new Semaphore(0);
            expect(1);
            launch(releasesAfterAcquiring(sem));
            Await.on(Asyncio.sleep(0));
            expect(3);
            sem.release();          // reserved for the waiter
            assertTrue(sem.isLocked());
            expect(4);
            Await.on(sem.acquire());   // waits behind it
            expect(6);
            finish(7);
            return Coroutine.done();
        });
    }

    /** Releasing a BoundedSemaphore above its initial value is an error (Python's ValueError). */
    @Test
    void aBoundedSemaphoreRefusesToBeReleasedTooOften() {
        runTest(() -> {
            BoundedSemaphore sem = new BoundedSemaphore(2);
            Await.on(sem.acquire());
            sem.release();
            IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
            assertEquals("BoundedSemaphore released too many times", e.getMessage());
            assertEquals(repr(sem, "unlocked, value:2"), sem.toString());
            BoundedSemaphore one = new BoundedSemaphore();
            Await.on(one.acquire());
            assertTrue(one.isLocked());
            one.release();
            assertThrows(IllegalStateException.class, one::release);
            return Coroutine.done();
        });
    }

    @Test
    void theInitialValueMustNotBeNegative() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Semaphore(-1));
        assertEquals("Semaphore initial value must be >= 0", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> new BoundedSemaphore(-1));
        assertEquals("Semaphore initial value must be >= 0", e.getMessage());
        assertEquals(1, new Semaphore().value);
        assertFalse(new Semaphore().isLocked());
        assertTrue(new Semaphore(0).isLocked());
    }

    @Async
    Coroutine<Void> contend(Semaphore sem) {
        Await.on(sem.acquire());
        Task<Boolean> t = Asyncio.createTask(sem.acquire());
        Await.on(Asyncio.sleep(0));
        sem.release();
        Await.on(t);
        sem.release();
        return Coroutine.done();
    }

    /** A semaphore binds to the first loop that makes a task wait on it. */
    @Test
    void aSemaphoreIsBoundToTheFirstLoopThatWaitsOnIt() {
        Semaphore sem = new Semaphore();
        VirtualTime.run(contend(sem));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualTime.run(contend(sem)));
        assertEquals(repr(sem, "locked") + " is bound to a different event loop", e.getMessage());
    }
}
