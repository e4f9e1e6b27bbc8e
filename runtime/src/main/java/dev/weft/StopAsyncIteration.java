package dev.weft;

/**
 * The end of an async iteration: Python's {@code StopAsyncIteration}. {@link AsyncIterator#anext()} throws it
 * (when awaited) once there is nothing more; {@code async for} ends there.
 */
public class StopAsyncIteration extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The end, with no message. */
    public StopAsyncIteration() {
        super();
    }

    /** @param message what ended */
    public StopAsyncIteration(String message) {
        super(message);
    }
}
