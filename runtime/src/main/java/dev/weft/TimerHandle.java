package dev.weft;

/**
 * A callback scheduled for a point in time by {@link EventLoop#callLater} or
 * {@link EventLoop#callAt}: Python's {@code asyncio.TimerHandle}. Timers run in deadline order, and
 * timers with the same deadline in the order they were scheduled.
 */
public final class TimerHandle extends Handle {
    final double when;
    final int seq;
    /** Position in the loop's timer queue (see TimerQueue), or -1 when not in it. */
    int queueIndex = -1;
    BaseEventLoop owner;

    TimerHandle(double when, int seq, Runnable callback) {
        super(callback);
        this.when = when;
        this.seq = seq;
    }

    /** @return the loop time (seconds, as {@link EventLoop#time()}) at which the callback runs */
    public double when() {
        return when;
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            super.cancel();
            if (owner != null) {
                owner.timerCancelled(this);
            }
        }
    }
}
