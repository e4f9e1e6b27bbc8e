package dev.weft;

/**
 * A {@link Semaphore} whose counter may not exceed its initial value: Python's
 * {@code asyncio.BoundedSemaphore}. Releasing it more often than it was acquired is a bug that this
 * class reports instead of silently raising the limit.
 *
 * <p>Fairness and cancellation are those of {@link Semaphore}.
 *
 * <pre>{@code
 * BoundedSemaphore slots = new BoundedSemaphore(2);
 * Await.on(slots.acquire());
 * slots.release();
 * slots.release();   // IllegalStateException: BoundedSemaphore released too many times
 * }</pre>
 */
public class BoundedSemaphore extends Semaphore {

    private final int boundValue;

    /** Creates a bounded semaphore with the value (and bound) {@code 1}. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * Creates a bounded semaphore.
     *
     * @param value the initial counter, which is also its upper bound
     * @throws IllegalStateException {@code "Semaphore initial value must be >= 0"} if it is negative
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.boundValue = value;
    }

    /**
     * Like {@link Semaphore#release()}, but refuses to raise the counter above the initial value. Never suspends;
     * a refused release changes nothing and wakes no waiter.
     *
     * @throws IllegalStateException {@code "BoundedSemaphore released too many times"} if the counter
     *     is already at its initial value
     */
    @Override
    public void release() {
        if (value >= boundValue) {
            throw new IllegalStateException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
