package dev.weft;

/**
 * The operation was cancelled: Python's {@code asyncio.CancelledError}. It is thrown at the suspension point of a
 * cancelled task ({@link Task#cancel()}), so the task's own {@code catch} and {@code finally} blocks run. A
 * cancelled task reports {@link Future#isCancelled()}, not a failure. It is also what awaiting a cancelled future
 * or task throws, and what {@link Future#result()} and {@link Future#exception()} of a cancelled one throw, with
 * the message given to {@link Future#cancel(String)}.
 *
 * <p>Let it propagate: a coroutine that catches it and returns completes its task normally, and the task is not
 * cancelled.
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
