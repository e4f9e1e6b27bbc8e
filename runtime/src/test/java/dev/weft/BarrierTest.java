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
 * {@link Barrier}. Each test logs what the parties do; the expected log is what CPython 3.11.7 prints
 * for the same program with asyncio.Barrier (states as in its repr).
 */
class BarrierTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();
    // Parties that are expected to fail are started with Asyncio.createTask, not launch().

    /** The state part of the barrier's toString, e.g. {@code draining, waiters:0/2}. */
    private static String state(Barrier b) {
        String s = b.toString();
        return s.substring(s.indexOf('[') + 1, s.lastIndexOf(']'));
    }

    @Async
    Coroutine<Integer> party(Barrier b, String name) {
        log.add(name + " arrives n=" + b.nWaiting());
        try {
            int i = Await.on(b.await());
            log.add(name + " passes " + i);
            return Coroutine.of(i);
        } catch (BrokenBarrierError e) {
            log.add(name + " broken " + e.getMessage());
            throw e;
        } catch (CancelledError e) {
            log.add(name + " cancelled n=" + b.nWaiting());
            throw e;
        }
    }

    /** The parties wait until the last one arrives, then all pass, with indices in arrival order. */
    @Test
    void partiesPassTogetherWithTheirArrivalIndex() {
        runTest(() -> {
            Barrier b = new Barrier(3);
            assertEquals(3, b.parties());
            List<Task<Integer>> tasks = new ArrayList<>();
            for (String n : new String[]{"a", "b", "c"}) {
                tasks.add(launch(party(b, n)));
            }
            List<Integer> r = Await.on(Asyncio.gather(tasks));
            log.add("results " + r + " " + state(b));
            return Coroutine.done();
        });
        assertEquals(List.of("a arrives n=0", "b arrives n=1", "c arrives n=2", "c passes 2", "a passes 0",
                "b passes 1", "results [0, 1, 2] filling, waiters:0/3"), log);
    }

    /**
     * A party arriving while the released ones are still leaving (draining) waits for them to leave,
     * then starts the next round.
     */
    @Test
    void aPartyArrivingWhileTheBarrierDrainsWaitsForTheNextRound() {
        runTest(() -> {
            Barrier b = new Barrier(2);
            List<Task<Integer>> tasks = new ArrayList<>();
            for (String n : new String[]{"a", "b", "c"}) {
                tasks.add(launch(party(b, n)));
            }
            Await.on(Asyncio.sleep(0));
            log.add("main " + state(b));
            Await.on(Asyncio.sleep(0));
            log.add("main " + state(b));
            tasks.add(launch(party(b, "d")));
            List<Integer> r = Await.on(Asyncio.gather(tasks));
            log.add("results " + r + " " + state(b));
            return Coroutine.done();
        });
        assertEquals(List.of("a arrives n=0", "b arrives n=1", "b passes 1", "c arrives n=0",
                "main draining, waiters:0/2", "a passes 0", "main filling, waiters:0/2", "d arrives n=1",
                "d passes 1", "c passes 0", "results [0, 1, 0, 1] filling, waiters:0/2"), log);
    }

    /** reset() breaks the current round (its parties get BrokenBarrierError); the barrier is then reusable. */
    @Test
    void resetBreaksTheWaitingPartiesAndTheBarrierIsReusable() {
        runTest(() -> {
            Barrier b = new Barrier(3);
            List<Task<Integer>> tasks = new ArrayList<>();
            for (String n : new String[]{"a", "b"}) {
                tasks.add(Asyncio.createTask(party(b, n)));
            }
            Await.on(Asyncio.sleep(0));
            log.add("main reset n=" + b.nWaiting());
            Await.on(b.reset());
            log.add("main reset done " + state(b));
            log.add("results " + Await.on(Asyncio.gather(true, tasks.get(0), tasks.get(1))).stream()
                    .map(x -> x instanceof BrokenBarrierError ? "broken" : String.valueOf(x)).toList()
                    + " " + state(b));
            List<Integer> r = Await.on(Asyncio.gather(List.of(party(b, "x"), party(b, "y"), party(b, "z"))));
            log.add("results " + r + " " + state(b));
            return Coroutine.done();
        });
        assertEquals(List.of("a arrives n=0", "b arrives n=1", "main reset n=2", "main reset done resetting, waiters:0/3",
                "a broken Abort or reset of barrier", "b broken Abort or reset of barrier",
                "results [broken, broken] filling, waiters:0/3",
                "x arrives n=0", "y arrives n=1", "z arrives n=2", "z passes 2", "x passes 0", "y passes 1",
                "results [0, 1, 2] filling, waiters:0/3"), log);
    }

    /** As in Python, a released party that has not left yet when reset() runs gets BrokenBarrierError too. */
    @Test
    void resetWhileDrainingBreaksThePartiesThatHaveNotLeft() {
        runTest(() -> {
            Barrier b = new Barrier(2);
            Task<Integer> a = Asyncio.createTask(party(b, "a"));
            Task<Integer> bb = Asyncio.createTask(party(b, "b"));
            Await.on(Asyncio.sleep(0));
            log.add("main " + state(b));
            Await.on(b.reset());
            log.add("main after reset " + state(b));
            List<Object> r = Await.on(Asyncio.gather(true, a, bb));
            log.add("results [" + (r.get(0) instanceof BrokenBarrierError) + ", " + r.get(1) + "] " + state(b));
            return Coroutine.done();
        });
        assertEquals(List.of("a arrives n=0", "b arrives n=1", "b passes 1", "main draining, waiters:0/2",
                "main after reset resetting, waiters:0/2", "a broken Abort or reset of barrier",
                "results [true, 1] filling, waiters:0/2"), log);
    }

    /**
     * abort() breaks the barrier: the waiting parties and every later one get BrokenBarrierError, until a
     * reset() with no party inside repairs it.
     */
    @Test
    void abortBreaksTheBarrierForEveryone() {
        runTest(() -> {
            Barrier b = new Barrier(3);
            List<Task<Integer>> tasks = new ArrayList<>();
            for (String n : new String[]{"a", "b"}) {
                tasks.add(Asyncio.createTask(party(b, n)));
            }
            Await.on(Asyncio.sleep(0));
            Await.on(b.abort());
            log.add("main aborted " + state(b) + " broken=" + b.isBroken());
            List<Object> r = Await.on(Asyncio.gather(true, tasks.get(0), tasks.get(1)));
            log.add("results " + r.stream().map(x -> ((Throwable) x).getMessage()).toList());
            BrokenBarrierError late = Await.on(assertThrowsAsync(BrokenBarrierError.class, party(b, "late")));
            assertEquals("Barrier aborted", late.getMessage());
            Await.on(b.reset());
            assertFalse(b.isBroken());
            log.add("main reset " + state(b));
            List<Integer> r2 = Await.on(Asyncio.gather(List.of(party(b, "x"), party(b, "y"), party(b, "z"))));
            log.add("results " + r2);
            return Coroutine.done();
        });
        assertEquals(List.of("a arrives n=0", "b arrives n=1", "main aborted broken broken=true",
                "a broken Abort or reset of barrier", "b broken Abort or reset of barrier",
                "results [Abort or reset of barrier, Abort or reset of barrier]",
                "late arrives n=0", "late broken Barrier aborted", "main reset filling, waiters:0/3",
                "x arrives n=0", "y arrives n=1", "z arrives n=2", "z passes 2", "x passes 0", "y passes 1",
                "results [0, 1, 2]"), log);
    }

    /** A cancelled party leaves the barrier (it no longer counts) without breaking it. */
    @Test
    void aCancelledPartyLeavesWithoutBreakingTheBarrier() {
        runTest(() -> {
            Barrier b = new Barrier(2);
            Task<Integer> a = launch(party(b, "a"));
            Await.on(Asyncio.sleep(0));
            log.add("main n=" + b.nWaiting());
            a.cancel();
            Await.on(Asyncio.gather(true, a));
            assertTrue(a.isCancelled());
            log.add("main n=" + b.nWaiting() + " " + state(b));
            List<Integer> r = Await.on(Asyncio.gather(List.of(party(b, "x"), party(b, "y"))));
            log.add("results " + r);
            return Coroutine.done();
        });
        assertEquals(List.of("a arrives n=0", "main n=1", "a cancelled n=0", "main n=0 filling, waiters:0/2",
                "x arrives n=0", "y arrives n=1", "y passes 1", "x passes 0", "results [0, 1]"), log);
    }

    @Test
    void partiesMustBePositive() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Barrier(0));
        assertEquals("parties must be > 0", e.getMessage());
        Barrier b = new Barrier(1);
        assertEquals("<Barrier at 0x" + Integer.toHexString(System.identityHashCode(b)) + " [filling, waiters:0/1]>",
                b.toString());
    }

    @Async
    Coroutine<Void> oneRound(Barrier b) {
        Await.on(Asyncio.gather(List.of(b.await(), b.await())));
        return Coroutine.done();
    }

    /** A barrier (through its internal lock) binds to the first loop that makes a task wait on it. */
    @Test
    void aBarrierIsBoundToTheFirstLoopThatWaitsOnIt() {
        Barrier b = new Barrier(2);
        VirtualTime.run(oneRound(b));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualTime.run(oneRound(b)));
        assertTrue(e.getMessage().endsWith(" is bound to a different event loop"), e.getMessage());
    }
}
