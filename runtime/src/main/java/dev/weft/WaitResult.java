package dev.weft;

import java.util.Collections;
import java.util.Set;

/**
 * The outcome of {@link Asyncio#wait}: the futures that finished and those still pending. From
 * {@link Asyncio#wait}, each set keeps the order in which the futures were given, and a future is in exactly one
 * of them.
 *
 * @param <T> the futures' result type
 */
public final class WaitResult<T> {
    private final Set<Future<T>> done;
    private final Set<Future<T>> pending;

    /**
     * Creates the result. It keeps unmodifiable views of the two sets, not copies.
     *
     * @param done the finished futures
     * @param pending the futures still pending
     */
    public WaitResult(Set<Future<T>> done, Set<Future<T>> pending) {
        this.done = Collections.unmodifiableSet(done);
        this.pending = Collections.unmodifiableSet(pending);
    }

    /** @return the futures that finished (or were cancelled) when the wait returned, unmodifiable */
    public Set<Future<T>> done() {
        return done;
    }

    /**
     * The futures still pending when the wait returned; {@link Asyncio#wait} cancels none of them.
     *
     * @return the futures still pending, unmodifiable
     */
    public Set<Future<T>> pending() {
        return pending;
    }

    @Override
    public String toString() {
        return "WaitResult[done=" + done + ", pending=" + pending + "]";
    }
}
