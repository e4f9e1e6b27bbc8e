package dev.weft;

/**
 * A callback scheduled on an {@link EventLoop}: Python's {@code asyncio.Handle}. Cancelling it
 * before it runs means it will not run; cancelling it later does nothing.
 *
 * <p>Not thread-safe: cancel it on its loop's thread (from another thread, pass the cancel through
 * {@link EventLoop#callSoonThreadsafe}).
 */
public class Handle {
    Runnable callback;
    boolean cancelled;

    Handle(Runnable callback) {
        this.callback = callback;
    }

    /** Prevents the callback from running, if it has not run yet. Idempotent. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            callback = null;
        }
    }

    /** @return whether {@link #cancel()} was called */
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + (cancelled ? "[cancelled]" : "[" + callback + "]");
    }
}
