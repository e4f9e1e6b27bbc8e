package dev.weft.internal.loop;

import java.util.function.Consumer;

/**
 * The loop's FIFO of ready callbacks, in {@link Chunks}. Adding and polling allocate nothing but a chunk every
 * {@value #CHUNK} entries, and the spare chunk serves the next, so a queue that stays short allocates nothing
 * at all. Growing never copies, and a burst of a million callbacks leaves nothing behind: each chunk goes as soon
 * as the queue has moved past it.
 */
final class ReadyQueue {
    private static final int SHIFT = 8;
    /** Entries per chunk. */
    static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    /** Package-private, not private: the loop's tests read its size (LoopProbe). */
    final Chunks<Object[]> chunks = new Chunks<>(SHIFT, 4, () -> new Object[CHUNK]);
    /** Positions: the queue is [head, tail). */
    private int head;
    private int tail;
    // The chunks of head and tail, kept so that adding and polling look nothing up within a chunk.
    private Object[] headChunk;
    private Object[] tailChunk;
    private int size;

    ReadyQueue() {
        headChunk = tailChunk = chunks.open(0, 0);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(Object item) {
        int k = tail & MASK;
        if (k == 0 && size != 0) {
            tailChunk = chunks.open(head, tail);
        }
        tailChunk[k] = item;
        tail = Chunks.next(tail);
        size++;
    }

    Object poll() {
        if (size == 0) {
            return null;
        }
        Object[] c = headChunk;
        int k = head & MASK;
        Object item = c[k];
        c[k] = null;
        size--;
        if (size == 0) {
            // Empty: start the head's chunk again (it is the tail's too), so that a short queue never needs another.
            head = tail = head & ~MASK;
        } else {
            head = Chunks.next(head);
            if ((head & MASK) == 0) {
                chunks.close((head - 1) & Chunks.POS_MASK);   // past this chunk: it becomes the spare
                headChunk = chunks.chunk(head);
            }
        }
        return item;
    }

    /** Gives {@code action} each entry, oldest first. */
    void forEach(Consumer<Object> action) {
        for (int p = head, left = size; left > 0; p = Chunks.next(p), left--) {
            action.accept(chunks.chunk(p)[p & MASK]);
        }
    }

    void clear() {
        chunks.clear();
        chunks.dropSpare();   // its entries may still be set
        head = tail = size = 0;
        headChunk = tailChunk = chunks.open(0, 0);
    }
}
