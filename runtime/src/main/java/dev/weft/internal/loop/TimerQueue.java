package dev.weft.internal.loop;

import dev.weft.TimerHandle;
import dev.weft.internal.Access;

import java.util.Arrays;

/**
 * The loop's timers, earliest deadline first, and timers with equal deadlines in scheduling order. Entries are
 * {@link TimerHandle}s (callLater, callAt) and sleeping {@link Task}s (a sleep is its task's own timer: no
 * handle, no future, no object at all).
 *
 * <p>Two parts:
 * <ul>
 *   <li>a <em>run</em>: a FIFO ring of timers whose deadlines never decrease. Most timers go there: a program
 *       that sleeps or times out with the same delay again and again schedules them in deadline order. Adding
 *       and taking cost O(1) and touch memory in order;</li>
 *   <li>a binary min-heap for a timer earlier than the run's last one.</li>
 * </ul>
 * The earliest timer is the earlier of the run's head and the heap's top.
 *
 * <p>Intrusive: each entry knows its position (a heap index, or its position in the run tagged with
 * {@link #RUN}), so removal needs no search. A removed run entry leaves a hole that the run's head skips; the
 * run is compacted when holes are most of it. The run lives in {@link Chunks}: it grows without copying, and a
 * chunk goes as soon as the head has passed it. The keys (deadline and sequence number) live in
 * arrays parallel to the entries, so comparisons read neighbouring array elements, not the entries.
 */
final class TimerQueue {
    private static final Access ACCESS = Access.get();
    private static final int INITIAL = 16;
    private static final int INITIAL_CHUNKS = 4;
    /** Tags an entry's position as a place in the run. Positions count appends, modulo {@link #POS_MASK} + 1. */
    private static final int RUN = 0x8000_0000;
    private static final int TAG_MASK = 0xC000_0000;
    private static final int POS_MASK = Chunks.POS_MASK;

    // The heap.
    // Package-private, not private: the loop's tests read the sizes of items and run (LoopProbe).
    Object[] items = new Object[INITIAL];
    private double[] whens = new double[INITIAL];
    private int[] seqs = new int[INITIAL];
    private int size;

    // The run: positions [runHead, runTail); position p is entry p & CHUNK_MASK of run.chunk(p). A null entry is
    // a hole.
    private static final int CHUNK_SHIFT = 10;
    static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK - 1;

    /** A piece of the run: fixed-size, so the run grows without copying and gives memory back as it drains. */
    private static final class Chunk {
        final Object[] items = new Object[CHUNK];
        final double[] whens = new double[CHUNK];
        final int[] seqs = new int[CHUNK];
    }

    Chunks<Chunk> run = newRun();
    private int runHead;
    private int runTail;
    private int runLive;
    private double runLastWhen;

    /** @return how many timers are queued */
    int size() {
        return size + runLive;
    }

    boolean isEmpty() {
        return size + runLive == 0;
    }

    /** @return the earliest timer, or {@code null} */
    Object peek() {
        if (runFirst()) {
            return chunk(runHead).items[runHead & CHUNK_MASK];
        }
        return size == 0 ? null : items[0];
    }

    /** @return the earliest timer's deadline; only when not empty */
    double peekWhen() {
        return runFirst() ? chunk(runHead).whens[runHead & CHUNK_MASK] : whens[0];
    }

    /** Removes and returns the earliest timer, or returns {@code null}. */
    Object poll() {
        if (runFirst()) {
            Object[] chunkItems = chunk(runHead).items;
            Object t = chunkItems[runHead & CHUNK_MASK];
            chunkItems[runHead & CHUNK_MASK] = null;
            index(t, -1);
            runLive--;
            afterRunRemoval();
            return t;
        }
        if (size == 0) {
            return null;
        }
        Object top = items[0];
        removeAt(0);
        return top;
    }

    /**
     * Adds a timer that is not queued.
     *
     * @param t a TimerHandle or a Task
     * @param when its deadline in loop time
     * @param seq its scheduling order: breaks ties between equal deadlines (each timer's is the largest yet)
     */
    void add(Object t, double when, int seq) {
        if (runLive == 0 || when >= runLastWhen) {
            addToRun(t, when, seq);
            return;
        }
        if (size == items.length) {
            resizeHeap(size * 2);
        }
        siftUp(size++, t, when, seq);
    }

