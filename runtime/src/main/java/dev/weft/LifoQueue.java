package dev.weft;

import java.util.ArrayDeque;

/**
 * A last-in, first-out {@link Queue}: Python's {@code asyncio.LifoQueue}. {@code get} returns the item
 * put most recently. Everything else (bounds, fairness among waiting tasks, cancellation, taskDone,
 * join, shutdown) is {@link Queue}'s.
 *
 * <pre>{@code
 * LifoQueue<Integer> stack = new LifoQueue<>();
 * stack.putNowait(1);
 * stack.putNowait(2);
 * stack.getNowait();   // 2
 * }</pre>
 *
 * @param <T> the item type
 */
public class LifoQueue<T> extends Queue<T> {

    /** Assigned by {@link #init}, during the super constructor: no initialiser, on purpose. */
    private ArrayDeque<T> stack;

    /** Creates an unbounded LIFO queue. */
    public LifoQueue() {
        super();
    }

    /**
     * Creates a LIFO queue.
     *
     * @param maxsize the most items it holds; {@code 0} (or less) for no limit
     */
    public LifoQueue(int maxsize) {
        super(maxsize);
    }

    @Override
    protected void init(int maxsize) {
        stack = new ArrayDeque<>();
    }

    @Override
    protected void putItem(T item) {
        stack.addLast(item);
    }

    @Override
    protected T getItem() {
        return stack.pollLast();
    }

    @Override
    protected int itemCount() {
        return stack.size();
    }
}
