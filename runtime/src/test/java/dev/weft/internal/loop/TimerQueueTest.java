package dev.weft.internal.loop;

import dev.weft.TimerHandle;
import dev.weft.internal.Access;
import dev.weft.internal.VirtualClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer queue (a run of non-decreasing deadlines plus a heap) against a sorted set, operation by operation. */
class TimerQueueTest {

    private static final Comparator<TimerHandle> ORDER =
            Comparator.<TimerHandle>comparingDouble(TimerHandle::when).thenComparingInt(TimerQueueTest::seq);
    private static final Access ACCESS = Access.get();
    /** Each handle's scheduling order, as the loop would give it. */
    private static final Map<TimerHandle, Integer> SEQS = Collections.synchronizedMap(new IdentityHashMap<>());
    /** The handles' owner: cancelling a handle tells it. */
    private static final BaseEventLoop OWNER = new BaseEventLoop(new VirtualClock());

    private int seq;

    private TimerHandle handle(double when) {
        TimerHandle t = ACCESS.newTimer(OWNER, when, () -> { });
        SEQS.put(t, seq++);
        return t;
    }

    private static int seq(TimerHandle t) {
        return SEQS.get(t);
    }

    private static int index(TimerHandle t) {
        return ACCESS.queueIndex(t);
    }

    private static void add(TimerQueue q, TreeSet<TimerHandle> ref, TimerHandle t) {
        q.add(t, t.when(), seq(t));
        ref.add(t);
        assertTrue(TimerQueue.isQueued(index(t)));
    }

    private static void pollAndCheck(TimerQueue q, TreeSet<TimerHandle> ref) {
        TimerHandle expected = ref.pollFirst();
        assertSame(expected, q.peek());
        if (expected != null) {
            assertEquals(expected.when(), q.peekWhen());
        }
        Object got = q.poll();
        assertSame(expected, got);
        if (expected != null) {
            assertEquals(-1, index(expected));
        }
        assertEquals(ref.size(), q.size());
    }

    @Test
    void equalDeadlinesComeOutInSchedulingOrderFromTheRunAndTheHeap() {
        TimerQueue q = new TimerQueue();
        TimerHandle a = handle(2);
        TimerHandle b = handle(1);   // earlier than the run's last: into the heap
        TimerHandle c = handle(2);
        TimerHandle d = handle(1);
        TimerHandle e = handle(3);
        for (TimerHandle t : List.of(a, b, c, d, e)) {
            q.add(t, t.when(), seq(t));
        }
        List<Object> order = new ArrayList<>();
        while (!q.isEmpty()) {
            order.add(q.poll());
        }
        assertEquals(List.of(b, d, a, c, e), order);
        assertNull(q.poll());
    }

