package dev.weft;

/**
 * A stream read found no separator within the buffer limit: Python's {@code asyncio.LimitOverrunError}.
 */
public class LimitOverrunError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How many bytes may be consumed before the separator could start. */
    private final int consumed;

    /** Creates the error with no message. */
    public LimitOverrunError() {
        this(null, 0);
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public LimitOverrunError(String message) {
        this(message, 0);
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     * @param consumed how many bytes to consume
     */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** @return how many bytes to consume: Python's {@code consumed} */
    public int consumed() {
        return consumed;
    }
}
