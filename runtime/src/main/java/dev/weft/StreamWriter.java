package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.Sneaky;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.streams.StreamProtocol;

import javax.net.ssl.SSLContext;
import java.io.IOException;

/**
 * What to send on a stream connection: Python 3.11's {@code asyncio.StreamWriter}. {@link #write} never waits:
 * what the socket does not take at once is buffered by the transport; {@link #drain} waits while that buffer is
 * over its high-water mark, which keeps a fast writer's memory bounded against a slow reader. Use it from its
 * loop's thread. Bytes go out in the order they were written.
 *
 * <p><b>Backpressure.</b> The transport's buffer is unbounded: {@code write} never refuses data, so a writer that
 * does not {@link #drain} can buffer without limit. The marks default to 64 KiB and 16 KiB
 * ({@link Transport#setWriteBufferLimits}).
 *
 * <p><b>The peer.</b> Once the connection is lost, {@code write} on a socket drops its data without an error (see
 * {@link Transport#write}); {@link #drain} is where the writer learns of it.
 *
 * <pre>{@code
 * for (byte[] chunk : chunks) {
 *     writer.write(chunk);
 *     Await.on(writer.drain());      // waits only while the peer is slow to read
 * }
 * writer.close();
 * Await.on(writer.waitClosed());
 * }</pre>
 *
 * <p>An async context manager: inside an {@code @Async} method, {@code try (StreamWriter w = ...) { ... }} awaits
 * {@link #aclose()} (close, then wait until closed) at the end of the block.
 */
public final class StreamWriter implements AsyncCloseable {
    private Transport transport;
    private final StreamProtocol protocol;
    private final StreamReader reader;

