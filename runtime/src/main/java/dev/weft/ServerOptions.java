package dev.weft;

import javax.net.ssl.SSLContext;

/**
 * How {@code createServer} and {@code Asyncio.startServer} listen: the keyword arguments of Python's
 * {@code create_server}/{@code start_server}. Immutable, so it may be shared by any threads; each {@code with}
 * gives a copy.
 */
public final class ServerOptions {
    /** Python's {@code SSL_HANDSHAKE_TIMEOUT}: 60 seconds. */
    static final double SSL_HANDSHAKE_TIMEOUT = 60;
    private static final ServerOptions DEFAULTS = new ServerOptions(100, true, false, true, 64 * 1024, null,
            SSL_HANDSHAKE_TIMEOUT);

    private final int backlog;
    private final boolean reuseAddress;
    private final boolean reusePort;
    private final boolean startServing;
    private final int limit;
    private final SSLContext ssl;
    private final double sslHandshakeTimeout;

    private ServerOptions(int backlog, boolean reuseAddress, boolean reusePort, boolean startServing, int limit,
                          SSLContext ssl, double sslHandshakeTimeout) {
        this.backlog = backlog;
        this.reuseAddress = reuseAddress;
        this.reusePort = reusePort;
        this.startServing = startServing;
        this.limit = limit;
        this.ssl = ssl;
        this.sslHandshakeTimeout = sslHandshakeTimeout;
    }

    /**
     * @return Python's defaults: backlog 100, reuse address on, reuse port off, serving at once, 64 KiB limit, no
     *     TLS, a 60 s TLS handshake timeout
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param backlog the listen queue's length, and the most connections accepted in one pass, {@code > 0}
     * @return a copy with it
     * @throws IllegalArgumentException if {@code backlog <= 0}
     */
    public ServerOptions withBacklog(int backlog) {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive, got " + backlog);
        }
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, limit, ssl, sslHandshakeTimeout);
    }

    /**
     * @param reuseAddress whether to set SO_REUSEADDR (Python's default on Unix: on)
     * @return a copy with it
     */
    public ServerOptions withReuseAddress(boolean reuseAddress) {
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, limit, ssl, sslHandshakeTimeout);
    }

    /**
     * @param reusePort whether to set SO_REUSEPORT, so several processes may listen on one port; where the
     *     platform lacks it, awaiting the server's creation throws {@link UnsupportedOperationException}
     * @return a copy with it
     */
    public ServerOptions withReusePort(boolean reusePort) {
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, limit, ssl, sslHandshakeTimeout);
    }

    /**
     * @param startServing whether to accept at once; else {@link Server#startServing()} or
     *     {@link Server#serveForever()} starts it
     * @return a copy with it
     */
    public ServerOptions withStartServing(boolean startServing) {
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, limit, ssl, sslHandshakeTimeout);
    }

    /**
     * @param limit the stream readers' buffer limit, in bytes, {@code > 0} (see {@link StreamReader#StreamReader(int)})
     * @return a copy with it
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public ServerOptions withLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, limit, ssl, sslHandshakeTimeout);
    }

    /**
     * @param ssl TLS for every connection (the server's certificate and key), or {@code null} for plain TCP
     * @return a copy with it
     */
    public ServerOptions withSsl(SSLContext ssl) {
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, limit, ssl, sslHandshakeTimeout);
    }

    /**
     * @param seconds how long a connection's TLS handshake may take before it is aborted (default 60)
     * @return a copy with it
     * @throws IllegalArgumentException unless {@code seconds > 0}
     */
    public ServerOptions withSslHandshakeTimeout(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("sslHandshakeTimeout should be a positive number, got " + seconds);
        }
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, limit, ssl, seconds);
    }

    /** @return the TLS configuration, or {@code null} */
    public SSLContext ssl() {
        return ssl;
    }

    /** @return the TLS handshake timeout in seconds */
    public double sslHandshakeTimeout() {
        return sslHandshakeTimeout;
    }

    /** @return the listen backlog */
    public int backlog() {
        return backlog;
    }

    /** @return whether SO_REUSEADDR is set */
    public boolean reuseAddress() {
        return reuseAddress;
    }

    /** @return whether SO_REUSEPORT is set */
    public boolean reusePort() {
        return reusePort;
    }

    /** @return whether the server accepts at once */
    public boolean startServing() {
        return startServing;
    }

    /** @return the stream readers' buffer limit */
    public int limit() {
        return limit;
    }
}
