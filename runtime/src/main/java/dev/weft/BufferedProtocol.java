package dev.weft;

import java.nio.ByteBuffer;

/**
 * A stream protocol that lends its own buffer to read into, so reading allocates nothing: Python's
 * {@code asyncio.BufferedProtocol}.
 *
 * <p>The transport calls it on the loop's thread, in the order of {@link BaseProtocol}: for each read,
 * {@link #getBuffer} then {@link #bufferUpdated} with the bytes it read into that buffer, before the next read
 * asks for a buffer again; so one buffer may be lent again and again. When either throws, the error goes to the
 * loop's exception handler and the connection is closed, {@code connectionLost} getting the error.
 */
public interface BufferedProtocol extends BaseProtocol {

    /**
     * @param sizeHint how many bytes the transport would like room for, or -1 for any
     * @return a buffer with room (from its position to its limit) for at least one byte
     */
    ByteBuffer getBuffer(int sizeHint);

    /**
     * The transport read {@code nbytes} into the last buffer {@link #getBuffer} gave, whose position moved past
     * them.
     *
     * @param nbytes how many
     */
    void bufferUpdated(int nbytes);

    /**
     * The peer closed its side (end of stream).
     *
     * @return {@code true} to keep the connection open for writing; {@code false} (the default) closes it
     */
    default boolean eofReceived() {
        return false;
    }
}
