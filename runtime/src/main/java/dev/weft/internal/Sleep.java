package dev.weft.internal;

/**
 * {@code Asyncio.sleep}: a coroutine that parks the awaiting task, without a future or a frame of its own
 * (see {@link Parking}). A positive delay makes the task its own timer: {@code Task.sleep} puts it in the
 * loop's timer queue. A delay {@code <= 0} gives up exactly one pass of the loop, as Python's bare {@code yield}.
 *
 * <p>The object lives only until the await has parked the task, so that once the JIT has inlined the await
 * it is not allocated at all: the task keeps itself as its waiter, or for a sleep with a result a copy that
 * holds the result.
 *
 * @param <T> the result type
 */
public final class Sleep<T> extends Parking<T> {
    private static final Access ACCESS = Access.get();

    private final double delay;
    /** What the await gives. */
    public final T result;

    /**
     * @param delay seconds, not NaN
     * @param result what the await gives
     */
    public Sleep(double delay, T result) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("sleep: delay must not be NaN");
        }
        this.delay = delay;
        this.result = result;
    }

    @Override
    protected Object park(AsyncFrame<?> frame) {
        // Only fields are read: `this` goes nowhere, so an inlined await never allocates it.
        return ACCESS.sleep(frame, delay, result);
    }

    @Override
    public String methodName() {
        return "dev.weft.Asyncio.sleep";
    }
}
