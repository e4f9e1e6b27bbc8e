package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.LoopBinding;

import java.util.ArrayDeque;

/**
 * A first-in, first-out queue for producer and consumer tasks: Python's {@code asyncio.Queue},
 * including Python 3.13's {@link #shutdown(boolean) shutdown}.
 *
 * <p>A queue with {@code maxsize > 0} holds at most that many items: {@link #put} suspends while it is
 * full. {@link #get} suspends while it is empty. The {@code Nowait} variants never suspend and throw
 * {@link QueueFull} or {@link QueueEmpty} instead. Since the loop runs one task at a time, {@link #qsize()},
 * {@link #isEmpty()} and {@link #isFull()} stay accurate until the calling task suspends.
 *
 * <p><b>Fairness.</b> Tasks blocked in {@code get()} are served in the order they started waiting, and
 * so are tasks blocked in {@code put()}: each item put wakes the longest-waiting getter, each item
 * taken wakes the longest-waiting putter.
 *
 * <p><b>Cancellation.</b> A blocked {@code put()} or {@code get()} that is cancelled leaves the queue
 * unchanged (the item is not put, nothing is taken) and throws {@link CancelledError}. If it is
 * cancelled after it was woken but before it ran, the wake-up passes to the next waiter, so no item
 * is left waiting while a getter sleeps.
 *
 * <p><b>Tracking work.</b> Every item put counts as an unfinished task until a consumer calls
 * {@link #taskDone()} for it; {@link #join()} waits until no task is unfinished.
 *
 * <p><b>Shutdown.</b> After {@link #shutdown()}, {@code put} throws {@link QueueShutDown}, and
 * {@code get} returns the remaining items and then throws {@code QueueShutDown}; blocked callers are
 * woken to see it. {@code shutdown(true)} also discards the remaining items (counting each as done,
 * which may release {@code join()}), so {@code get} throws at once.
 *
 * <p>Subclasses choose the order by overriding the storage hooks {@link #init}, {@link #putItem},
 * {@link #getItem} and {@link #itemCount} (Python's {@code _init}, {@code _put}, {@code _get} and
 * {@code len(_queue)}); see {@link LifoQueue} and {@link PriorityQueue}.
 *
 * <p>It may be constructed outside a running loop and binds to the loop that first makes a task wait
 * on it. Not thread-safe: use it from its loop's thread.
 *
 * <pre>{@code
 * Queue<String> urls = new Queue<>(100);
 *
 * // each of several worker tasks
 * while (true) {
 *     String url = Await.on(urls.get());
 *     try {
 *         Await.on(fetch(url));
 *     } finally {
 *         urls.taskDone();
 *     }
 * }
 *
 * // the producer
 * for (String url : seeds) {
 *     Await.on(urls.put(url));   // suspends while 100 urls wait
 * }
 * Await.on(urls.join());         // every url fetched
 * }</pre>
 *
 * @param <T> the item type
 */
public class Queue<T> {

    private final LoopBinding binding = new LoopBinding();
    private final int maxsize;
    private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
    private final ArrayDeque<Future<Void>> putters = new ArrayDeque<>();
    private int unfinishedTasks;
    private final Event finished = new Event();
    private boolean isShutdown;
    /**
     * The default storage, assigned by {@link #init} (which the constructor calls): a ring of items whose length
     * is a power of two, so that an index wraps with a mask; the oldest item is at {@link #head}. Unused (null)
     * when a subclass brings its own storage.
     */
    private Object[] ring;
    private static final int INITIAL_RING = 16;
    private int head;
    private int count;

    /** Creates an unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue.
     *
     * @param maxsize the most items it holds; {@code 0} (or less) for no limit
     */
    public Queue(int maxsize) {
        this.maxsize = maxsize;
        finished.set();
        init(maxsize);
    }

    // ---- the storage hooks, overridable by subclasses ----

    /**
     * Creates the storage: Python's {@code _init}. Called once, by the constructor, before the
     * subclass's own constructor and field initialisers run: a subclass must assign its storage field
     * here and declare it without an initialiser.
     *
     * @param maxsize the queue's maxsize
     */
    protected void init(int maxsize) {
        ring = new Object[INITIAL_RING];
    }

