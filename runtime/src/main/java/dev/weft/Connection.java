package dev.weft;

/**
 * A stream connection's two ends, as {@link Asyncio#openConnection} gives them: Python's
 * {@code (reader, writer)}. Closing the writer closes the connection; the reader then reads the end of the
 * stream.
 *
 * @param reader what arrives
 * @param writer what to send
 */
public record Connection(StreamReader reader, StreamWriter writer) {
}
