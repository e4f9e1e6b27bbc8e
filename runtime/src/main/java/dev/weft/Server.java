package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.SocketTransport;
import dev.weft.internal.loop.SslProtocol;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A listening server: Python 3.11's {@code asyncio.Server}. Each accepted connection gets a new protocol from the
 * factory and a transport. {@link #close()} stops listening (open connections stay); {@link #waitClosed()} waits
 * until the server is closed and its connections are gone. Use it from its loop's thread.
 *
 * <p>Connections are accepted up to the backlog at a time each time the socket is ready, each set up in a task of
 * its own; a connection that fails to set up (a failed TLS handshake) is dropped, reported to the loop's exception
 * handler only in debug mode, and the server goes on. When the process runs out of file descriptors, accepting
 * pauses for a second and the error goes to the loop's exception handler.
 *
 * <p>An async context manager, as Python's {@code async with server:}: inside an {@code @Async} method,
 * {@code try (Server server = Await.on(Asyncio.startServer(...))) { ... }} closes it at the end of the block
 * ({@link #aclose()}).
 *
 * <pre>{@code
 * try (Server server = Await.on(Asyncio.startServer(Main::echo, "127.0.0.1", 0))) {
 *     System.out.println("listening on " + server.port());
 *     Await.on(server.serveForever());      // until this task is cancelled
 * }
 * }</pre>
 */
public final class Server implements AsyncCloseable {
    /** Python's {@code ACCEPT_RETRY_DELAY}: how long accepting pauses when the process is out of descriptors. */
    private static final double ACCEPT_RETRY_DELAY = 1;

    private final BaseEventLoop loop;
    /** The listening channels; {@code null} once closed. */
    private List<ServerSocketChannel> channels;
    private final List<SocketAddress> addresses;
    private final Supplier<? extends BaseProtocol> protocolFactory;
    private final int backlog;
    private final SSLContext ssl;
    private final double sslHandshakeTimeout;
    private int activeCount;
    /** Given to each connection's transport, which runs it once the connection is lost. */
    private final Runnable detach = this::detach;
    /** Who waits in waitClosed; {@code null} once woken. */
    private List<Future<Void>> waiters = new ArrayList<>();
    private boolean serving;
    private Future<Void> servingForever;

    Server(BaseEventLoop loop, List<ServerSocketChannel> channels, Supplier<? extends BaseProtocol> protocolFactory,
           ServerOptions options) throws IOException {
        this.loop = loop;
        this.channels = channels;
        this.protocolFactory = protocolFactory;
        this.backlog = options.backlog();
        this.ssl = options.ssl();
        this.sslHandshakeTimeout = options.sslHandshakeTimeout();
        List<SocketAddress> bound = new ArrayList<>();
        for (ServerSocketChannel c : channels) {
            bound.add(c.getLocalAddress());
        }
        this.addresses = Collections.unmodifiableList(bound);
        loop.opened(this);   // kept only while a test kit watches the loop
    }

    /** @return the loop the server serves on */
    public EventLoop getLoop() {
        return loop;
    }

    /** @return whether it accepts connections: started serving, not closed */
    public boolean isServing() {
        return serving;
    }

    /** @return the addresses it listens on; empty once closed */
    public List<SocketAddress> sockets() {
        return channels == null ? List.of() : addresses;
    }

    /**
     * @return the port of the first TCP address it listens on (as bound: the one the system chose for port 0), or
     *     -1 for a server on a Unix socket
     */
    public int port() {
        for (SocketAddress a : addresses) {
            if (a instanceof InetSocketAddress) {
                return ((InetSocketAddress) a).getPort();
            }
        }
        return -1;
    }

    /**
     * Stops listening: the listening sockets close; connections already accepted stay open. Idempotent. Does not
     * suspend: it is not {@link AsyncCloseable#close()}'s error but a synchronous close, as Python's
     * {@code server.close()}. {@link #serveForever()} returns (cancelled).
     */
    @Override
    public void close() {
        List<ServerSocketChannel> listening = channels;
        if (listening == null) {
            return;
        }
        channels = null;
        loop.closed(this);
        for (ServerSocketChannel c : listening) {
            loop.removeReader(c);
            try {
                loop.closeChannel(c);
            } catch (IOException e) {
                // closing a listening socket that failed: nothing is lost
            }
        }
        serving = false;
        if (servingForever != null && !servingForever.isDone()) {
            servingForever.cancel();
            servingForever = null;
        }
        if (activeCount == 0) {
            wakeup();
        }
    }

    /**
     * Starts accepting, if it does not yet, and gives up one pass of the loop so that listening begins. Does
     * nothing but the pass once the server is closed.
     *
     * @return the coroutine to await
     */
    @Async
    public Coroutine<Void> startServing() {
        start();
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    /**
     * Accepts until cancelled; cancelled, it closes the server and waits for it to be closed, then throws the
     * {@link CancelledError}. {@link #close()} from elsewhere ends it the same way: the await throws
     * {@link CancelledError}.
     *
     * @return the coroutine to await
     * @throws IllegalStateException (when awaited) if another task awaits it, or the server is closed
     */
    @Async
    public Coroutine<Void> serveForever() {
        if (servingForever != null) {
            throw new IllegalStateException("server " + this + " is already being awaited on serveForever()");
        }
        if (channels == null) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        start();
        servingForever = loop.createFuture();
        try {
            Await.on(servingForever);
        } catch (CancelledError e) {
            try {
                close();
                Await.on(waitClosed());
            } catch (Throwable whileClosing) {
                e.addSuppressed(whileClosing);   // Python's `finally: raise`: the cancellation is what propagates
            }
            throw e;
        } finally {
            servingForever = null;
        }
        return Coroutine.done();
    }

    /**
     * Waits until the server is closed and its connections are gone. As in CPython 3.11, it returns at once
     * when the server was closed before the call. It does not close the server. Each call waits on a future of its
     * own: cancelling one leaves the others waiting.
     *
     * @return the coroutine to await
     */
    @Async
    public Coroutine<Void> waitClosed() {
        if (channels == null || waiters == null) {
            return Coroutine.done();
        }
        Future<Void> waiter = loop.createFuture();
        waiters.add(waiter);
        Await.on(waiter);
        return Coroutine.done();
    }

    /**
     * Python's {@code Server.__aexit__}: {@link #close()}, then {@link #waitClosed()}. As in CPython 3.11, whose
     * {@code wait_closed} returns at once for a server already closed, the await does not wait for the
     * connections already accepted to go (CPython 3.12 changed that). The block's exception, if any, is not
     * suppressed (the default {@link #aexit(Throwable)}). Cancellation: nothing to interrupt, it does not suspend.
     *
     * @return the coroutine to await
     */
    @Override
    @Async
    public Coroutine<Void> aclose() {
        close();
        Await.on(waitClosed());
        return Coroutine.done();
    }

    /** Python's {@code _start_serving}: listens on every channel. */
    void start() {
        if (serving || channels == null) {
            return;
        }
        serving = true;
        for (ServerSocketChannel c : channels) {
            listen(c);
        }
    }

    private void listen(ServerSocketChannel channel) {
        loop.addReader(channel, () -> acceptConnections(channel));
    }

    /** Python's {@code _accept_connection}: up to {@code backlog} connections each time the channel is ready. */
    private void acceptConnections(ServerSocketChannel channel) {
        for (int i = 0; i < backlog; i++) {
            SocketChannel conn;
            try {
                conn = channel.accept();
                if (conn == null) {
                    return;
                }
                conn.configureBlocking(false);
            } catch (IOException e) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("exception", e);
                ctx.put("socket", channel);
                if (String.valueOf(e.getMessage()).contains("Too many open files")) {
                    // Out of descriptors: pause accepting, try again in a moment, as CPython does.
                    ctx.put("message", "socket.accept() out of system resource");
                    loop.callExceptionHandler(ctx);
                    loop.removeReader(channel);
                    loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                        if (channels != null && channel.isOpen()) {
                            listen(channel);
                        }
                    });
                } else {
                    ctx.put("message", "Error on accepting a connection");
                    loop.callExceptionHandler(ctx);
                }
                return;
            }
            loop.createTask(acceptConnection(conn));
        }
    }

    /** Python's {@code _accept_connection2}: a protocol and a transport for the new connection. */
    @Async
    private Coroutine<Void> acceptConnection(SocketChannel conn) {
        BaseProtocol protocol = null;
        try {
            protocol = protocolFactory.get();
            Future<Void> waiter = loop.createFuture();
            activeCount++;
            if (ssl == null) {
                new SocketTransport(loop, conn, protocol, waiter, detach);
            } else {
                SslProtocol tls = new SslProtocol(loop, protocol, ssl, true, null, sslHandshakeTimeout, waiter, true);
                new SocketTransport(loop, conn, tls, null, detach);
            }
            Await.on(waiter);
        } catch (Throwable e) {
            if (protocol == null) {
                try {
                    conn.close();
                } catch (IOException ignored) {
                    // the connection goes anyway
                }
            }
            if (e instanceof CancelledError) {
                throw e;
            }
            if (loop.getDebug()) {
                // As CPython: a connection that fails to set up (a failed TLS handshake) is reported in debug mode.
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("message", "Error on transport creation for incoming connection");
                ctx.put("exception", e);
                ctx.put("protocol", protocol);
                loop.callExceptionHandler(ctx);
            }
        }
        return Coroutine.done();
    }

    /** A connection of this server was lost. */
    private void detach() {
        activeCount--;
        if (activeCount == 0 && channels == null) {
            wakeup();
        }
    }

    private void wakeup() {
        List<Future<Void>> woken = waiters;
        waiters = null;
        if (woken != null) {
            for (Future<Void> w : woken) {
                if (!w.isDone()) {
                    w.setResult(null);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "<Server sockets=" + sockets() + ">";
    }
}
