package dev.weft.internal.loop;

import java.util.function.Consumer;

/**
 * The loop's FIFO of ready callbacks: a linked list of fixed-size chunks. Adding and polling allocate nothing
 * but a chunk every {@value #CHUNK} entries, and one spare chunk is kept for the next, so a queue that stays
 * short allocates nothing at all. Growing never copies, and a burst of a million callbacks leaves nothing
 * behind: each chunk is dropped as soon as the queue has moved past it. (One big array would be copied at each
 * doubling, and a collector would treat it as one huge object.)
 */
final class ReadyQueue {
    /** Entries per chunk. */
    static final int CHUNK = 256;

    private static final class Chunk {
        final Object[] items = new Object[CHUNK];
        Chunk next;
    }

    private Chunk head = new Chunk();
    private int headIndex;
    private Chunk tail = head;
    private int tailIndex;
    private Chunk spare;
    private int size;
    private int chunks = 1;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** @return the entries the chunks in use can hold, for tests that check the queue shrinks back */
    int capacity() {
        return chunks * CHUNK;
    }

    void add(Object item) {
        if (tailIndex == CHUNK) {
            Chunk c = spare;
            if (c != null) {
                spare = null;
            } else {
                c = new Chunk();
            }
            tail.next = c;
            tail = c;
            tailIndex = 0;
            chunks++;
        }
        tail.items[tailIndex++] = item;
        size++;
    }

    Object poll() {
        if (size == 0) {
            return null;
        }
        Chunk h = head;
        Object item = h.items[headIndex];
        h.items[headIndex] = null;
        size--;
        if (++headIndex == CHUNK && h != tail) {
            // Past this chunk: keep it as the spare, and go on with the next.
            head = h.next;
            h.next = null;
            spare = h;
            headIndex = 0;
            chunks--;
        } else if (size == 0) {
            headIndex = tailIndex = 0;   // empty: start the chunk again, so a short queue never needs another
        }
        return item;
    }

    /** Gives {@code action} each entry, oldest first. */
    void forEach(Consumer<Object> action) {
        int i = headIndex;
        int left = size;
        for (Chunk c = head; left > 0; c = c.next, i = 0) {
            for (; i < CHUNK && left > 0; i++, left--) {
                action.accept(c.items[i]);
            }
        }
    }

    void clear() {
        head = tail = new Chunk();
        headIndex = tailIndex = 0;
        spare = null;
        size = 0;
        chunks = 1;
    }
}
