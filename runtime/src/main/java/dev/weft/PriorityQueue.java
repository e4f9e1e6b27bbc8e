package dev.weft;

import java.util.ArrayList;
import java.util.Comparator;

/**
 * A {@link Queue} that returns the smallest item first: Python's {@code asyncio.PriorityQueue}.
 * Items are ordered by the given comparator, or else by their natural ordering ({@link Comparable});
 * typical items are records such as {@code (priority, data)} that compare by priority first.
 *
 * <p>The storage is a binary heap managed exactly as Python's {@code heapq} does it (same sift
 * algorithm, same comparisons), so items that compare equal come out in the same order as in
 * CPython: deterministic, but not necessarily first-in, first-out. Make the ordering total (for
 * example with a sequence number) when ties matter. Everything else (bounds, fairness among waiting
 * tasks, cancellation, taskDone, join, shutdown) is {@link Queue}'s.
 *
 * <p>Without a comparator the items must be {@link Comparable} to one another. An exception a comparison throws
 * (a {@link ClassCastException} for an item that is not {@code Comparable}) comes out of the put or get that
 * made it.
 *
 * <pre>{@code
 * record Job(int priority, String name) {}
 * PriorityQueue<Job> jobs = new PriorityQueue<>(0,
 *         Comparator.comparingInt(Job::priority).thenComparing(Job::name));
 * jobs.putNowait(new Job(2, "b"));
 * jobs.putNowait(new Job(1, "a"));
 * jobs.getNowait();   // Job[priority=1, name=a]
 * }</pre>
 *
 * @param <T> the item type
 */
public class PriorityQueue<T> extends Queue<T> {

    /** {@code null}: natural ordering. */
    private final Comparator<? super T> comparator;
    /** Assigned by {@link #init}, during the super constructor: no initialiser, on purpose. */
    private ArrayList<T> heap;

    /** Creates an unbounded priority queue ordered by the items' natural ordering. */
    public PriorityQueue() {
        this(0, null);
    }

    /**
     * Creates a priority queue ordered by the items' natural ordering.
     *
     * @param maxsize the most items it holds; {@code 0} (or less) for no limit
     */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /**
     * Creates a priority queue.
     *
     * @param maxsize the most items it holds; {@code 0} (or less) for no limit
     * @param comparator the ordering, or {@code null} for the items' natural ordering
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize);
        this.comparator = comparator;
    }

    @Override
    protected void init(int maxsize) {
        heap = new ArrayList<>();
    }

    /** {@code heapq.heappush}. */
    @Override
    protected void putItem(T item) {
        heap.add(item);
        siftDown(0, heap.size() - 1);
    }

    /** {@code heapq.heappop}. */
    @Override
    protected T getItem() {
        T last = heap.remove(heap.size() - 1);
        if (heap.isEmpty()) {
            return last;
        }
        T first = heap.get(0);
        heap.set(0, last);
        siftUp(0);
        return first;
    }

    @Override
    protected int itemCount() {
        return heap.size();
    }

    /** {@code a < b}, the only comparison heapq makes. */
    @SuppressWarnings("unchecked")
    private boolean less(T a, T b) {
        if (comparator != null) {
            return comparator.compare(a, b) < 0;
        }
        return ((Comparable<? super T>) a).compareTo(b) < 0;
    }

    /** heapq's {@code _siftdown}: moves the item at {@code pos} up towards {@code start}. */
    private void siftDown(int start, int pos) {
        T item = heap.get(pos);
        while (pos > start) {
            int parentPos = (pos - 1) >> 1;
            T parent = heap.get(parentPos);
            if (less(item, parent)) {
                heap.set(pos, parent);
                pos = parentPos;
                continue;
            }
            break;
        }
        heap.set(pos, item);
    }

    /**
     * heapq's {@code _siftup}: moves the smaller child up until a leaf is reached, then puts the item
     * there and sifts it back up (fewer comparisons than stopping early).
     */
    private void siftUp(int pos) {
        int end = heap.size();
        int start = pos;
        T item = heap.get(pos);
        int childPos = 2 * pos + 1;
        while (childPos < end) {
            int rightPos = childPos + 1;
            if (rightPos < end && !less(heap.get(childPos), heap.get(rightPos))) {
                childPos = rightPos;
            }
            heap.set(pos, heap.get(childPos));
            pos = childPos;
            childPos = 2 * pos + 1;
        }
        heap.set(pos, item);
        siftDown(start, pos);
    }
}
