package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Event}: the step orders are those CPython 3.11.7's asyncio.Event gives for the same programs. */
class EventTest extends AsyncTestBase {

    @Async
    Coroutine<Void> waiter(Event ev, int first, int woken) {
        expect(first);
        assertTrue(Await.on(ev.await()));
        expect(woken);
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> setWakesAll() {
        Event ev = new Event();
        expect(1);
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(launch(waiter(ev, 2 + i, 6 + i)));
        }
        Await.on(Asyncio.sleep(0));
        expect(5);
        assertEquals("<Event at 0x" + Integer.toHexString(System.identityHashCode(ev)) + " [unset, waiters:3]>",
                ev.toString());
        ev.set();
        ev.clear();   // the woken waiters still return
        assertFalse(ev.isSet());
        Await.on(Asyncio.gather(tasks));
        ev.set();
        assertTrue(ev.isSet());
        ev.set();     // setting a set event does nothing
        assertTrue(Await.on(ev.await()));   // set: no suspension
        finish(9);
        return Coroutine.done();
    }

    /**
     * set() wakes every waiter, in the order they started waiting; a waiter woken returns even if the
     * event is cleared before it runs; await() on a set event does not suspend.
     */
    @Test
    void setWakesEveryWaiterInOrder() {
        runTest(setWakesAll());
    }

    @Async
    Coroutine<Void> cancelledWaiter(Event ev) {
        expect(2);
        try {
            Await.on(ev.await());
        } catch (CancelledError e) {
            expect(5);
            throw e;
        }
        expectUnreached();
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> cancelWhileWoken() {
        Event ev = new Event();
        expect(1);
        Task<Void> t1 = launch(cancelledWaiter(ev));
        Task<Void> t2 = launch(waiter(ev, 3, 6));
        Await.on(Asyncio.sleep(0));
        expect(4);
        ev.set();
        t1.cancel();
        Await.on(t2);
        assertTrue(t1.isCancelled());
        assertEquals("<Event at 0x" + Integer.toHexString(System.identityHashCode(ev)) + " [set]>", ev.toString());
        finish(7);
        return Coroutine.done();
    }

    /** A cancelled waiter throws CancelledError and leaves the waiters; the others are still woken. */
    @Test
    void aCancelledWaiterDoesNotDisturbTheOthers() {
        runTest(cancelWhileWoken());
    }

    @Async
    Coroutine<Void> waitAndSet(Event ev) {
        Task<Boolean> t = Asyncio.createTask(ev.await());
        Await.on(Asyncio.sleep(0));
        ev.set();
        Await.on(t);
        ev.clear();
        return Coroutine.done();
    }

    /** An event binds to the first loop that makes a task wait on it. */
    @Test
    void anEventIsBoundToTheFirstLoopThatWaitsOnIt() {
        Event ev = new Event();
        VirtualTime.run(waitAndSet(ev));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualTime.run(waitAndSet(ev)));
        assertEquals("<Event at 0x" + Integer.toHexString(System.identityHashCode(ev))
                + " [unset]> is bound to a different event loop", e.getMessage());
    }
}
