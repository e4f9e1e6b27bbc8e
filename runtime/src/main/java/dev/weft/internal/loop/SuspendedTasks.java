package dev.weft.internal.loop;

import dev.weft.Task;
import dev.weft.internal.Access;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A loop's tasks that have suspended and not finished, in the order they first suspended, which is the order
 * they were created in: with the tasks not yet started and the running one, what {@code allTasks()} lists and
 * what {@code run} cancels at the end ({@link BaseEventLoop#allTasks}). Python keeps a weak set; Weft holds
 * its tasks strongly, so that a task nobody references still runs to its end.
 *
 * <p>Slots in {@link Chunks}, not a list through the tasks: a task keeps only its slot's index (one int,
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
    static final int CHUNK_SHIFT = 10;
    static final int CHUNK = 1 << CHUNK_SHIFT;
    static final int CHUNK_MASK = CHUNK - 1;

    /** A chunk: its slots, and how many of them hold a task. */
    static final class Slots {
        final Task<?>[] tasks = new Task<?>[CHUNK];
        int used;
    }

    // Package-private, not private: SuspendedTasksTest checks the invariants on them.
    /**
     * Slot {@code i} is in {@code chunks.chunk(i)}. A chunk exists while it holds a task, and the chunk {@link #end}
     * is in may exist empty, ready for the next task.
     */
    final Chunks<Slots> chunks = new Chunks<>(CHUNK_SHIFT, 4, Slots::new);
    /** The next task goes into slot {@code end}; unless the table is empty, slot {@code end - 1} holds a task. */
    int end;
    int count;

    /** @return how many tasks are in the table */
    int size() {
        return count;
    }

    void add(Task<?> t) {
        Slots s = (end & CHUNK_MASK) == 0 ? makeRoom() : chunks.chunk(end);
        s.tasks[end & CHUNK_MASK] = t;
        s.used++;
        ACCESS.suspendedIndex(t, end++);
        count++;
    }

    /** Removes {@code t}; nothing happens if it is not here (any more). */
    void remove(Task<?> t) {
        int i = ACCESS.suspendedIndex(t);
        if (i < 0 || i >= end) {
            return;
        }
        Slots s = chunks.chunk(i);
        if (s == null || s.tasks[i & CHUNK_MASK] != t) {
            return;   // a task of another table
        }
        s.tasks[i & CHUNK_MASK] = null;
        ACCESS.suspendedIndex(t, -1);
        count--;
        if (--s.used == 0 && i >>> CHUNK_SHIFT != end >>> CHUNK_SHIFT) {
            chunks.close(i);
        }
        if (i == end - 1) {
            trimEnd();
        } else if (chunks.count() > 4 && count < chunks.count() * (CHUNK / 8)) {
            compact();   // the chunks left are mostly holes: the tasks move down, and are told so
        }
    }

    /** The last slot became a hole: {@link #end} moves back over the holes before it, and the chunks past it go. */
    private void trimEnd() {
        int oldEnd = end;
        end--;
        while (end > 0) {
            Slots s = chunks.chunk(end - 1);
            if (s == null) {
                end = (end - 1) & ~CHUNK_MASK;   // a whole chunk of holes
            } else if (s.tasks[(end - 1) & CHUNK_MASK] == null) {
                end--;   // each slot is passed once per use: O(1) amortised
            } else {
                break;
            }
        }
        dropPast(oldEnd);
    }

    /**
     * {@link #end} moved back from {@code oldEnd}: the chunks after the one {@code end} is in, up to the one
     * {@code oldEnd} is in, go (they are empty), and a mostly unused directory shrinks.
     */
    private void dropPast(int oldEnd) {
        for (int c = (end >>> CHUNK_SHIFT) + 1; c <= oldEnd >>> CHUNK_SHIFT; c++) {
            chunks.close(c << CHUNK_SHIFT);
        }
        chunks.fit(0, end);
    }

    /** @return the tasks in the table, oldest first */
    Set<Task<?>> snapshot() {
        Set<Task<?>> set = new LinkedHashSet<>();
        for (int i = nextTask(0); i < end; i = nextTask(i + 1)) {
            set.add(chunks.chunk(i).tasks[i & CHUNK_MASK]);
        }
        return set;
    }

    /** @return the first slot from {@code i} on that holds a task, or {@link #end} if none does */
    private int nextTask(int i) {
        while (i < end) {
            Slots s = chunks.chunk(i);
            if (s == null) {
                i = (i | CHUNK_MASK) + 1;   // a chunk that went: all holes
            } else if (s.tasks[i & CHUNK_MASK] == null) {
                i++;
            } else {
                return i;
            }
        }
        return end;
    }

    /**
     * {@link #end} starts a chunk: closes the holes if they are half the slots, else makes sure the chunk exists.
     *
     * @return the chunk {@code end} is in now
     */
    private Slots makeRoom() {
        if (count <= end / 2 && end > 0) {
            compact();
            if ((end & CHUNK_MASK) != 0) {
                return chunks.chunk(end);
            }
        }
        return chunks.open(0, end);
    }

    /** Moves the tasks down over the holes, in order, and drops the chunks left empty. */
    private void compact() {
        int oldEnd = end;
        int n = 0;
        for (int i = nextTask(0); i < oldEnd; i = nextTask(i + 1)) {
            Slots from = chunks.chunk(i);
            Task<?> t = from.tasks[i & CHUNK_MASK];
            from.tasks[i & CHUNK_MASK] = null;
            from.used--;
            Slots to = chunks.open(0, n);   // a chunk that went empty before comes back
            to.tasks[n & CHUNK_MASK] = t;
            to.used++;
            ACCESS.suspendedIndex(t, n++);
        }
        end = n;
        dropPast(oldEnd);
    }
}
