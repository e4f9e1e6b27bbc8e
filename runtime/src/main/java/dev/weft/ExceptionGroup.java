package dev.weft;

import java.util.List;

/**
 * Several failures reported together: Python's {@code ExceptionGroup}, raised by
 * {@link TaskGroup} when one or more of its tasks fail. Each failure is also attached as a
 * suppressed exception, so stack traces show all of them.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failures, in the order they happened. */
    private final List<Throwable> exceptions;

    /**
     * Creates the group.
     *
     * @param message what failed
     * @param exceptions the failures, in the order they happened; at least one
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(message + " (" + exceptions.size() + " sub-exception" + (exceptions.size() == 1 ? "" : "s") + ")");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        }
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    /** @return the failures, in the order they happened */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
