package dev.weft;

/**
 * A stream protocol that is handed each chunk of data as it arrives: Python's {@code asyncio.Protocol}.
 *
 * <p>The transport calls it on the loop's thread, in Python's order: {@link #connectionMade} once, then
 * {@link #dataReceived} for each chunk in the order the bytes arrived, then at most one {@link #eofReceived}, then
 * {@link #connectionLost} once. When {@code dataReceived} throws, the error goes to the loop's exception handler
 * and the connection is closed, {@code connectionLost} getting the error; other connections go on. The callbacks are plain methods, not coroutines: to await, start a task.
 *
 * <pre>{@code
 * class Echo implements Protocol {
 *     Transport transport;
 *
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(byte[] data)   { transport.write(data); }
 * }
 *
 * Server server = Await.on(loop.createServer(Echo::new, "127.0.0.1", 8888));
 * }</pre>
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
