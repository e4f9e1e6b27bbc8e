package dev.weft;

import java.util.Collections;
import java.util.Set;

/**
 * The outcome of {@link Asyncio#wait}: the futures that finished and those still pending.
 *
 * @param <T> the futures' result type
 */
public final class WaitResult<T> {
    private final Set<Future<T>> done;
    private final Set<Future<T>> pending;

    /**
     * Creates the result.
     *
     * @param done the finished futures
     * @param pending the futures still pending
     */
    public WaitResult(Set<Future<T>> done, Set<Future<T>> pending) {
        this.done = Collections.unmodifiableSet(done);
        this.pending = Collections.unmodifiableSet(pending);
    }

    /** @return the futures that finished (or were cancelled), unmodifiable */
    public Set<Future<T>> done() {
        return done;
    }

    /** @return the futures still pending, unmodifiable */
    public Set<Future<T>> pending() {
        return pending;
    }

    @Override
    public String toString() {
        return "WaitResult[done=" + done + ", pending=" + pending + "]";
    }
}
