package dev.weft;

/**
 * putNowait() on a full queue.
 */
public class QueueFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public QueueFull() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public QueueFull(String message) {
        super(message);
    }
}
