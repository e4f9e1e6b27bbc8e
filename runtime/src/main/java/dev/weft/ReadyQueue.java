package dev.weft;

/**
 * The loop's FIFO of ready callbacks: a ring buffer that grows by doubling and shrinks again when it
 * drains, so a burst of a million callbacks does not leave a million-slot array behind. Adding and
 * polling allocate nothing (except when resizing).
 */
final class ReadyQueue {
    static final int INITIAL_CAPACITY = 16;

    private Object[] items = new Object[INITIAL_CAPACITY];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int capacity() {
        return items.length;
    }

    void add(Object item) {
        if (size == items.length) {
            resize(items.length * 2);
        }
        items[(head + size) & (items.length - 1)] = item;
        size++;
    }

    Object poll() {
        if (size == 0) {
            return null;
        }
        Object item = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        if (items.length > INITIAL_CAPACITY && size < items.length / 4) {
            resize(items.length / 2);
        }
        return item;
    }

    void clear() {
        items = new Object[INITIAL_CAPACITY];
        head = 0;
        size = 0;
    }

    private void resize(int capacity) {
        Object[] next = new Object[capacity];
        int mask = items.length - 1;
        for (int i = 0; i < size; i++) {
            next[i] = items[(head + i) & mask];
        }
        items = next;
        head = 0;
    }
}