    /**
     * Adds an item to the storage: Python's {@code _put}. Only called when the queue is not full.
     *
     * @param item the item
     */
    protected void putItem(T item) {
        Object[] r = ring;
        int c = count;
        if (c == r.length) {
            r = growRing();
        }
        r[(head + c) & (r.length - 1)] = item;
        count = c + 1;
    }

    /** Doubles the ring, moving the items to its start in order. */
    private Object[] growRing() {
        Object[] r = ring;
        if (r.length == 1 << 30) {
            throw new IllegalStateException("queue storage is full: " + r.length + " items");
        }
        Object[] bigger = new Object[r.length * 2];
        int h = head;
        System.arraycopy(r, h, bigger, 0, r.length - h);
        System.arraycopy(r, 0, bigger, r.length - h, h);
        head = 0;
        ring = bigger;
        return bigger;
    }

    /**
     * Removes the next item from the storage: Python's {@code _get}. Only called when the queue is not
     * empty.
     *
     * @return the item
     */
    @SuppressWarnings("unchecked")
    protected T getItem() {
        Object[] r = ring;
        int h = head;
        T item = (T) r[h];
        r[h] = null;
        head = (h + 1) & (r.length - 1);
        count--;
        return item;
    }

    /** @return how many items the storage holds: Python's {@code len(self._queue)} */
    protected int itemCount() {
        return count;
    }

    // ---- the queue ----

    /** Wakes the first waiter that is not done (cancelled ones are dropped on the way). */
    private static void wakeupNext(ArrayDeque<Future<Void>> waiters) {
        while (!waiters.isEmpty()) {
            Future<Void> waiter = waiters.pollFirst();
            if (!waiter.isDone()) {
                waiter.setResult(null);
                break;
            }
        }
    }

    /** @return the number of items in the queue */
    public int qsize() {
        return itemCount();
    }

    /** @return the most items the queue holds; {@code 0} (or less) means no limit */
    public int maxsize() {
        return maxsize;
    }

    /** @return whether the queue holds no item */
    public boolean isEmpty() {
        return itemCount() == 0;
    }

    /** @return whether the queue holds {@link #maxsize()} items; never true for an unbounded queue */
    public boolean isFull() {
        if (maxsize <= 0) {
            return false;
        }
        return qsize() >= maxsize;
    }

    /**
     * Puts an item into the queue, first waiting (FIFO among putters) while it is full. Cancelling the
     * waiting task throws {@link CancelledError} and does not put the item.
     *
     * @param item the item
     * @return a coroutine that completes once the item is in the queue
     * @throws QueueShutDown if the queue is shut down, also while this task waits
     */
    @Async
    public final Coroutine<Void> put(T item) {
        // The waiting part is a method of its own, so that this one stays small enough for the JIT to inline
        // into the caller's loop.
        if (isFull()) {
            return putWhenNotFull(item);
        }
        putNowait(item);
        return Coroutine.done();
    }

    @Async
    private Coroutine<Void> putWhenNotFull(T item) {
        while (isFull()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            Future<Void> putter = binding.get(this).createFuture();
            putters.add(putter);
            try {
                Await.on(putter);
            } catch (Throwable e) {
                putter.cancel(); // Just in case putter is not done yet.
                // Clean putters from the cancelled putter; getNowait or shutdown may have removed it.
                putters.remove(putter);
                if (!isFull() && !putter.isCancelled()) {
                    // We were woken up by getNowait(), but can't take the call. Wake up the next in line.
                    wakeupNext(putters);
                }
                throw e;
            }
        }
        putNowait(item);
        return Coroutine.done();
    }

    /**
     * Puts an item into the queue without waiting, and wakes the longest-waiting getter.
     *
     * @param item the item
     * @throws QueueFull if the queue is full
     * @throws QueueShutDown if the queue is shut down
     */
    public void putNowait(T item) {
        if (isShutdown) {
            throw new QueueShutDown();
        }
        if (isFull()) {
            throw new QueueFull();
        }
        putItem(item);
        if (unfinishedTasks++ == 0) {
            finished.clear();   // set exactly while no task is unfinished
        }
        wakeupNext(getters);
    }

