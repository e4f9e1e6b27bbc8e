package dev.weft;

/**
 * The operation was cancelled: Python's asyncio.CancelledError. It is thrown at the suspension point of a cancelled task, so the task's own catch and finally blocks run. A cancelled task reports isCancelled(), not a failure.
 */
public class CancelledError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public CancelledError() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public CancelledError(String message) {
        super(message);
    }
}
