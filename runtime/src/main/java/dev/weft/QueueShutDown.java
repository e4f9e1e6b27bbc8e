package dev.weft;

/**
 * put or get on a queue that was shut down.
 */
public class QueueShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public QueueShutDown() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what happened
     */
    public QueueShutDown(String message) {
        super(message);
    }
}