    /**
     * Removes and returns the next item, first waiting (FIFO among getters) while the queue is empty.
     * Cancelling the waiting task throws {@link CancelledError} and takes nothing.
     *
     * @return a coroutine that completes with the item
     * @throws QueueShutDown if the queue is shut down and empty (also while this task waits), or was
     *     shut down with {@code immediate}
     */
    @Async
    public final Coroutine<T> get() {
        if (isEmpty()) {
            return getWhenNotEmpty(); // see put
        }
        return Coroutine.of(getNowait());
    }

    @Async
    private Coroutine<T> getWhenNotEmpty() {
        while (isEmpty()) {
            if (isShutdown && isEmpty()) {
                throw new QueueShutDown();
            }
            Future<Void> getter = binding.get(this).createFuture();
            getters.add(getter);
            try {
                Await.on(getter);
            } catch (Throwable e) {
                getter.cancel(); // Just in case getter is not done yet.
                // Clean getters from the cancelled getter; putNowait or shutdown may have removed it.
                getters.remove(getter);
                if (!isEmpty() && !getter.isCancelled()) {
                    // We were woken up by putNowait(), but can't take the call. Wake up the next in line.
                    wakeupNext(getters);
                }
                throw e;
            }
        }
        return Coroutine.of(getNowait());
    }

    /**
     * Removes and returns the next item without waiting, and wakes the longest-waiting putter.
     *
     * @return the item
     * @throws QueueEmpty if the queue is empty
     * @throws QueueShutDown if the queue is empty and shut down
     */
    public T getNowait() {
        if (isEmpty()) {
            if (isShutdown) {
                throw new QueueShutDown();
            }
            throw new QueueEmpty();
        }
        T item = getItem();
        wakeupNext(putters);
        return item;
    }

    /**
     * Marks one item taken from the queue as processed. When every item put has been marked,
     * {@link #join()} returns. {@code shutdown(true)} marks the items it discards.
     *
     * @throws IllegalStateException {@code "taskDone() called too many times"} if no item is unfinished
     */
    public void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalStateException("taskDone() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            finished.set();
        }
    }

    /**
     * Waits until every item put into the queue has been taken and marked with {@link #taskDone()}.
     * Returns at once if none is unfinished.
     *
     * @return a coroutine that completes when no item is unfinished
     */
    @Async
    public final Coroutine<Void> join() {
        if (unfinishedTasks > 0) {
            Await.on(finished.await());
        }
        return Coroutine.done();
    }

    /**
     * Shuts the queue down gracefully: {@code shutdown(false)}.
     */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down: {@link #put} and {@link #putNowait} throw {@link QueueShutDown} from now
     * on, and every task blocked in {@code put} or {@code get} is woken to find out. Gets keep returning
     * the remaining items and throw {@code QueueShutDown} once the queue is empty; with
     * {@code immediate}, the remaining items are discarded first (each counts as one
     * {@link #taskDone()}, which may release {@link #join()}), so gets throw at once.
     *
     * @param immediate whether to discard the items still in the queue
     */
    public void shutdown(boolean immediate) {
        isShutdown = true;
        if (immediate) {
            while (!isEmpty()) {
                getItem();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                finished.set();
            }
        }
        // All getters need to re-check queue-empty to raise QueueShutDown.
        while (!getters.isEmpty()) {
            Future<Void> getter = getters.pollFirst();
            if (!getter.isDone()) {
                getter.setResult(null);
            }
        }
        while (!putters.isEmpty()) {
            Future<Void> putter = putters.pollFirst();
            if (!putter.isDone()) {
                putter.setResult(null);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(getClass().getSimpleName())
                .append(" maxsize=").append(maxsize);
        if (!isEmpty()) {
            sb.append(" qsize=").append(qsize());
        }
        if (!getters.isEmpty()) {
            sb.append(" getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            sb.append(" putters[").append(putters.size()).append(']');
        }
        if (unfinishedTasks != 0) {
            sb.append(" tasks=").append(unfinishedTasks);
        }
        if (isShutdown) {
            sb.append(" shutdown");
        }
        return sb.append('>').toString();
    }
}
