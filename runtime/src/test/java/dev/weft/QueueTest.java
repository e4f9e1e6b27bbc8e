package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Queue}, {@link LifoQueue} and {@link PriorityQueue}. The expected logs are what CPython 3.13
 * (3.11.7's queues plus shutdown) prints for the same programs; only the queue's toString differs
 * ({@code qsize=2} where Python shows {@code _queue=[...]}).
 */
class QueueTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();
    // Tasks that are expected to fail are started with Asyncio.createTask, not launch().

    @Async
    Coroutine<Object> getter(Queue<?> q, String name) {
        log.add(name + " waits");
        try {
            Object x = Await.on(q.get());
            log.add(name + " got " + x);
            return Coroutine.of(x);
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        } catch (QueueShutDown e) {
            log.add(name + " shutdown");
            throw e;
        }
    }

    @Async
    <T> Coroutine<Void> putter(Queue<T> q, String name, T x) {
        log.add(name + " puts " + x);
        try {
            Await.on(q.put(x));
            log.add(name + " put " + x);
            return Coroutine.done();
        } catch (CancelledError e) {
            log.add(name + " cancelled");
            throw e;
        } catch (QueueShutDown e) {
            log.add(name + " shutdown");
            throw e;
        }
    }

    // ---- put and get ----

    @Async
    Coroutine<Void> expectStep(int step) {
        expect(step);
        return Coroutine.done();
    }

    /** put() with room and get() with an item do not suspend; items come out in FIFO order. */
    @Test
    void putWithRoomAndGetWithAnItemDoNotSuspend() {
        runTest(() -> {
            Queue<String> q = new Queue<>(2);
            expect(1);
            launch(expectStep(3));
            assertEquals(2, q.maxsize());
            assertTrue(q.isEmpty());
            Await.on(q.put("a"));   // room: no suspension
            Await.on(q.put("b"));
            assertTrue(q.isFull());
            assertEquals(2, q.qsize());
            assertEquals("a", Await.on(q.get()));   // an item: no suspension
            assertEquals("b", Await.on(q.get()));
            assertTrue(q.isEmpty());
            expect(2);
            Await.on(Asyncio.sleep(0));
            finish(4);
            return Coroutine.done();
        });
    }

    @Test
    void nowaitVariantsThrowInsteadOfWaiting() {
        Queue<Integer> q = new Queue<>(1);
        assertThrows(QueueEmpty.class, q::getNowait);
        q.putNowait(1);
        assertThrows(QueueFull.class, () -> q.putNowait(2));
        assertEquals(1, q.getNowait());
        Queue<Integer> unbounded = new Queue<>();
        for (int i = 0; i < 1000; i++) {
            unbounded.putNowait(i);
        }
        assertFalse(unbounded.isFull());
        assertEquals(0, unbounded.maxsize());
        assertEquals(1000, unbounded.qsize());
        assertFalse(new Queue<>(-1).isFull());   // as in Python, maxsize <= 0 means unbounded
    }

    /**
     * The default storage keeps FIFO order while its ring wraps around and while it grows from a wrapped state,
     * holds {@code null} as Python's queue holds {@code None}, and lets go of every item it hands out.
     */
    @Test
    void itemsKeepFifoOrderAcrossWrapAroundAndGrowth() {
        Queue<Object> q = new Queue<>();
        List<Object> out = new ArrayList<>();
        int next = 0;
        int expected = 0;
        // 11 in, 7 out, over and over: the oldest item moves round the ring while the ring grows 16 -> 32 -> 64.
        for (int round = 0; round < 12; round++) {
            for (int k = 0; k < 11; k++) {
                q.putNowait(next++);
            }
            for (int k = 0; k < 7; k++) {
                assertEquals(expected++, q.getNowait());
            }
            assertEquals(next - expected, q.qsize());
        }
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        List<Object> rest = new ArrayList<>();
        for (int i = expected; i < next; i++) {
            rest.add(i);
        }
        assertEquals(rest, out);
        assertThrows(QueueEmpty.class, q::getNowait);

        q.putNowait(null);
        q.putNowait("after null");
        assertEquals(2, q.qsize());
        assertEquals(null, q.getNowait());
        assertEquals("after null", q.getNowait());

        Object item = new Object();
        java.lang.ref.WeakReference<Object> ref = new java.lang.ref.WeakReference<>(item);
        q.putNowait(item);
        assertEquals(item, q.getNowait());
        item = null;
        for (int i = 0; i < 10 && ref.get() != null; i++) {
            System.gc();
        }
        assertEquals(null, ref.get(), "the queue still holds an item it handed out");
    }

    /** Getters blocked on an empty queue are served in the order they started waiting. */
    @Test
    void blockedGettersAreServedInFifoOrder() {
        runTest(() -> {
            Queue<String> q = new Queue<>();
            List<Task<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(launch(getter(q, "g" + i)));
            }
            Await.on(Asyncio.sleep(0));
            log.add(q.toString());
            for (String x : new String[]{"a", "b", "c"}) {
                q.putNowait(x);
            }
            log.add("main put abc " + q);
            Await.on(Asyncio.gather(tasks));
            log.add(q.toString());
            return Coroutine.done();
        });
        assertEquals(List.of("g0 waits", "g1 waits", "g2 waits", "<Queue maxsize=0 getters[3]>",
                "main put abc <Queue maxsize=0 qsize=3 tasks=3>", "g0 got a", "g1 got b", "g2 got c",
                "<Queue maxsize=0 tasks=3>"), log);
    }

    /** Putters blocked on a full queue are served in the order they started waiting, one per free slot. */
    @Test
    void blockedPuttersAreServedInFifoOrder() {
        runTest(() -> {
            Queue<Integer> q = new Queue<>(2);
            Await.on(q.put(1));
            Await.on(q.put(2));
            log.add("full=" + q.isFull());
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(launch(putter(q, "p" + i, 3 + i)));
            }
            Await.on(Asyncio.sleep(0));
            log.add(q.toString());
            log.add("main got " + q.getNowait());
            log.add("main got " + q.getNowait());
            Await.on(Asyncio.sleep(0));
            log.add(q.toString());
            log.add("main got " + Await.on(q.get()));
            Await.on(Asyncio.gather(tasks));
            log.add(q.toString());
            while (!q.isEmpty()) {
                log.add("main got " + Await.on(q.get()));
            }
            return Coroutine.done();
        });
        assertEquals(List.of("full=true", "p0 puts 3", "p1 puts 4", "p2 puts 5",
                "<Queue maxsize=2 qsize=2 putters[3] tasks=2>", "main got 1", "main got 2", "p0 put 3", "p1 put 4",
                "<Queue maxsize=2 qsize=2 putters[1] tasks=4>", "main got 3", "p2 put 5",
                "<Queue maxsize=2 qsize=2 tasks=5>", "main got 4", "main got 5"), log);
    }

    // ---- cancellation ----

    /** A getter cancelled after a put woke it, before it ran, passes the wake-up to the next getter. */
    @Test
    void aGetterCancelledWhileBeingWokenDoesNotLoseTheItem() {
        runTest(() -> {
            Queue<String> q = new Queue<>();
            Task<Object> g1 = Asyncio.createTask(getter(q, "g1"));
            Task<Object> g2 = launch(getter(q, "g2"));
            Await.on(Asyncio.sleep(0));
            q.putNowait("x");   // wakes g1 ...
            g1.cancel();        // ... which is cancelled before it runs
            log.add("main cancelled g1");
            Await.on(g2);
            log.add("g1 cancelled=" + g1.isCancelled() + " " + q);
            return Coroutine.done();
        });
        assertEquals(List.of("g1 waits", "g2 waits", "main cancelled g1", "g1 cancelled", "g2 got x",
                "g1 cancelled=true <Queue maxsize=0 tasks=1>"), log);
    }

    /** A putter cancelled after a get woke it, before it ran, passes the free slot to the next putter. */
    @Test
    void aPutterCancelledWhileBeingWokenDoesNotLoseTheSlot() {
        runTest(() -> {
            Queue<String> q = new Queue<>(1);
            q.putNowait("a");
            Task<Void> p1 = Asyncio.createTask(putter(q, "p1", "b"));
            Task<Void> p2 = launch(putter(q, "p2", "c"));
            Await.on(Asyncio.sleep(0));
            log.add("main got " + q.getNowait());   // wakes p1 ...
            p1.cancel();                            // ... which is cancelled before it runs
            Await.on(p2);
            log.add("p1 cancelled=" + p1.isCancelled() + " " + q);
            log.add("main got " + q.getNowait());
            return Coroutine.done();
        });
        assertEquals(List.of("p1 puts b", "p2 puts c", "main got a", "p1 cancelled", "p2 put c",
                "p1 cancelled=true <Queue maxsize=1 qsize=1 tasks=2>", "main got c"), log);
    }

    /** A cancelled getter leaves the queue of getters and takes nothing. */
    @Test
    void aCancelledGetterTakesNothing() {
        runTest(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Object> g1 = Asyncio.createTask(getter(q, "g1"));
            Await.on(Asyncio.sleep(0));
            g1.cancel();
            Await.on(Asyncio.gather(true, g1));
            log.add(q.toString());
            q.putNowait(1);
            log.add(q.toString());
            return Coroutine.done();
        });
        assertEquals(List.of("g1 waits", "g1 cancelled", "<Queue maxsize=0>", "<Queue maxsize=0 qsize=1 tasks=1>"),
                log);
    }

    // ---- taskDone and join ----

    @Async
    Coroutine<Void> worker(Queue<Integer> q, double t0) {
        while (true) {
            int x = Await.on(q.get());
            log.add("worker got " + x);
            Await.on(Asyncio.sleep(1));
            log.add("worker done " + x + " at " + Math.round(Asyncio.getRunningLoop().time() - t0));
            q.taskDone();
        }
    }

    /** join() waits until taskDone() was called for every item put; one call too many is an error. */
    @Test
    void joinWaitsUntilEveryItemIsMarkedDone() {
        runTest(() -> {
            Queue<Integer> q = new Queue<>();
            double t0 = Asyncio.getRunningLoop().time();
            Await.on(q.join());   // nothing unfinished: no suspension
            for (int i = 0; i < 3; i++) {
                q.putNowait(i);
            }
            Task<Void> w = launch(worker(q, t0));
            Await.on(q.join());
            log.add("joined at " + Math.round(Asyncio.getRunningLoop().time() - t0) + " " + q);
            w.cancel();
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            log.add(e.getMessage());
            return Coroutine.done();
        });
        assertEquals(List.of("worker got 0", "worker done 0 at 1", "worker got 1", "worker done 1 at 2",
                "worker got 2", "worker done 2 at 3", "joined at 3 <Queue maxsize=0 getters[1]>",
                "taskDone() called too many times"), log);
    }

    // ---- shutdown (Python 3.13) ----

    /**
     * After shutdown(), puts throw QueueShutDown (a blocked putter is woken to throw it), gets return the
     * items left and then throw.
     */
    @Test
    void shutdownRefusesPutsAndLetsTheQueueDrain() {
        runTest(() -> {
            Queue<Integer> q = new Queue<>(2);
            Task<Object> g = launch(getter(q, "g1"));
            Await.on(Asyncio.sleep(0));
            q.putNowait(1);
            q.putNowait(2);
            Task<Void> p = launch(putter(q, "p1", 3));
            Task<Void> p2 = Asyncio.createTask(putter(q, "p2", 4));
            Await.on(Asyncio.sleep(0));
            log.add(q.toString());
            q.shutdown();
            log.add("main shutdown " + q);
            Await.on(Asyncio.gather(true, g, p, p2));
            log.add(q.toString());
            try {
                q.putNowait(5);
            } catch (QueueShutDown e) {
                log.add("putNowait shutdown");
            }
            try {
                Await.on(q.put(5));
            } catch (QueueShutDown e) {
                log.add("put shutdown");
            }
            log.add("main got " + Await.on(q.get()));   // the items left can still be taken
            log.add("main got " + Await.on(q.get()));
            try {
                Await.on(q.get());
            } catch (QueueShutDown e) {
                log.add("get shutdown");
            }
            try {
                q.getNowait();
            } catch (QueueShutDown e) {
                log.add("getNowait shutdown");
            }
            return Coroutine.done();
        });
        assertEquals(List.of("g1 waits", "g1 got 1", "p1 puts 3", "p1 put 3", "p2 puts 4",
                "<Queue maxsize=2 qsize=2 putters[1] tasks=3>", "main shutdown <Queue maxsize=2 qsize=2 tasks=3 shutdown>",
                "p2 shutdown", "<Queue maxsize=2 qsize=2 tasks=3 shutdown>", "putNowait shutdown", "put shutdown",
                "main got 2", "main got 3", "get shutdown", "getNowait shutdown"), log);
    }

    /** Getters blocked on an empty queue are woken by shutdown() and throw QueueShutDown, in order. */
    @Test
    void shutdownWakesBlockedGetters() {
        runTest(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Object> g0 = Asyncio.createTask(getter(q, "g0"));
            Task<Object> g1 = Asyncio.createTask(getter(q, "g1"));
            Await.on(Asyncio.sleep(0));
            q.shutdown();
            Await.on(Asyncio.gather(true, g0, g1));
            log.add(q.toString());
            return Coroutine.done();
        });
        assertEquals(List.of("g0 waits", "g1 waits", "g0 shutdown", "g1 shutdown", "<Queue maxsize=0 shutdown>"), log);
    }

    @Async
    Coroutine<Void> joiner(Queue<Integer> q) {
        log.add("join waits");
        Await.on(q.join());
        log.add("joined");
        return Coroutine.done();
    }

    /**
     * shutdown(true) discards the items left, counting each as done (so join() returns once the items
     * already taken are done too), and gets throw at once.
     */
    @Test
    void immediateShutdownDiscardsTheItemsLeft() {
        runTest(() -> {
            Queue<Integer> q = new Queue<>();
            for (int i = 0; i < 3; i++) {
                q.putNowait(i);
            }
            log.add("main got " + q.getNowait());
            Task<Void> j = launch(joiner(q));
            Await.on(Asyncio.sleep(0));
            q.shutdown(true);
            log.add("main shutdown " + q);
            Await.on(Asyncio.sleep(0));
            log.add("joined=" + j.isDone());
            q.taskDone();   // the item the main task took is still unfinished
            log.add(q.toString());
            try {
                q.getNowait();
            } catch (QueueShutDown e) {
                log.add("getNowait shutdown");
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            log.add(e.getMessage());
            Await.on(j);
            return Coroutine.done();
        });
        assertEquals(List.of("main got 0", "join waits", "main shutdown <Queue maxsize=0 tasks=1 shutdown>",
                "joined=false", "<Queue maxsize=0 shutdown>", "getNowait shutdown", "taskDone() called too many times",
                "joined"), log);
    }

    // ---- LifoQueue and PriorityQueue ----

    private static <T> List<T> drain(Queue<T> q) {
        List<T> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.getNowait());
        }
        return out;
    }

    record Entry(int priority, String name) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Integer.compare(priority, o.priority);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    @Test
    void lifoAndPriorityOrders() {
        LifoQueue<Integer> lifo = new LifoQueue<>();
        for (int i = 0; i < 4; i++) {
            lifo.putNowait(i);
        }
        assertEquals(List.of(3, 2, 1, 0), drain(lifo));

        PriorityQueue<Integer> pq = new PriorityQueue<>();
        for (int x : new int[]{5, 1, 4, 1, 3, 9, 2, 6}) {
            pq.putNowait(x);
        }
        assertEquals(List.of(1, 1, 2, 3, 4, 5, 6, 9), drain(pq));

        // Python's (priority, name) tuples
        PriorityQueue<Entry> entries = new PriorityQueue<>();
        for (Entry e : List.of(new Entry(2, "b"), new Entry(1, "z"), new Entry(2, "a"), new Entry(1, "c"))) {
            entries.putNowait(e);
        }
        assertEquals(List.of(new Entry(1, "c"), new Entry(1, "z"), new Entry(2, "a"), new Entry(2, "b")),
                drain(entries));

        PriorityQueue<String> reversed = new PriorityQueue<>(2, Comparator.reverseOrder());
        reversed.putNowait("a");
        reversed.putNowait("b");
        assertTrue(reversed.isFull());
        assertEquals(List.of("b", "a"), drain(reversed));
    }

    /**
     * Items that compare equal come out in exactly the order CPython's heapq gives (the same sift
     * algorithm), here with keys compared by priority only.
     */
    @Test
    void priorityTiesFollowPythonsHeapq() {
        PriorityQueue<String> pq = new PriorityQueue<>(0, Comparator.comparing((String s) -> s.charAt(0)));
        int[] priorities = {3, 1, 2, 1, 3, 2, 1, 3, 2, 1, 1, 2};
        String tags = "abcdefghijkl";
        List<String> out = new ArrayList<>();
        for (int i = 0; i < priorities.length; i++) {
            pq.putNowait(priorities[i] + "" + tags.charAt(i));
            if (i % 3 == 2) {
                out.add(pq.getNowait());
            }
        }
        out.addAll(drain(pq));
        assertEquals(List.of("1b", "1d", "1g", "1j", "1k", "2i", "2f", "2l", "2c", "3h", "3a", "3e"), out);
    }

    /** The subclasses keep Queue's blocking behaviour. */
    @Test
    void subclassesBlockLikeQueue() {
        runTest(() -> {
            LifoQueue<Integer> q = new LifoQueue<>(1);
            launch(getter(q, "g"));
            Await.on(Asyncio.sleep(0));
            Await.on(q.put(1));
            Await.on(q.put(2));   // the getter has not run yet: the queue is full, wait for it
            log.add("main put 2");
            Task<Void> p = launch(putter(q, "p", 3));
            Await.on(Asyncio.sleep(0));
            log.add("main got " + Await.on(q.get()));
            Await.on(p);
            log.add("left " + drain(q));
            return Coroutine.done();
        });
        assertEquals(List.of("g waits", "g got 1", "main put 2", "p puts 3", "main got 2", "p put 3", "left [3]"), log);
    }

    // ---- loops ----

    @Async
    Coroutine<Void> handOver(Queue<Integer> q) {
        Task<Integer> g = Asyncio.createTask(q.get());
        Await.on(Asyncio.sleep(0));
        q.putNowait(1);
        Await.on(g);
        return Coroutine.done();
    }

    /** A queue binds to the first loop that makes a task wait on it. */
    @Test
    void aQueueIsBoundToTheFirstLoopThatWaitsOnIt() {
        Queue<Integer> q = new Queue<>();
        VirtualTime.run(handOver(q));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtualTime.run(handOver(q)));
        assertEquals("<Queue maxsize=0 tasks=1> is bound to a different event loop", e.getMessage());
    }
}
