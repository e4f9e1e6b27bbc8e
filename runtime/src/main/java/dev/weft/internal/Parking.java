package dev.weft.internal;

/**
 * A runtime coroutine that an await handles without running it as a frame of its own: {@link Rt#await} asks it
 * to park the awaiting frame (or to return the value at once), so a wait costs no frame and, once the JIT has
 * inlined the await, no allocation at all. Run as a task's own coroutine, it parks itself. Internal.
 *
 * @param <T> the result type
 */
public abstract class Parking<T> extends AsyncFrame<T> {

    /** For the runtime's coroutines. */
    protected Parking() {
    }

    /**
     * Awaited by {@code self}: claims this coroutine, then returns the value at once, or parks {@code self}'s task
     * with {@code self} as the frame to resume and returns {@link Rt#SUSPEND}.
     *
     * @param self the awaiting frame
     * @return the value, or {@link Rt#SUSPEND}
     */
    public final Object awaitFrom(AsyncFrame<?> self) {
        claim();
        return park(self);
    }

    /**
     * Returns the value at once, or parks {@code frame}'s task, to resume {@code frame}, and returns
     * {@link Rt#SUSPEND}.
     *
     * @param frame the frame to resume when the wait is over
     * @return the value, or {@link Rt#SUSPEND}
     */
    protected abstract Object park(AsyncFrame<?> frame);

    @Override
    protected final Object invoke() {
        if (label == 0) {
            label = 1;
            return park(this);
        }
        return Rt.resume(this);
    }
}
