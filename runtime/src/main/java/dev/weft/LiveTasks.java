package dev.weft;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A loop's unfinished tasks, in creation order: what {@code allTasks()} lists and what {@code run} cancels at
 * the end. Python keeps a weak set; Weft holds its tasks strongly, so that a task nobody references still
 * runs to its end.
 *
 * <p>Slots in fixed-size chunks, not a list through the tasks: a task keeps only its slot's index (one int,
 * where a doubly linked list costs two references in each of a million tasks), the garbage collector walks
 * arrays instead of a chain, and growing copies no task references (a single array of a million would also be
 * a "humongous" object, billed a whole region more than its size). A finished task leaves a hole; the holes
 * are closed, keeping the order, when they are half the slots, and chunks go when a quarter is used. Adding
 * and removing cost O(1), amortised. One thread: the loop's.
 */
final class LiveTasks {
    private static final int CHUNK_SHIFT = 10;
    private static final int CHUNK = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK - 1;

    /** Slot {@code i} is {@code chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK]}; the chunks in use come first. */
    private Task<?>[][] chunks = new Task<?>[4][];
    /** Slots {@code [0, end)} have been used; some of them are holes. */
    private int end;
    private int count;

    /** @return how many tasks are unfinished */
    int size() {
        return count;
    }

    private Task<?> slot(int i) {
        return chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK];
    }

    private void setSlot(int i, Task<?> t) {
        chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK] = t;
    }

    /** @return the slots the chunks hold, for tests that check the table gives memory back */
    int capacity() {
        int n = 0;
        for (Task<?>[] c : chunks) {
            if (c != null) {
                n += CHUNK;
            }
        }
        return n;
    }

    void add(Task<?> t) {
        if ((end & CHUNK_MASK) == 0) {
            makeRoom();
        }
        t.liveIndex = end;
        setSlot(end, t);
        end++;
        count++;
    }

    /** Removes {@code t}; nothing happens if it is not here (any more). */
    void remove(Task<?> t) {
        int i = t.liveIndex;
        if (i < 0 || i >= end || slot(i) != t) {
            return;
        }
        setSlot(i, null);
        t.liveIndex = -1;
        count--;
        if (i == end - 1) {
            trimEnd();
        } else if (count < end >>> 2 && end > 4 * CHUNK) {
            compact();   // mostly holes: the tasks move down, and are told so
        }
    }

    /** The last slot became a hole: {@link #end} moves back over the holes before it, and the chunks past it go. */
    private void trimEnd() {
        do {
            end--;   // each slot is passed once per use: O(1) amortised
        } while (end > 0 && slot(end - 1) == null);
        dropEmptyChunks();
    }

    /** Keeps the chunks in use and one spare; a mostly empty chunk array shrinks. */
    private void dropEmptyChunks() {
        int used = (end + CHUNK_MASK) >>> CHUNK_SHIFT;
        for (int c = used + 1; c < chunks.length && chunks[c] != null; c++) {
            chunks[c] = null;
        }
        if (chunks.length > 4 && used < chunks.length / 4) {
            chunks = Arrays.copyOf(chunks, chunks.length / 2);
        }
    }

    /** @return the unfinished tasks, oldest first */
    Set<Task<?>> snapshot() {
        Set<Task<?>> set = new LinkedHashSet<>();
        for (int i = 0; i < end; i++) {
            Task<?> t = slot(i);
            if (t != null) {
                set.add(t);
            }
        }
        return set;
    }

    /** {@link #end} starts a chunk: closes the holes if they are half the slots, else makes sure the chunk exists. */
    private void makeRoom() {
        if (end > 0 && count <= end / 2) {
            compact();
            if ((end & CHUNK_MASK) != 0) {
                return;
            }
        }
        int c = end >>> CHUNK_SHIFT;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new Task<?>[CHUNK];
        }
    }

    /** Moves the tasks down over the holes, in order, and drops the chunks left empty. */
    private void compact() {
        int n = 0;
        for (int i = 0; i < end; i++) {
            Task<?> t = slot(i);
            if (t != null) {
                setSlot(i, null);
                setSlot(n, t);
                t.liveIndex = n++;
            }
        }
        end = n;
        dropEmptyChunks();
    }
}
