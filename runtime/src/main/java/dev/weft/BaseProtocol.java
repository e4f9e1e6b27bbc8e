package dev.weft;

/**
 * What a connection's {@link Transport} calls on its protocol: Python's {@code asyncio.BaseProtocol}. Every
 * method runs on the loop's thread; the defaults do nothing.
 *
 * <p>Order, as in Python: {@link #connectionMade} first, then data (see {@link Protocol} and
 * {@link BufferedProtocol}), then at most one end of stream, then {@link #connectionLost} last, once.
 */
public interface BaseProtocol {

    /**
     * The connection is up.
     *
     * @param transport the connection's transport, to write to and to close
     */
    default void connectionMade(Transport transport) {
    }

    /**
     * The connection is closed: the last call.
     *
     * @param exc why, or {@code null} for a regular close or end of stream
     */
    default void connectionLost(Throwable exc) {
    }

    /** The transport's write buffer went over its high-water mark: stop writing until {@link #resumeWriting}. */
    default void pauseWriting() {
    }

    /** The transport's write buffer drained to its low-water mark. */
    default void resumeWriting() {
    }
}
