package dev.weft;

/**
 * A stream protocol that is handed each chunk of data as it arrives: Python's {@code asyncio.Protocol}.
 */
public interface Protocol extends BaseProtocol {

    /**
     * Data arrived.
     *
     * @param data the bytes, the protocol's to keep
     */
    default void dataReceived(byte[] data) {
    }

    /**
     * The peer closed its side (end of stream).
     *
     * @return {@code true} to keep the connection open for writing; {@code false} (the default) closes it
     */
    default boolean eofReceived() {
        return false;
    }
}
