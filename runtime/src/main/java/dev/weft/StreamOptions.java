package dev.weft;

import javax.net.ssl.SSLContext;

/**
 * How {@link Asyncio#openConnection(String, int, StreamOptions)} connects: the keyword arguments of Python's
 * {@code open_connection}. Immutable, so it may be shared by any threads; each {@code with} gives a copy.
 */
public final class StreamOptions {
    private static final StreamOptions DEFAULTS = new StreamOptions(StreamReader.DEFAULT_LIMIT, null, null,
            ServerOptions.SSL_HANDSHAKE_TIMEOUT);

    private final int limit;
    private final SSLContext ssl;
    private final String serverHostname;
    private final double sslHandshakeTimeout;

    private StreamOptions(int limit, SSLContext ssl, String serverHostname, double sslHandshakeTimeout) {
        this.limit = limit;
        this.ssl = ssl;
        this.serverHostname = serverHostname;
        this.sslHandshakeTimeout = sslHandshakeTimeout;
    }

    /** @return Python's defaults: a 64 KiB reader limit, no TLS, a 60 s TLS handshake timeout */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param limit the reader's limit, in bytes, {@code > 0}: the longest line, and half the buffered data
     *     above which reading pauses
     * @return a copy with it
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public StreamOptions withLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout);
    }

    /**
     * @param ssl TLS for the connection (its trust store decides which servers are trusted), or {@code null}
     * @return a copy with it
     */
    public StreamOptions withSsl(SSLContext ssl) {
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout);
    }

    /**
     * @param serverHostname the name the server's certificate must be for (and the SNI name); by default the host
     *     connected to
     * @return a copy with it
     */
    public StreamOptions withServerHostname(String serverHostname) {
        return new StreamOptions(limit, ssl, serverHostname, sslHandshakeTimeout);
    }

    /**
     * @param seconds how long the TLS handshake may take before the connection is aborted (default 60)
     * @return a copy with it
     * @throws IllegalArgumentException unless {@code seconds > 0}
     */
    public StreamOptions withSslHandshakeTimeout(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("sslHandshakeTimeout should be a positive number, got " + seconds);
        }
        return new StreamOptions(limit, ssl, serverHostname, seconds);
    }

    /** @return the reader's limit */
    public int limit() {
        return limit;
    }

    /** @return the TLS configuration, or {@code null} */
    public SSLContext ssl() {
        return ssl;
    }

    /** @return the name the certificate must be for, or {@code null} for the host connected to */
    public String serverHostname() {
        return serverHostname;
    }

    /** @return the TLS handshake timeout in seconds */
    public double sslHandshakeTimeout() {
        return sslHandshakeTimeout;
    }
}
