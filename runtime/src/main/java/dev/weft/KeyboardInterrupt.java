package dev.weft;

/**
 * Ctrl-C stopped {@link Asyncio#run}: Python's {@code KeyboardInterrupt}. The first SIGINT cancels the main task,
 * so that its {@code finally} blocks run; if the task ends cancelled, {@code run} throws this.
 *
 * <p>An {@link Error}, as Python's is a {@code BaseException}: {@code catch (Exception e)} does not swallow it.
 */
public class KeyboardInterrupt extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the error. */
    public KeyboardInterrupt() {
        super();
    }
}
