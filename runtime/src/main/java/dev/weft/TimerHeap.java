package dev.weft;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by deadline, then by scheduling order. Intrusive: each timer
 * knows its index, so removal is O(log n) and nothing is allocated per timer beyond the entry itself.
 * Entries are {@link TimerHandle}s (callLater, callAt) and {@link SleepCoroutine}s (a sleep is its own
 * timer: no handle, no future).
 */
final class TimerHeap {
    private Object[] heap = new Object[16];
    private int size;

    int size() {
        return size;
    }

    int capacity() {
        return heap.length;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Object peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Object t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        index(t, size);
        siftUp(size++);
    }

    Object poll() {
        if (size == 0) {
            return null;
        }
        Object top = heap[0];
        removeAt(0);
        return top;
    }

    void remove(Object t) {
        int i = index(t);
        if (i >= 0 && i < size && heap[i] == t) {
            removeAt(i);
        }
    }

    /** Drops every cancelled timer and restores the heap: Python's rebuild when most are cancelled. */
    void purgeCancelled() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            Object t = heap[i];
            if (t instanceof TimerHandle && ((TimerHandle) t).cancelled) {
                index(t, -1);
            } else {
                heap[n] = t;
                index(t, n++);
            }
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i);
        }
        shrink();
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            index(heap[i], -1);
        }
        heap = new Object[16];
        size = 0;
    }

    private void shrink() {
        if (heap.length > 16 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(16, heap.length / 2));
        }
    }

    private void removeAt(int i) {
        Object removed = heap[i];
        index(removed, -1);
        int last = --size;
        if (i != last) {
            Object moved = heap[last];
            heap[i] = moved;
            index(moved, i);
            heap[last] = null;
            siftDown(i);
            if (heap[i] == moved) {
                siftUp(i);
            }
        } else {
            heap[last] = null;
        }
        shrink();
    }

    static double when(Object t) {
        return t instanceof TimerHandle ? ((TimerHandle) t).when : ((SleepCoroutine<?>) t).when;
    }

    private static int seq(Object t) {
        return t instanceof TimerHandle ? ((TimerHandle) t).seq : ((SleepCoroutine<?>) t).seq;
    }

    private static int index(Object t) {
        return t instanceof TimerHandle ? ((TimerHandle) t).heapIndex : ((SleepCoroutine<?>) t).heapIndex;
    }

    private static void index(Object t, int i) {
        if (t instanceof TimerHandle) {
            ((TimerHandle) t).heapIndex = i;
        } else {
            ((SleepCoroutine<?>) t).heapIndex = i;
        }
    }

    private static boolean less(Object a, Object b) {
        double wa = when(a);
        double wb = when(b);
        // Scheduling order breaks ties. The sequence is an int (a timer is what a program holds a
        // million of); comparing the difference keeps the order right across its wrap-around.
        return wa < wb || (wa == wb && seq(a) - seq(b) < 0);
    }

    private void siftUp(int i) {
        Object t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Object p = heap[parent];
            if (!less(t, p)) {
                break;
            }
            heap[i] = p;
            index(p, i);
            i = parent;
        }
        heap[i] = t;
        index(t, i);
    }

    private void siftDown(int i) {
        Object t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], t)) {
                break;
            }
            heap[i] = heap[child];
            index(heap[i], i);
            i = child;
        }
        heap[i] = t;
        index(t, i);
    }
}
