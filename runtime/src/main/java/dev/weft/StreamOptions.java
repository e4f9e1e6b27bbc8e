package dev.weft;

/**
 * How {@link Asyncio#openConnection(String, int, StreamOptions)} connects: the keyword arguments of Python's
 * {@code open_connection}. Immutable; each {@code with} gives a copy.
 */
public final class StreamOptions {
    private static final StreamOptions DEFAULTS = new StreamOptions(StreamReader.DEFAULT_LIMIT);

    private final int limit;

    private StreamOptions(int limit) {
        this.limit = limit;
    }

    /** @return Python's defaults: a 64 KiB reader limit */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param limit the reader's limit, in bytes, {@code > 0}: the longest line, and half the buffered data
     *     above which reading pauses
     * @return a copy with it
     */
    public StreamOptions withLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        return new StreamOptions(limit);
    }

    /** @return the reader's limit */
    public int limit() {
        return limit;
    }
}
