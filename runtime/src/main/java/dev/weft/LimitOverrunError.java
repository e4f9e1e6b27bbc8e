package dev.weft;

/**
 * A stream read found no separator within the buffer limit.
 */
public class LimitOverrunError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public LimitOverrunError() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public LimitOverrunError(String message) {
        super(message);
    }
}
