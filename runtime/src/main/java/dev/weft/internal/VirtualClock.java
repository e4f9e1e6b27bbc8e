package dev.weft.internal;

/**
 * A clock for tests: time stands still while callbacks run and jumps to the next timer when the loop
 * would wait, so sleeps and timeouts are exact and instant. Internal.
 */
public final class VirtualClock implements Clock {
    private long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public void advance(long nanos) {
        if (nanos > 0) {
            now += nanos;
        }
    }
}
