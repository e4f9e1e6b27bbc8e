package dev.weft;

/**
 * An operation ran out of time: Python's {@code TimeoutError}. Thrown by {@link Asyncio#waitFor},
 * {@link Asyncio#timeout(double, Awaitable)}, the exit of a {@link Timeout} block whose deadline passed, and the
 * coroutines of {@link Asyncio#asCompleted(java.util.Collection, double)} left when the time is up. From
 * {@code waitFor} and a timeout, its cause is the {@link CancelledError} the deadline caused. Unlike
 * {@link CancelledError}, it is a {@link RuntimeException}: {@code catch (Exception e)} catches it.
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public TimeoutError() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public TimeoutError(String message) {
        super(message);
    }
}
