package dev.weft;

/** A stream ended before the expected number of bytes could be read. */
public class IncompleteReadError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The bytes read before the end of the stream. */
    private final byte[] partial;
    /** The number of bytes that were expected, or -1 when unknown. */
    private final long expected;

    /**
     * Creates the error.
     *
     * @param partial the bytes read before the end of the stream
     * @param expected the number of bytes that were expected, or -1 when unknown
     */
    public IncompleteReadError(byte[] partial, long expected) {
        super(partial.length + " bytes read on a total of "
                + (expected < 0 ? "undefined" : Long.toString(expected)) + " expected bytes");
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** @return a copy of the bytes read before the end of the stream */
    public byte[] partial() {
        return partial.clone();
    }

    /** @return the number of bytes that were expected, or -1 when unknown */
    public long expected() {
        return expected;
    }
}
