package dev.weft.internal.loop;

import java.util.function.Supplier;

/**
 * Fixed-size chunks addressed by position: the storage under the loop's ready queue, its timer queue's run and
 * its table of suspended tasks. Chunks grow a structure without copying its entries (one big array is copied at
 * each doubling, and past a size the collector treats it as one huge object), and a structure gives memory back
 * a chunk at a time as it drains.
 *
 * <p>Positions are 30-bit ints that only move forward ({@link #next}), wrapping around. The chunk of position
 * {@code p} sits in slot {@code (p >>> shift) & (slots - 1)} of a power-of-two directory, so a window of
 * positions that moves on, as a FIFO's does, uses the directory as a ring, and a table whose positions start at
 * 0 indexes it directly. The user says when a chunk is needed ({@link #open}) and when its entries are all gone
 * ({@link #close}); one closed chunk is kept as the spare for the next {@code open}, so a queue that stays
 * short allocates nothing at all. One thread: the loop's.
 *
 * @param <C> a chunk: an array of entries, or a few parallel arrays
 */
final class Chunks<C> {
    /** The positions' bits: users tag the two above them. */
    static final int POS_MASK = 0x3FFF_FFFF;

    private final int shift;
    private final int initialSlots;
    private final Supplier<C> make;
    /** The directory. Package-private, not private: the tables' tests check their invariants on it. */
    Object[] slots;
    private C spare;
    private int count;

    /**
     * @param shift log2 of the entries per chunk
     * @param initialSlots the directory's smallest size, a power of two
     * @param make makes an empty chunk
     */
    Chunks(int shift, int initialSlots, Supplier<C> make) {
        this.shift = shift;
        this.initialSlots = initialSlots;
        this.make = make;
        this.slots = new Object[initialSlots];
    }

    /** @return the position after {@code p} */
    static int next(int p) {
        return (p + 1) & POS_MASK;
    }

    /** @return the directory's size: how many chunks fit without growing it */
    int slots() {
        return slots.length;
    }

    /** @return how many chunks exist (the spare not counted) */
    int count() {
        return count;
    }

    /**
     * @param p a position
     * @return the chunk that holds it, or {@code null} if there is none
     */
    @SuppressWarnings("unchecked")
    C chunk(int p) {
        return (C) slots[(p >>> shift) & (slots.length - 1)];
    }

    /**
     * Makes sure position {@code p} has a chunk, the directory growing (without copying entries) when the
     * window from {@code from} to {@code p} spans more chunks than it has slots.
     *
     * @param from the first position in use (the window's start)
     * @param p the position that needs a chunk, at or after {@code from}
     * @return the chunk of {@code p}: the one there, the spare, or a new one
     */
    C open(int from, int p) {
        int span = chunksBetween(from, p);
        if (span > slots.length) {
            int length = slots.length * 2;
            while (length < span) {
                length *= 2;
            }
            replace(from, span - 1, length);
        }
        int slot = (p >>> shift) & (slots.length - 1);
        @SuppressWarnings("unchecked")
        C c = (C) slots[slot];
        if (c == null) {
            c = spare;
            spare = null;
            if (c == null) {
                c = make.get();
            }
            slots[slot] = c;
            count++;
        }
        return c;
    }

    /**
     * The chunk of {@code p} is no longer needed; it becomes the spare if there is none.
     *
     * @param p a position in the chunk, whose entries the caller has all cleared
     */
    @SuppressWarnings("unchecked")
    void close(int p) {
        int slot = (p >>> shift) & (slots.length - 1);
        C c = (C) slots[slot];
        if (c != null) {
            slots[slot] = null;
            count--;
            if (spare == null) {
                spare = c;
            }
        }
    }

    /**
     * Shrinks the directory back when the window from {@code from} to {@code to} (exclusive) uses less than a
     * quarter of it.
     *
     * @param from the first position in use
     * @param to the position after the last in use
     */
    void fit(int from, int to) {
        int span = from == to ? 0 : chunksBetween(from, (to - 1) & POS_MASK);
        int length = slots.length;
        while (length > initialSlots && span < length / 4) {
            length /= 2;
        }
        if (length < slots.length) {
            replace(from, span, length);
        }
    }

    /** Drops every chunk but one, kept as the spare, and shrinks the directory to its first size. */
    void clear() {
        C keep = spare;
        for (int i = 0; i < slots.length && keep == null; i++) {
            @SuppressWarnings("unchecked")
            C c = (C) slots[i];
            keep = c;
        }
        slots = new Object[initialSlots];
        spare = keep;
        count = 0;
    }

    /** Forgets the spare (its entries were not all cleared). */
    void dropSpare() {
        spare = null;
    }

    /** @return how many chunks hold the positions from {@code from} to {@code p}, both included */
    private int chunksBetween(int from, int p) {
        return (((p >>> shift) - (from >>> shift)) & (POS_MASK >>> shift)) + 1;
    }

    /**
     * A new directory of {@code length} slots, with the {@code span} chunks from {@code from}'s in their places;
     * a chunk outside them is dropped.
     */
    private void replace(int from, int span, int length) {
        Object[] to = new Object[length];
        int first = from >>> shift;
        int kept = 0;
        for (int i = 0; i < span; i++) {
            int n = (first + i) & (POS_MASK >>> shift);
            Object c = slots[n & (slots.length - 1)];
            if (c != null) {
                to[n & (length - 1)] = c;
                kept++;
            }
        }
        slots = to;
        count = kept;
    }
}
