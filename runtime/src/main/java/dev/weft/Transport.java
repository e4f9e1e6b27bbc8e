package dev.weft;

import java.nio.ByteBuffer;

/**
 * One end of a stream connection on the loop: Python's {@code asyncio.Transport}. It reads on its own and
 * hands the data to its protocol; {@link #write} sends at once what the socket takes and buffers the rest,
 * pausing the protocol ({@link BaseProtocol#pauseWriting}) while the buffer is over its high-water mark. Use it
 * from the loop's thread; no method suspends. Bytes go out in the order they were written; the write buffer has
 * no limit of its own, the water marks only tell the protocol to stop writing.
 *
 * <p>{@link BaseProtocol#connectionLost} ends the connection, never from within the call that closes it: with
 * {@code null} after {@link #close}, {@link #abort} or the peer's end of stream (unless the protocol's
 * {@code eofReceived} returns {@code true} to keep a socket open), or with the error that broke it (the
 * socket's {@link java.io.IOException}, or what a protocol method threw).
 */
public interface Transport {

    /**
     * Sends {@code data}, without blocking: what the socket does not take at once is buffered and sent as it can.
     * Once the connection is lost, a socket transport drops the data without an error (a warning is logged after
     * a few such writes), as a TLS transport does once closed or aborted; a write error closes the transport and reaches {@link BaseProtocol#connectionLost}, not
     * the caller. An empty array sends nothing.
     *
     * @param data the bytes; the transport does not keep the array after the call returns
     * @throws IllegalStateException after {@link #writeEof}
     */
    void write(byte[] data);

    /**
     * Sends the bytes from {@code data}'s position to its limit, as {@link #write(byte[])} does (Python's
     * {@code write} of a {@code memoryview}); the position moves to the limit. A socket transport sends what the
     * socket takes at once straight from the buffer, heap or direct, and copies only the rest, so a
     * {@link BufferedProtocol} that writes from its own buffer allocates nothing per write.
     *
     * @param data the bytes; the transport does not keep the buffer after the call returns
     * @throws IllegalStateException after {@link #writeEof}
     */
    default void write(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        write(copy);
    }

    /**
     * Sends each of {@code chunks} in order, as {@link #write} does.
     *
     * @param chunks the byte arrays
     */
    void writeLines(Iterable<byte[]> chunks);

    /**
     * Closes the sending side once the buffer is sent (end of stream for the peer); reading goes on. On a socket,
     * does nothing when closing or ended already.
     *
     * @throws UnsupportedOperationException over TLS ({@link #canWriteEof} is {@code false})
     */
    void writeEof();

    /** @return whether {@link #writeEof} is possible: always for a socket, never over TLS */
    boolean canWriteEof();

    /**
     * Closes the connection: reading stops now, the buffered data is sent, then
     * {@link BaseProtocol#connectionLost} gets {@code null}. Idempotent.
     */
    void close();

    /**
     * Closes the connection now, dropping the buffered data; {@link BaseProtocol#connectionLost} gets {@code null}
     * on the next pass (unless the connection was lost already).
     */
    void abort();

    /** @return whether the transport is closing or closed */
    boolean isClosing();

    /**
     * Stops handing data to the protocol until {@link #resumeReading}: the socket is no longer read, so the
     * peer's data waits in the kernel's buffers and, once they fill, the peer's writes stall. Does nothing when
     * paused already or closing.
     */
    void pauseReading();

    /** Hands data to the protocol again. Does nothing unless paused, or when closing. */
    void resumeReading();

    /** @return whether data is handed to the protocol */
    boolean isReading();

    /**
     * Sets the write buffer's water marks: Python's {@code set_write_buffer_limits}. The defaults are 64 KiB and
     * a quarter of the high mark.
     *
     * @param high the high mark in bytes, or -1 for four times {@code low} (64 KiB if both are -1)
     * @param low the low mark in bytes, or -1 for a quarter of {@code high}
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    void setWriteBufferLimits(int high, int low);

    /** @return the low and the high water mark */
    int[] getWriteBufferLimits();

    /** @return how many bytes wait in the write buffer */
    int getWriteBufferSize();

    /**
     * Python's {@code get_extra_info}: {@code "peername"} and {@code "sockname"} (a {@link java.net.SocketAddress}),
     * {@code "socket"} (the {@link java.nio.channels.SocketChannel}).
     *
     * @param name the key
     * @return the value, or {@code null}
     */
    Object getExtraInfo(String name);

    /** @return the protocol the transport hands data to */
    BaseProtocol getProtocol();

    /**
     * Hands the data to {@code protocol} from now on.
     *
     * @param protocol the new protocol
     */
    void setProtocol(BaseProtocol protocol);
}
