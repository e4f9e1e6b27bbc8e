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

/** {@link Event}: the step orders are those CPython 3.11.7's asyncio.Event gives for the same programs. */
class EventTest extends AsyncTestBase {

    @Async
    Coroutine<Void> waiter(Event ev, int first, int woken) {
        expect(first);
        assertTrue(Await.on(ev.await()));
        expect(woken);
        return Coroutine.done();
    }

    /**
     * set() wakes every waiter, in the order they started waiting; a waiter woken returns even if the
     * event is cleared before it runs; await() on a set event does not suspend.
     */
    @Test
    void setWakesEveryWaiterInOrder() {
        runTest(() -> {
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
        });
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

    /** A cancelled waiter throws CancelledError and leaves the waiters; the others are still woken. */
    @Test
    void aCancelledWaiterDoesNotDisturbTheOthers() {
        runTest(() -> {
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
        });
    }

    @Async
    Coroutine<String> waitCatching(Event ev, java.util.List<String> log, String name) {
        try {
            Await.on(ev.await());
            log.add(name + " woken");
        } catch (CancelledError e) {
            log.add(name + " cancelled: " + e.getMessage());
            throw e;
        }
        return Coroutine.of(name);
    }

    @Async
    Coroutine<Void> selfCancelThenWait(Event ev, java.util.List<String> log) {
        Asyncio.currentTask().cancel("self");
        log.add("self waits");
        try {
            Await.on(ev.await());
        } catch (CancelledError e) {
            log.add("self cancelled: " + e.getMessage() + ", waiters " + ev);
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<java.util.List<String>> cancelWaitingTasks() {
        java.util.List<String> log = new java.util.ArrayList<>();
        Event ev = new Event();
        Task<String> a = Asyncio.createTask(waitCatching(ev, log, "a"));
        Task<String> b = Asyncio.createTask(waitCatching(ev, log, "b"));
        Task<Boolean> c = Asyncio.createTask(ev.await());
        Task<Void> d = Asyncio.createTask(selfCancelThenWait(ev, log));
        Await.on(Asyncio.sleep(0));
        log.add("waiting " + ev);
        a.cancel("first");
        a.cancel("second");
        c.cancel("c");
        log.add("after cancel " + ev);
        ev.set();
        Await.on(Asyncio.sleep(0));
        log.add("a " + a.isCancelled() + ", b " + Await.on(b) + ", c " + c.isCancelled() + ", d " + d.isCancelled());
        return Coroutine.of(log);
    }

    /**
     * Cancelling a task that waits on an event: it leaves the waiters at once (CPython's repr still counts its
     * cancelled future until the task runs), the first message stands, and a later set wakes only the others; a
     * task cancelled before it waits is cancelled at its wait, on the next pass.
     */
    @Test
    void cancellingAWaitingTaskTakesItOffTheEvent() {
        java.util.List<String> log = Asyncio.run(cancelWaitingTasks());
        java.util.List<String> expected = java.util.List.of(
                "self waits",
                "waiting <Event at 0xID [unset, waiters:3]>",
                "after cancel <Event at 0xID [unset, waiters:1]>",
                "self cancelled: self, waiters <Event at 0xID [set]>",
                "a cancelled: first",
                "b woken",
                "a true, b b, c true, d true");
        assertEquals(expected, log.stream().map(l -> l.replaceAll("0x[0-9a-f]+", "0xID")).collect(
                java.util.stream.Collectors.toList()));
    }

    @Async
    Coroutine<java.util.List<String>> cancelFirstAndMiddleThenWaitAgain() {
        java.util.List<String> log = new java.util.ArrayList<>();
        Event ev = new Event();
        Task<String> a = Asyncio.createTask(waitCatching(ev, log, "a"));
        Task<String> b = Asyncio.createTask(waitCatching(ev, log, "b"));
        Task<String> c = Asyncio.createTask(waitCatching(ev, log, "c"));
        Task<String> d = Asyncio.createTask(waitCatching(ev, log, "d"));
        Await.on(Asyncio.sleep(0));
        a.cancel("a off");   // the first waiter
        c.cancel("c off");   // one in the middle
        Task<String> e = Asyncio.createTask(waitCatching(ev, log, "e"));
        Await.on(Asyncio.sleep(0));   // e waits behind b and d
        log.add("waiting " + ev);
        b.cancel("b off");   // the first again, with d and e behind it
        Task<String> f = Asyncio.createTask(waitCatching(ev, log, "f"));
        Await.on(Asyncio.sleep(0));
        log.add("waiting " + ev);
        ev.set();
        Await.on(Asyncio.gather(d, e, f));
        log.add("done " + ev);
        return Coroutine.of(log);
    }

    /**
     * Waiters wake in the order they started waiting, whichever of them were cancelled in between, and a task
     * that starts waiting after a cancellation goes behind every task still waiting.
     */
    @Test
    void waitersKeepTheirOrderWhenTheFirstIsCancelled() {
        java.util.List<String> log = Asyncio.run(cancelFirstAndMiddleThenWaitAgain());
        java.util.List<String> expected = java.util.List.of(
                "a cancelled: a off",
                "c cancelled: c off",
                "waiting <Event at 0xID [unset, waiters:3]>",
                "b cancelled: b off",
                "waiting <Event at 0xID [unset, waiters:3]>",
                "d woken",
                "e woken",
                "f woken",
                "done <Event at 0xID [set]>");
        assertEquals(expected, log.stream().map(l -> l.replaceAll("0x[0-9a-f]+", "0xID")).collect(
                java.util.stream.Collectors.toList()));
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
