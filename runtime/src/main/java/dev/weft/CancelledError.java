package dev.weft;

/**
 * The operation was cancelled: Python's asyncio.CancelledError. It is thrown at the suspension point of a cancelled task, so the task's own catch and finally blocks run. A cancelled task reports isCancelled(), not a failure.
 *
 * <p>An {@link Error}, as Python 3.8 made it a {@code BaseException} and as the JDK's {@code ThreadDeath} is:
 * {@code catch (Exception e)} around an await does not swallow a cancellation, while
 * {@code catch (CancelledError e)} and {@code catch (Throwable t)} still see it.
 */
public class CancelledError extends Error {
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
