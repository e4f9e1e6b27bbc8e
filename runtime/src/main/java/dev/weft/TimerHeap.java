package dev.weft;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by deadline, then by scheduling order. Intrusive: each timer
 * knows its index, so removal is O(log n) and nothing is allocated per timer beyond the handle.
 */
final class TimerHeap {
    private TimerHandle[] heap = new TimerHandle[16];
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

    TimerHandle peek() {
        return size == 0 ? null : heap[0];
    }

    void add(TimerHandle t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.heapIndex = size;
        siftUp(size++);
    }

    TimerHandle poll() {
        if (size == 0) {
            return null;
        }
        TimerHandle top = heap[0];
        removeAt(0);
        return top;
    }

    void remove(TimerHandle t) {
        int i = t.heapIndex;
        if (i >= 0 && i < size && heap[i] == t) {
            removeAt(i);
        }
    }

    /** Drops every cancelled timer and restores the heap: Python's rebuild when most are cancelled. */
    void purgeCancelled() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            TimerHandle t = heap[i];
            if (t.cancelled) {
                t.heapIndex = -1;
            } else {
                heap[n] = t;
                t.heapIndex = n++;
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
            heap[i].heapIndex = -1;
        }
        heap = new TimerHandle[16];
        size = 0;
    }

    private void shrink() {
        if (heap.length > 16 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(16, heap.length / 2));
        }
    }

    private void removeAt(int i) {
        TimerHandle removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        if (i != last) {
            TimerHandle moved = heap[last];
            heap[i] = moved;
            moved.heapIndex = i;
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

    private static boolean less(TimerHandle a, TimerHandle b) {
        return a.when < b.when || (a.when == b.when && a.seq < b.seq);
    }

    private void siftUp(int i) {
        TimerHandle t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerHandle p = heap[parent];
            if (!less(t, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = t;
        t.heapIndex = i;
    }

    private void siftDown(int i) {
        TimerHandle t = heap[i];
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
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = t;
        t.heapIndex = i;
    }
}