    @Test
    void removingRunEntriesLeavesHolesThatTheHeadSkips() {
        TimerQueue q = new TimerQueue();
        List<TimerHandle> ts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TimerHandle t = handle(i);
            ts.add(t);
            q.add(t, t.when(), seq(t));
        }
        q.remove(ts.get(0));
        q.remove(ts.get(1));
        q.remove(ts.get(5));
        q.remove(ts.get(5));   // twice: nothing happens
        assertEquals(-1, index(ts.get(5)));
        assertEquals(7, q.size());
        assertSame(ts.get(2), q.peek());
        List<Object> order = new ArrayList<>();
        while (!q.isEmpty()) {
            order.add(q.poll());
        }
        assertEquals(List.of(ts.get(2), ts.get(3), ts.get(4), ts.get(6), ts.get(7), ts.get(8), ts.get(9)), order);
    }

    @Test
    void purgeDropsCancelledHandlesFromBothParts() {
        TimerQueue q = new TimerQueue();
        TreeSet<TimerHandle> ref = new TreeSet<>(ORDER);
        for (int i = 0; i < 200; i++) {
            add(q, ref, handle(i % 3 == 0 ? 100 - i : i));   // some into the heap
        }
        for (TimerHandle t : new ArrayList<>(ref)) {
            if (seq(t) % 2 == 0) {
                t.cancel();   // owner is null: only the flag
                ref.remove(t);
            }
        }
        q.purgeCancelled();
        assertEquals(ref.size(), q.size());
        while (!ref.isEmpty()) {
            pollAndCheck(q, ref);
        }
    }

    /** A million timers of one delay, then drained: O(1) each, and the arrays shrink back. */
    @Test
    void aLongRunDrainsInOrderAndShrinksBack() {
        TimerQueue q = new TimerQueue();
        int initial = LoopProbe.capacity(q);
        List<TimerHandle> ts = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            TimerHandle t = handle(1.0 + i * 1e-6);
            ts.add(t);
            q.add(t, t.when(), seq(t));
        }
        for (int i = 0; i < ts.size(); i += 3) {
            q.remove(ts.get(i));
        }
        int n = 0;
        Object prev = null;
        Object t;
        while ((t = q.poll()) != null) {
            if (prev != null) {
                assertTrue(ORDER.compare((TimerHandle) prev, (TimerHandle) t) < 0);
            }
            prev = t;
            n++;
        }
        assertEquals(666_666, n);
        assertEquals(initial, LoopProbe.capacity(q));
    }

    @Test
    void randomOperationsMatchASortedSet() {
        randomOperations(50, 3000, 5);
    }

    /** Adds outnumber the rest: the run spans many chunks, its ring grows, and removals make it compact itself. */
    @Test
    void randomOperationsOverManyChunksMatchASortedSet() {
        randomOperations(4, 60_000, 7);
    }

    private void randomOperations(int rounds, int ops, int addWeight) {
        Random rnd = new Random(42);
        for (int round = 0; round < rounds; round++) {
            TimerQueue q = new TimerQueue();
            int initial = LoopProbe.capacity(q);
            TreeSet<TimerHandle> ref = new TreeSet<>(ORDER);
            List<TimerHandle> live = new ArrayList<>();
            double clock = 0;
            for (int op = 0; op < ops; op++) {
                int k = rnd.nextInt(5 + addWeight);
                if (k < addWeight) {
                    // Mostly the same delay from a clock that moves on; sometimes a short or a tied one.
                    double delay = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : 10;
                    TimerHandle t = handle(clock + delay);
                    add(q, ref, t);
                    live.add(t);
                    clock += rnd.nextInt(3) * 0.5;
                } else if (k < addWeight + 2) {
                    pollAndCheck(q, ref);
                } else if (k < addWeight + 4 && !live.isEmpty()) {
                    TimerHandle t = live.remove(rnd.nextInt(live.size()));
                    boolean queued = ref.remove(t);
                    assertEquals(queued, TimerQueue.isQueued(index(t)));
                    q.remove(t);
                    assertEquals(-1, index(t));
                    assertEquals(ref.size(), q.size());
                } else if (k == addWeight + 4 && rnd.nextInt(20) == 0) {
                    for (TimerHandle t : new ArrayList<>(ref)) {
                        if (rnd.nextBoolean()) {
                            t.cancel();
                            ref.remove(t);
                        }
                    }
                    q.purgeCancelled();
                    assertEquals(ref.size(), q.size());
                }
            }
            while (!ref.isEmpty()) {
                pollAndCheck(q, ref);
            }
            assertTrue(q.isEmpty());
            assertNull(q.peek());
            assertEquals(initial, LoopProbe.capacity(q));
        }
    }

    @Test
    void clearForgetsEveryTimer() {
        TimerQueue q = new TimerQueue();
        TimerHandle a = handle(5);
        TimerHandle b = handle(1);
        q.add(a, a.when(), seq(a));
        q.add(b, b.when(), seq(b));
        q.clear();
        assertTrue(q.isEmpty());
        assertFalse(TimerQueue.isQueued(index(a)));
        assertFalse(TimerQueue.isQueued(index(b)));
    }
}
