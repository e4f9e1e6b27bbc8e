package dev.weft.internal.loop;

import dev.weft.BaseProtocol;
import dev.weft.BufferedProtocol;
import dev.weft.Future;
import dev.weft.Protocol;
import dev.weft.TimerHandle;
import dev.weft.Transport;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TLS between a socket's transport and the application's protocol: Python's {@code sslproto.SSLProtocol}, over the
 * JDK's {@link SSLEngine}. To the socket's transport it is the protocol; to the application it gives a transport
 * ({@link #appTransport()}) whose writes are encrypted. The application's {@code connectionMade} comes once the
 * handshake is done (within the handshake timeout, with the host name checked for a client); its
 * {@code close} sends close_notify. A failed or timed-out handshake fails the waiter and aborts the connection,
 * and nothing reaches the application. Delegated tasks of the engine run inline, as CPython runs its handshake.
 * One thread: the loop's.
 */
public final class SslProtocol implements Protocol {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final BaseEventLoop loop;
    private final SSLContext context;
    private final boolean serverSide;
    private final String serverHostname;
    private final double handshakeTimeout;
    private final Future<Void> waiter;
    /** False for start_tls: the application's protocol is connected already. */
    private final boolean callConnectionMade;
    private BaseProtocol app;
    private final AppTransport appTransport = new AppTransport();
    private Transport transport;
    private SSLEngine engine;
    /** Received and not yet decrypted, in write mode. */
    private ByteBuffer netIn;
    /** Decrypted, in write mode. */
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private TimerHandle handshakeTimer;
    private boolean handshakeDone;
    private boolean appConnected;
    private boolean closing;
    private boolean failed;
    /** Writes dropped after close or abort: Python's {@code _conn_lost} count, for its warning. */
    private int writesAfterClose;

    /**
     * @param loop the loop
     * @param app the application's protocol
     * @param context the TLS configuration
     * @param serverSide whether this end is the server
     * @param serverHostname for a client: the name the certificate must be for (and the SNI), or {@code null} to
     *     not check it
     * @param handshakeTimeout seconds the handshake may take
     * @param waiter completed once the handshake is done, failed if it fails; or {@code null}
     * @param callConnectionMade whether the application's {@code connectionMade} comes after the handshake
     *     ({@code false} when TLS starts on a connection the application has already)
     */
    public SslProtocol(BaseEventLoop loop, BaseProtocol app, SSLContext context, boolean serverSide,
                       String serverHostname, double handshakeTimeout, Future<Void> waiter,
                       boolean callConnectionMade) {
        this.loop = loop;
        this.app = app;
        this.context = context;
        this.serverSide = serverSide;
        this.serverHostname = serverHostname;
        this.handshakeTimeout = handshakeTimeout;
        this.waiter = waiter;
        this.callConnectionMade = callConnectionMade;
    }

    /** @return the transport the application writes to */
    public Transport appTransport() {
        return appTransport;
    }

    // ---- from the socket's transport ----

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        Object peer = t.getExtraInfo("peername");
        if (serverSide) {
            engine = context.createSSLEngine();
        } else {
            int port = peer instanceof InetSocketAddress ? ((InetSocketAddress) peer).getPort() : -1;
            engine = serverHostname != null ? context.createSSLEngine(serverHostname, port) : context.createSSLEngine();
        }
        engine.setUseClientMode(!serverSide);
        if (!serverSide && serverHostname != null) {
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");   // the certificate must be for serverHostname
            if (!Connections.isIpLiteral(serverHostname)) {
                params.setServerNames(List.of(new SNIHostName(serverHostname)));
            }
            engine.setSSLParameters(params);
        }
        netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        handshakeTimer = loop.callLater(handshakeTimeout, this::handshakeTimedOut);
        try {
            engine.beginHandshake();
            pump();
        } catch (SSLException e) {
            fail(e);
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        if (failed) {
            return;
        }
        if (netIn.remaining() < data.length) {
            netIn = grow(netIn, netIn.position() + data.length);
        }
        netIn.put(data);
        try {
            pump();
        } catch (SSLException e) {
            fail(e);
        }
    }

    @Override
    public boolean eofReceived() {
        if (!handshakeDone) {
            fail(new SocketException("Connection reset during the SSL handshake"));
            return false;
        }
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // No close_notify before the end: taken as the end, as CPython's eof_received does.
        }
        if (appConnected) {
            appEof();
        }
        return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
        cancelTimer();
        if (appConnected) {
            appConnected = false;
            app.connectionLost(exc);
        } else if (waiter != null && !waiter.isDone()) {
            waiter.setException(exc != null ? exc : new SocketException("Connection lost during the SSL handshake"));
        }
    }

    @Override
    public void pauseWriting() {
        if (appConnected) {
            app.pauseWriting();
        }
    }

    @Override
    public void resumeWriting() {
        if (appConnected) {
            app.resumeWriting();
        }
    }

    // ---- the engine ----

    /** Runs the engine until it needs more data from the peer. */
    private void pump() throws SSLException {
        while (!failed) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                if (!wrap(EMPTY)) {
                    return;
                }
            } else if (!unwrap()) {
                return;
            }
        }
    }

    /** @return whether to go on: something was consumed or produced */
    private boolean unwrap() throws SSLException {
        netIn.flip();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
        deliver();
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW:
                if (!netIn.hasRemaining()) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize() + netIn.capacity());
                }
                return false;
            case BUFFER_OVERFLOW:
                appIn = grow(appIn, appIn.capacity() + engine.getSession().getApplicationBufferSize());
                return true;
            case CLOSED:
                peerClosed();
                return false;
            default:
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        }
    }

    /** @return whether to go on */
    private boolean wrap(ByteBuffer src) throws SSLException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeFinished();
        }
        netOut.flip();
        if (netOut.hasRemaining()) {
            byte[] record = new byte[netOut.remaining()];
            netOut.get(record);
            transport.write(record);
        }
        switch (r.getStatus()) {
            case BUFFER_OVERFLOW:
                netOut = ByteBuffer.allocate(netOut.capacity() + engine.getSession().getPacketBufferSize());
                return true;
            case CLOSED:
                return false;
            default:
                return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
        }
    }

    /** Hands the decrypted bytes to the application. */
    private void deliver() {
        if (appIn.position() == 0 || !appConnected) {
            return;
        }
        appIn.flip();
        try {
            if (app instanceof BufferedProtocol) {
                BufferedProtocol p = (BufferedProtocol) app;
                while (appIn.hasRemaining()) {
                    ByteBuffer into = p.getBuffer(appIn.remaining());
                    int n = Math.min(into.remaining(), appIn.remaining());
                    ByteBuffer slice = appIn.duplicate();
                    slice.limit(appIn.position() + n);
                    into.put(slice);
                    appIn.position(appIn.position() + n);
                    p.bufferUpdated(n);
                }
            } else {
                byte[] data = new byte[appIn.remaining()];
                appIn.get(data);
                ((Protocol) app).dataReceived(data);
            }
        } finally {
            appIn.clear();
        }
    }

    private void handshakeFinished() {
        if (handshakeDone) {
            return;
        }
        handshakeDone = true;
        cancelTimer();
        appConnected = true;
        if (callConnectionMade) {
            app.connectionMade(appTransport);
        }
        if (waiter != null && !waiter.isDone()) {
            waiter.setResult(null);
        }
    }

    /** The peer sent close_notify: the application hears the end; then close_notify back, and close. */
    private void peerClosed() throws SSLException {
        if (appConnected) {
            appEof();
        }
        if (!engine.isOutboundDone()) {
            engine.closeOutbound();
            while (!engine.isOutboundDone() && wrap(EMPTY)) {
                // sends close_notify
            }
        }
        transport.close();
    }

    private void appEof() {
        boolean keepOpen;
        if (app instanceof Protocol) {
            keepOpen = ((Protocol) app).eofReceived();
        } else {
            keepOpen = ((BufferedProtocol) app).eofReceived();
        }
        if (keepOpen) {
            LOG.log(System.Logger.Level.DEBUG, "returning true from eofReceived() has no effect when using TLS");
        }
        appTransport.close();
    }

    private void handshakeTimedOut() {
        handshakeTimer = null;
        if (!handshakeDone) {
            fail(new SSLHandshakeException("SSL handshake is taking longer than " + handshakeTimeout
                    + " seconds: aborting the connection"));
        }
    }

    /** The handshake or the session failed: the waiter hears it (else the application), the connection goes. */
    private void fail(Exception e) {
        if (failed) {
            return;
        }
        failed = true;
        cancelTimer();
        if (waiter != null && !waiter.isDone()) {
            waiter.setException(e);
        } else if (!appConnected) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "SSL handshake failed");
            ctx.put("exception", e);
            ctx.put("transport", transport);
            if (loop.getDebug()) {
                loop.callExceptionHandler(ctx);
            }
        }
        if (appConnected) {
            appConnected = false;
            app.connectionLost(e);
        }
        transport.abort();
    }

    private void cancelTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, b.capacity() * 2));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    // ---- what the application sees ----

    /** The application's transport: Python's {@code _SSLProtocolTransport}. */
    private final class AppTransport implements Transport {

        @Override
        public void write(byte[] data) {
            if (data.length == 0) {
                return;
            }
            if (closing) {
                // Python's _write_appdata once the protocol is FLUSHING, SHUTDOWN or UNWRAPPED (after close or
                // abort): the data is dropped and counted, with a warning from the fifth time; no error.
                if (++writesAfterClose >= SelectorTransport.LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                    LOG.log(System.Logger.Level.WARNING, "SSL connection is closed");
                }
                return;
            }
            if (failed) {
                return;
            }
            ByteBuffer src = ByteBuffer.wrap(data);
            try {
                while (src.hasRemaining()) {
                    if (!wrap(src)) {
                        break;
                    }
                }
            } catch (SSLException e) {
                fail(e);
            }
        }

        @Override
        public void writeLines(Iterable<byte[]> chunks) {
            for (byte[] chunk : chunks) {
                write(chunk);
            }
        }

        @Override
        public void writeEof() {
            throw new UnsupportedOperationException("TLS cannot close only the sending side: close() instead");
        }

        @Override
        public boolean canWriteEof() {
            return false;
        }

        /** Sends close_notify, then closes the connection once the buffer is sent. */
        @Override
        public void close() {
            if (closing) {
                return;
            }
            closing = true;
            if (!failed && engine != null && !engine.isOutboundDone()) {
                engine.closeOutbound();
                try {
                    while (!engine.isOutboundDone() && wrap(EMPTY)) {
                        // sends close_notify
                    }
                } catch (SSLException e) {
                    // the session is broken: close without it
                }
            }
            transport.close();
        }

        @Override
        public void abort() {
            closing = true;
            transport.abort();
        }

        @Override
        public boolean isClosing() {
            return closing || transport.isClosing();
        }

        @Override
        public void pauseReading() {
            transport.pauseReading();
        }

        @Override
        public void resumeReading() {
            transport.resumeReading();
        }

        @Override
        public boolean isReading() {
            return transport.isReading();
        }

        @Override
        public void setWriteBufferLimits(int high, int low) {
            transport.setWriteBufferLimits(high, low);
        }

        @Override
        public int[] getWriteBufferLimits() {
            return transport.getWriteBufferLimits();
        }

        @Override
        public int getWriteBufferSize() {
            return transport.getWriteBufferSize();
        }

        /** Also {@code "sslcontext"}, {@code "ssl_object"} (the engine), {@code "peercert"} (the certificates). */
        @Override
        public Object getExtraInfo(String name) {
            switch (name) {
                case "sslcontext":
                    return context;
                case "ssl_object":
                    return engine;
                case "peercert":
                    try {
                        return Arrays.asList(engine.getSession().getPeerCertificates());
                    } catch (SSLPeerUnverifiedException e) {
                        return null;
                    }
                default:
                    return transport.getExtraInfo(name);
            }
        }

        @Override
        public BaseProtocol getProtocol() {
            return app;
        }

        @Override
        public void setProtocol(BaseProtocol protocol) {
            app = protocol;
        }

        @Override
        public String toString() {
            return "<SSLTransport over " + transport + ">";
        }
    }
}
