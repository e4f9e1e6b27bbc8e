package dev.weft;

import dev.weft.internal.loop.BaseEventLoop;

/**
 * A callback scheduled for a point in time by {@link EventLoop#callLater} or
 * {@link EventLoop#callAt}: Python's {@code asyncio.TimerHandle}. Timers run in deadline order, and
 * timers with the same deadline in the order they were scheduled.
 */
public final class TimerHandle extends Handle {
    private final double when;
    private final BaseEventLoop owner;
    /** Position in the loop's timer queue, kept by the queue; -1 when not in it. */
    int queueIndex = -1;

    TimerHandle(BaseEventLoop owner, double when, Runnable callback) {
        super(callback);
        this.owner = owner;
        this.when = when;
    }

    /** @return the loop time (seconds, as {@link EventLoop#time()}) at which the callback runs */
    public double when() {
        return when;
    }

    /**
     * Prevents the callback from running, if it has not run yet. Idempotent. The cancelled timer leaves the loop's
     * timer queue when it reaches the head, or earlier when more than 100 timers are queued and over half of them
     * are cancelled (Python's purge). Loop's thread only, as {@link Handle#cancel()}.
     */
    @Override
    public void cancel() {
        if (!cancelled) {
            super.cancel();
            owner.timerCancelled(this);
        }
    }
}
