package dev.weft;

import java.util.NoSuchElementException;

/**
 * {@link ContextVar#get()} of a variable that has no value in the current context and no default: Python's
 * {@code LookupError}, whose message is the variable's repr ({@code <ContextVar name='x' at 0x...>}).
 */
public class LookupError extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with no message. */
    public LookupError() {
        super();
    }

    /**
     * Creates the error.
     *
     * @param message what was not found
     */
    public LookupError(String message) {
        super(message);
    }
}
