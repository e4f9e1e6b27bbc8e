package dev.weft;

/**
 * Thrown into an async generator's body at its suspended {@code yield} by {@code aclose()}: Python's
 * {@code GeneratorExit}. An {@link Error}, as Python's is a {@code BaseException}, so that
 * {@code catch (Exception e)} in the body does not swallow it; its {@code finally} blocks run.
 */
public class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** With no message. */
    public GeneratorExit() {
        super();
    }
}