    /** Removes {@code t} if it is queued. */
    void remove(Object t) {
        int i = index(t);
        if (i >= 0) {
            if (i < size && items[i] == t) {
                removeAt(i);
            }
        } else if ((i & TAG_MASK) == RUN) {
            int p = i & POS_MASK;
            Chunk c = runSpan() > ((p - runHead) & POS_MASK) ? chunk(p) : null;
            if (c != null && c.items[p & CHUNK_MASK] == t) {
                c.items[p & CHUNK_MASK] = null;
                index(t, -1);
                runLive--;
                afterRunRemoval();
            }
        }
    }

    /**
     * @param t a TimerHandle or a Task
     * @return its deadline in loop time, or NaN when it is not queued (here)
     */
    double whenOf(Object t) {
        int i = index(t);
        if (i >= 0) {
            return i < size && items[i] == t ? whens[i] : Double.NaN;
        }
        if ((i & TAG_MASK) == RUN) {
            int p = i & POS_MASK;
            Chunk c = runSpan() > ((p - runHead) & POS_MASK) ? chunk(p) : null;
            if (c != null && c.items[p & CHUNK_MASK] == t) {
                return c.whens[p & CHUNK_MASK];
            }
        }
        return Double.NaN;
    }

    /** Drops every cancelled timer handle: Python's rebuild of its heap when most timers are cancelled. */
    void purgeCancelled() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            Object t = items[i];
            if (isCancelled(t)) {
                index(t, -1);
            } else {
                items[n] = t;
                whens[n] = whens[i];
                seqs[n] = seqs[i];
                index(t, n++);
            }
        }
        Arrays.fill(items, n, size, null);
        size = n;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, items[i], whens[i], seqs[i]);
        }
        shrinkHeap();

        for (int p = runHead; p != runTail; p = (p + 1) & POS_MASK) {
            Object[] chunkItems = chunk(p).items;
            Object t = chunkItems[p & CHUNK_MASK];
            if (t != null && isCancelled(t)) {
                chunkItems[p & CHUNK_MASK] = null;
                index(t, -1);
                runLive--;
            }
        }
        compactRun();
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            index(items[i], -1);
        }
        for (int p = runHead; p != runTail; p = (p + 1) & POS_MASK) {
            Object t = chunk(p).items[p & CHUNK_MASK];
            if (t != null) {
                index(t, -1);
            }
        }
        items = new Object[INITIAL];
        whens = new double[INITIAL];
        seqs = new int[INITIAL];
        size = 0;
        run = newRun();
        runHead = runTail = runLive = 0;
    }

    // ---- the run ----

    /** @return whether the earliest timer is the run's head (the head is never a hole) */
    private boolean runFirst() {
        if (runLive == 0) {
            return false;
        }
        if (size == 0) {
            return true;
        }
        Chunk c = chunk(runHead);
        int k = runHead & CHUNK_MASK;
        return less(c.whens[k], c.seqs[k], whens[0], seqs[0]);
    }

    private static Chunks<Chunk> newRun() {
        return new Chunks<>(CHUNK_SHIFT, INITIAL_CHUNKS, Chunk::new);
    }

    /** @return the chunk that holds position {@code p}, which must lie in the run */
    private Chunk chunk(int p) {
        return run.chunk(p);
    }

    private int runSpan() {
        return (runTail - runHead) & POS_MASK;
    }

    private void addToRun(Object t, double when, int seq) {
        // An empty run always starts at position 0: its last removal, clear() and compactRun() reset it.
        if ((runTail & CHUNK_MASK) == 0) {
            newTailChunk();
        }
        int p = runTail;
        Chunk c = chunk(p);
        int k = p & CHUNK_MASK;
        c.items[k] = t;
        c.whens[k] = when;
        c.seqs[k] = seq;
        index(t, RUN | p);
        runTail = (p + 1) & POS_MASK;
        runLive++;
        runLastWhen = when;
    }

    /** The tail starts a chunk: closes the holes first if they are most of a run that fills its directory. */
    private void newTailChunk() {
        // The tail is at a chunk's start, so the chunks from the head's to the tail's are these many.
        int chunksInUse = (runSpan() + CHUNK - 1) >>> CHUNK_SHIFT;
        if (chunksInUse == run.slots() && runLive < runSpan() / 2) {
            compactRun();   // mostly holes: closing them makes room
            if ((runTail & CHUNK_MASK) != 0) {
                return;
            }
        }
        run.open(runHead, runTail);
    }

    /** After an entry left the run: moves the head past holes, dropping the chunks it leaves behind. */
    private void afterRunRemoval() {
        if (runLive == 0) {
            releaseRun();
            return;
        }
        int p = runHead;
        Chunk c = chunk(p);
        while (c.items[p & CHUNK_MASK] == null) {
            p = (p + 1) & POS_MASK;
            if ((p & CHUNK_MASK) == 0) {
                run.close((p - 1) & POS_MASK);   // the head leaves a chunk, every entry of which is null now
                c = chunk(p);
            }
        }
        runHead = p;
        int span = runSpan();
        if (span > 4 * CHUNK && runLive < span / 4) {
            compactRun();   // mostly holes: the entries move, and are told so
        }
    }

    /** Empties the run: its chunks go (one stays as the spare: all its entries are null), and the directory shrinks back. */
    private void releaseRun() {
        run.clear();
        runHead = runTail = 0;
    }

    /** Moves the live entries of the run to fresh chunks, closing the holes; each entry is told its new position. */
    private void compactRun() {
        Chunks<Chunk> compacted = newRun();
        Chunk to = null;
        int n = 0;
        for (int p = runHead; p != runTail; p = (p + 1) & POS_MASK) {
            Chunk from = chunk(p);
            int k = p & CHUNK_MASK;
            Object t = from.items[k];
            if (t != null) {
                if ((n & CHUNK_MASK) == 0) {
                    to = compacted.open(0, n);
                }
                to.items[n & CHUNK_MASK] = t;
                to.whens[n & CHUNK_MASK] = from.whens[k];
                to.seqs[n & CHUNK_MASK] = from.seqs[k];
                index(t, RUN | n);
                n++;
            }
        }
        run = compacted;
        runHead = 0;
        runTail = n;
    }

    // ---- the heap ----

    private void shrinkHeap() {
        if (items.length > INITIAL && size < items.length / 4) {
            resizeHeap(Math.max(INITIAL, items.length / 2));
        }
    }

    private void resizeHeap(int capacity) {
        items = Arrays.copyOf(items, capacity);
        whens = Arrays.copyOf(whens, capacity);
        seqs = Arrays.copyOf(seqs, capacity);
    }

    private void removeAt(int i) {
        index(items[i], -1);
        int last = --size;
        if (i != last) {
            Object moved = items[last];
            double when = whens[last];
            int seq = seqs[last];
            items[last] = null;
            siftDown(i, moved, when, seq);
            if (items[i] == moved) {
                siftUp(i, moved, when, seq);
            }
        } else {
            items[last] = null;
        }
        shrinkHeap();
    }

    private void put(int i, Object t, double when, int seq) {
        items[i] = t;
        whens[i] = when;
        seqs[i] = seq;
        index(t, i);
    }

    /** Places {@code t} at {@code i} or above it. */
    private void siftUp(int i, Object t, double when, int seq) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(when, seq, whens[parent], seqs[parent])) {
                break;
            }
            put(i, items[parent], whens[parent], seqs[parent]);
            i = parent;
        }
        put(i, t, when, seq);
    }

    /** Places {@code t} at {@code i} or below it. */
    private void siftDown(int i, Object t, double when, int seq) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(whens[right], seqs[right], whens[child], seqs[child])) {
                child = right;
            }
            if (!less(whens[child], seqs[child], when, seq)) {
                break;
            }
            put(i, items[child], whens[child], seqs[child]);
            i = child;
        }
        put(i, t, when, seq);
    }

    // ---- entries ----

    /** @return whether a TimerHandle's or a Task's position says it is queued */
    static boolean isQueued(int index) {
        return index >= 0 || (index & TAG_MASK) == RUN;
    }

    /**
     * Scheduling order breaks ties. The sequence is an int (a program holds a million timers); comparing the
     * difference keeps the order right across its wrap-around.
     */
    private static boolean less(double wa, int sa, double wb, int sb) {
        return wa < wb || (wa == wb && sa - sb < 0);
    }

    private static boolean isCancelled(Object t) {
        return t instanceof TimerHandle && ((TimerHandle) t).isCancelled();
    }

    private static int index(Object t) {
        return ACCESS.queueIndex(t);
    }

    private static void index(Object t, int i) {
        ACCESS.queueIndex(t, i);
    }
}
