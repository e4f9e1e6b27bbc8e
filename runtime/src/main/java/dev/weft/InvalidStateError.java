package dev.weft;

/**
 * A future is not in the state the operation needs: Python's {@code asyncio.InvalidStateError}. Thrown by
 * {@link Future#result()} and {@link Future#exception()} of a pending future, and by {@link Future#setResult} and
 * {@link Future#setException} of a future already done (cancelled included).
 */
public class InvalidStateError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public InvalidStateError() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public InvalidStateError(String message) {
        super(message);
    }
}
