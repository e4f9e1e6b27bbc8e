package dev.weft;

/**
 * getNowait() on an empty queue.
 */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public QueueEmpty() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public QueueEmpty(String message) {
        super(message);
    }
}
