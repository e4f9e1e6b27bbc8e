package dev.weft;

/**
 * A Barrier was reset or aborted while a task waited on it.
 */
public class BrokenBarrierError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public BrokenBarrierError() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
