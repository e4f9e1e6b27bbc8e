package dev.weft;

import java.nio.ByteBuffer;

/**
 * A stream protocol that lends its own buffer to read into, so reading allocates nothing: Python's
 * {@code asyncio.BufferedProtocol}.
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
