package dev.weft;

/**
 * A future is not in the state the operation needs, e.g. result() of a pending future or setResult() of a finished one.
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