    StreamWriter(Transport transport, StreamProtocol protocol, StreamReader reader) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
    }

    /** @return the connection's transport */
    public Transport transport() {
        return transport;
    }

    /**
     * Sends {@code data} without waiting (see {@link Transport#write}); {@link #drain} after a burst. Never
     * suspends.
     *
     * @param data the bytes; not kept after the call returns
     * @throws IllegalStateException after {@link #writeEof} on a socket (a child's stdin drops a write after
     *     {@link #writeEof} or {@link #close}, as Python's pipe transport does, and TLS one after {@link #close})
     */
    public void write(byte[] data) {
        transport.write(data);
    }

    /**
     * Sends each chunk in order, without waiting. Never suspends.
     *
     * @param chunks the byte arrays
     * @throws IllegalStateException after {@link #writeEof} on a socket (a child's stdin drops a write after
     *     {@link #writeEof} or {@link #close}, as Python's pipe transport does, and TLS one after {@link #close})
     */
    public void writeLines(Iterable<byte[]> chunks) {
        transport.writeLines(chunks);
    }

    /**
     * Ends the sending side once the buffer is sent (the peer reads the end of the stream); reading goes on. On a
     * socket, does nothing when closing or ended already. Never suspends.
     *
     * @throws UnsupportedOperationException over TLS ({@link #canWriteEof} is {@code false})
     */
    public void writeEof() {
        transport.writeEof();
    }

    /** @return whether {@link #writeEof} is possible: on a socket, not over TLS */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * Closes the connection once the buffer is sent; does not wait ({@link #waitClosed} does). A synchronous close,
     * as Python's {@code writer.close()}, overriding {@link AsyncCloseable#close()}'s error. Idempotent. Reading
     * stops at once: the reader gets the end of the stream once the connection is closed.
     */
    @Override
    public void close() {
        transport.close();
    }

    /** @return whether the connection is closing or closed */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Waits until the connection is closed (by {@link #close}, by the peer, or by an error); does not close it.
     * Does not suspend when it is closed already. Every wait shares one future: cancelling a waiting task cancels
     * it, so that the other waits, and every later one, throw {@link CancelledError}.
     *
     * @return the coroutine to await
     * @throws IOException (when awaited) the error the connection was lost with, if any
     */
    @Async
    public Coroutine<Void> waitClosed() throws IOException {
        Await.on(protocol.closeWaiter());
        return Coroutine.done();
    }

    /**
     * {@link #close()}, then {@link #waitClosed()}: the end of {@code try (StreamWriter w = ...) { ... }} inside an
     * {@code @Async} method. The error the connection was lost with, if any, is thrown by the await as it is,
     * unchecked as everywhere in Weft: {@code Await.on(writer.aclose(), IOException.class)} declares it for a
     * {@code catch (IOException e)}. Cancelling the awaiting task stops the wait, not the close; as with
     * {@link #waitClosed()}, later waits then throw {@link CancelledError}.
     *
     * @return the coroutine to await
     */
    @Override
    @Async
    public Coroutine<Void> aclose() {
        close();
        Await.on(protocol.closeWaiter());   // waitClosed(), without its declared IOException
        return Coroutine.done();
    }

    /**
     * Python's {@code get_extra_info}: {@code "peername"}, {@code "sockname"}, {@code "socket"}.
     *
     * @param name the key
     * @return the value, or {@code null}
     */
    public Object getExtraInfo(String name) {
        return transport.getExtraInfo(name);
    }

    /**
     * Waits until the transport's buffer is at its low-water mark, if it went over the high one: Python's
     * {@code drain}. Returns at once otherwise, without suspending (but for one pass of the loop when the
     * connection is closing, so that a lost connection is seen). Any number of tasks may wait in it. Cancelled,
     * it stops waiting and nothing else: the buffered data is still sent, and the writer stays usable.
     *
     * @return the coroutine to await
     * @throws IOException (when awaited) the error the connection was lost with, as it is (the reader's), also
     *     when it is lost while the drain waits; or a {@link java.net.SocketException} {@code "Connection lost"}
     *     when called once the connection was closed or lost without an error (lost without one while the drain
     *     waits, the drain returns)
     */
    @Async
    public Coroutine<Void> drain() throws IOException {
        if (reader != null) {
            Throwable exc = reader.exception();
            if (exc != null) {
                throw Sneaky.rethrow(exc);
            }
        }
        if (transport.isClosing()) {
            // One pass, so that connectionLost may run: a write-drain loop on a closed socket then sees the error.
            Await.on(Asyncio.sleep(0));
        }
        Await.on(protocol.drainHelper());
        return Coroutine.done();
    }

    /**
     * Upgrades the connection to TLS: Python's {@code start_tls}. Waits for the buffer to drain, then for the
     * handshake; from then on this writer, and the reader, speak TLS. The server's side of a connection starts TLS
     * as the server. {@link #transport()} then returns the TLS transport. The handshake may take 60 seconds at
     * most.
     *
     * @param ssl the TLS configuration
     * @return the coroutine to await
     * @throws IOException (when awaited) {@link javax.net.ssl.SSLHandshakeException} for a failed handshake
     */
    public Coroutine<Void> startTls(SSLContext ssl) throws IOException {
        return startTls(ssl, null);
    }

    /**
     * {@link #startTls(SSLContext)}, checking that the server's certificate is for {@code serverHostname}.
     *
     * @param ssl the TLS configuration
     * @param serverHostname the name the certificate must be for, or {@code null} not to check it
     * @return the coroutine to await
     * @throws IOException (when awaited) {@link javax.net.ssl.SSLHandshakeException} for a failed handshake, or
     *     one that takes longer
     */
    @Async
    public Coroutine<Void> startTls(SSLContext ssl, String serverHostname) throws IOException {
        Await.on(drain());
        Transport tls = Await.on(BaseEventLoop.running().startTls(transport, protocol, ssl, protocol.isServerSide(),
                serverHostname, ServerOptions.SSL_HANDSHAKE_TIMEOUT));
        transport = tls;
        return Coroutine.done();
    }

    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
    }
}
