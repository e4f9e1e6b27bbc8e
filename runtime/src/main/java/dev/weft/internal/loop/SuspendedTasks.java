package dev.weft.internal.loop;

import dev.weft.Task;
import dev.weft.internal.Access;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A loop's tasks that have suspended and not finished, in the order they first suspended, which is the order
 * they were created in: with the tasks not yet started and the running one, what {@code allTasks()} lists and
 * what {@code run} cancels at the end ({@link BaseEventLoop#allTasks}). Python keeps a weak set; Weft holds
 * its tasks strongly, so that a task nobody references still runs to its end.
 *
 * <p>Slots in fixed-size chunks, not a list through the tasks: a task keeps only its slot's index (one int,
 * where a doubly linked list costs two references in each of a million tasks), the garbage collector walks
 * arrays instead of a chain, and growing copies no task references (a single array of a million would also be
 * a "humongous" object, billed a whole region more than its size).
 *
 * <p>A finished task leaves a hole, and nothing moves: a chunk whose tasks have all finished goes at once, and
 * when the newest task finishes, {@link #end} moves back over the holes before it. Tasks mostly finish oldest
 * first, often beside one long-lived task (the main one), and then the table only frees chunks. Holes are
 * closed, keeping the order, only when the chunks left are mostly empty, or when a new chunk would be needed
 * and half the slots are holes. Adding and removing cost O(1), amortised. One thread: the loop's.
 */
final class SuspendedTasks {
    private static final Access ACCESS = Access.get();
    // Package-private, not private: SuspendedTasksTest checks the invariants on them.
    static final int CHUNK_SHIFT = 10;
    static final int CHUNK = 1 << CHUNK_SHIFT;
    static final int CHUNK_MASK = CHUNK - 1;

    /**
     * Slot {@code i} is {@code chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK]}. A chunk exists while it holds a
     * task, and the chunk {@link #end} is in may exist empty, ready for the next task.
     */
    Task<?>[][] chunks = new Task<?>[4][];
    /** How many tasks each chunk holds. */
    int[] used = new int[4];
    /** How many chunks exist. */
    int chunkCount;
    /** The next task goes into slot {@code end}; unless the table is empty, slot {@code end - 1} holds a task. */
    int end;
    int count;

    /** @return how many tasks are unfinished */
    int size() {
        return count;
    }

    /** @return the slots the chunks hold, for tests that check the table gives memory back */
    int capacity() {
        return chunkCount * CHUNK;
    }

    void add(Task<?> t) {
        int c = end >>> CHUNK_SHIFT;
        if ((end & CHUNK_MASK) == 0 && (c == chunks.length || chunks[c] == null)) {
            c = makeRoom();
        }
        chunks[c][end & CHUNK_MASK] = t;
        used[c]++;
        ACCESS.suspendedIndex(t, end++);
        count++;
    }

    /** Removes {@code t}; nothing happens if it is not here (any more). */
    void remove(Task<?> t) {
        int i = ACCESS.suspendedIndex(t);
        if (i < 0 || i >= end) {
            return;
        }
        int c = i >>> CHUNK_SHIFT;
        Task<?>[] chunk = chunks[c];
        if (chunk == null || chunk[i & CHUNK_MASK] != t) {
            return;   // a task of another table
        }
        chunk[i & CHUNK_MASK] = null;
        ACCESS.suspendedIndex(t, -1);
        count--;
        if (--used[c] == 0 && c != end >>> CHUNK_SHIFT) {
            drop(c);
        }
        if (i == end - 1) {
            trimEnd();
        } else if (chunkCount > 4 && count < chunkCount * (CHUNK / 8)) {
            compact();   // the chunks left are mostly holes: the tasks move down, and are told so
        }
    }

    private void drop(int c) {
        chunks[c] = null;
        used[c] = 0;
        chunkCount--;
    }

    /** The last slot became a hole: {@link #end} moves back over the holes before it, and the chunks past it go. */
    private void trimEnd() {
        int oldEnd = end;
        end--;
        while (end > 0) {
            Task<?>[] chunk = chunks[(end - 1) >>> CHUNK_SHIFT];
            if (chunk == null) {
                end = (end - 1) & ~CHUNK_MASK;   // a whole chunk of holes
            } else if (chunk[(end - 1) & CHUNK_MASK] == null) {
                end--;   // each slot is passed once per use: O(1) amortised
            } else {
                break;
            }
        }
        dropPast(oldEnd);
    }

    /**
     * {@link #end} moved back from {@code oldEnd}: the chunks after the one {@code end} is in, up to the one
     * {@code oldEnd} is in, go (they are empty), and a mostly unused chunk array shrinks.
     */
    private void dropPast(int oldEnd) {
        int keep = end >>> CHUNK_SHIFT;
        for (int c = keep + 1; c <= oldEnd >>> CHUNK_SHIFT && c < chunks.length; c++) {
            if (chunks[c] != null) {
                drop(c);
            }
        }
        int length = chunks.length;
        while (length > 4 && keep < length / 4) {
            length /= 2;
        }
        if (length < chunks.length) {
            chunks = Arrays.copyOf(chunks, length);
            used = Arrays.copyOf(used, length);
        }
    }

    /** @return the unfinished tasks, oldest first */
    Set<Task<?>> snapshot() {
        Set<Task<?>> set = new LinkedHashSet<>();
        for (int i = nextTask(0); i < end; i = nextTask(i + 1)) {
            set.add(chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK]);
        }
        return set;
    }

    /** @return the first slot from {@code i} on that holds a task, or {@link #end} if none does */
    private int nextTask(int i) {
        while (i < end) {
            Task<?>[] chunk = chunks[i >>> CHUNK_SHIFT];
            if (chunk == null) {
                i = (i | CHUNK_MASK) + 1;   // a chunk that went: all holes
            } else if (chunk[i & CHUNK_MASK] == null) {
                i++;
            } else {
                return i;
            }
        }
        return end;
    }

    /**
     * {@link #end} starts a chunk that does not exist: closes the holes if they are half the slots, else makes
     * the chunk.
     *
     * @return the chunk {@code end} is in now
     */
    private int makeRoom() {
        if (count <= end / 2 && end > 0) {
            compact();
            if ((end & CHUNK_MASK) != 0) {
                return end >>> CHUNK_SHIFT;
            }
        }
        int c = end >>> CHUNK_SHIFT;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
            used = Arrays.copyOf(used, used.length * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new Task<?>[CHUNK];
            chunkCount++;
        }
        return c;
    }

    /** Moves the tasks down over the holes, in order, and drops the chunks left empty. */
    private void compact() {
        int oldEnd = end;
        int n = 0;
        for (int i = nextTask(0); i < oldEnd; i = nextTask(i + 1)) {
            int c = i >>> CHUNK_SHIFT;
            Task<?> t = chunks[c][i & CHUNK_MASK];
            chunks[c][i & CHUNK_MASK] = null;
            used[c]--;
            int d = n >>> CHUNK_SHIFT;
            if (chunks[d] == null) {
                chunks[d] = new Task<?>[CHUNK];   // a chunk that went empty before
                chunkCount++;
            }
            chunks[d][n & CHUNK_MASK] = t;
            used[d]++;
            ACCESS.suspendedIndex(t, n++);
        }
        end = n;
        dropPast(oldEnd);
    }
}
