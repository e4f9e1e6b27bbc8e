package dev.weft;

/**
 * An operation ran out of time: Python's TimeoutError (asyncio.wait_for, asyncio.timeout).
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
