package dev.weft.internal.loop;

import dev.weft.BaseProtocol;
import dev.weft.Future;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stream and a datagram transport share: Python's {@code _SelectorTransport} with its
 * {@code _FlowControlMixin}. Closing (after the buffer is sent) and aborting, the single, deferred
 * {@code connectionLost}, fatal errors, the extra info, and the write buffer's water marks that pause and resume
 * the protocol. One thread: the loop's.
 *
 * @param <C> the channel
 */
abstract class SelectorTransport<C extends SelectableChannel> {
    /** Python's {@code max_size}: the most one read takes. */
    static final int MAX_SIZE = 256 * 1024;
    /** Python's {@code LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
    static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;
    static final System.Logger LOG = System.getLogger("dev.weft");

    final BaseEventLoop loop;
    final C channel;
    /** Python's extra info {@code sockname} and {@code peername}, taken when the transport is made. */
    Object sockname;
    Object peername;
    /** Runs once the connection is lost: a server's count of open connections. */
    private final Runnable detach;
    BaseProtocol protocol;
    /** Bytes waiting in the write buffer. */
    int bufferSize;
    /** Python's {@code _conn_lost}: set when connectionLost is scheduled, then counts writes after it. */
    int connLost;
    boolean closing;
    private boolean protocolPaused;
    private int highWater;
    private int lowWater;

    SelectorTransport(BaseEventLoop loop, C channel, Runnable detach) {
        this.loop = loop;
        this.channel = channel;
        this.detach = detach;
        setWriteBufferLimits(-1, -1);
        loop.opened(this);   // kept only while a test kit watches the loop
    }

    /**
     * Python's transport start: on the next passes, in this order, the protocol's connectionMade, then reading,
     * then the waiter's result (unless it was cancelled).
     *
     * @param connectionMade calls the protocol
     * @param readReady what reads when the channel is readable
     * @param waiter the creator's future, or {@code null}
     */
    void start(Runnable connectionMade, Runnable readReady, Future<Void> waiter) {
        loop.callSoon(connectionMade);
        loop.callSoon(() -> {
            if (isReading()) {
                loop.watchReading(channel, readReady);
            }
        });
        if (waiter != null) {
            loop.callSoon(() -> {
                if (!waiter.isCancelled() && !waiter.isDone()) {
                    waiter.setResult(null);
                }
            });
        }
    }

    /** @return whether the transport reads: not paused, not closing */
    boolean isReading() {
        return !closing;
    }

    /** @return whether nothing waits in the write buffer */
    abstract boolean bufferIsEmpty();

    /** Drops the write buffer. */
    abstract void clearBuffer();

    // ---- closing ----

    /** @return whether the transport is closing or closed */
    public boolean isClosing() {
        return closing;
    }

    /** Python's {@code close}: reading stops; once the buffer is sent, connectionLost(null). */
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        loop.closed(this);
        loop.removeReader(channel);
        if (bufferIsEmpty()) {
            connLost++;
            loop.removeWriter(channel);
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    /**
     * The write buffer drained while closing: the connection ends now, once. A close (with the buffer empty) or an
     * abort in resumeWriting scheduled connectionLost already; CPython 3.11 calls it again here, and that call
     * fails. Counted as lost, so that a later write is dropped.
     */
    void drainedWhileClosing() {
        if (connLost == 0) {
            connLost++;
            callConnectionLost(null);
        }
    }

    /** Python's {@code abort}: closes now, dropping the buffer. */
    public void abort() {
        forceClose(null);
    }

    /** Python's {@code _fatal_error}: an I/O error is only logged in debug mode; anything else goes to the handler. */
    void fatalError(Throwable exc, String message) {
        if (exc instanceof IOException) {
            if (loop.getDebug()) {
                LOG.log(System.Logger.Level.DEBUG, this + ": " + message, exc);
            }
        } else {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", message);
            ctx.put("exception", exc);
            ctx.put("transport", this);
            ctx.put("protocol", protocol);
            loop.callExceptionHandler(ctx);
        }
        forceClose(exc);
    }

    private void forceClose(Throwable exc) {
        if (connLost != 0) {
            return;
        }
        if (!bufferIsEmpty()) {
            clearBuffer();
            bufferSize = 0;
            loop.removeWriter(channel);
        }
        if (!closing) {
            closing = true;
            loop.closed(this);
            loop.removeReader(channel);
        }
        connLost++;
        loop.callSoon(() -> callConnectionLost(exc));
    }

    void callConnectionLost(Throwable exc) {
        try {
            protocol.connectionLost(exc);
        } finally {
            try {
                loop.closeChannel(channel);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + channel + " failed", e);
            }
            if (detach != null) {
                detach.run();
            }
        }
    }

    /** A write after the connection was lost: dropped, and counted (Python warns past a few). */
    void writeAfterLost() {
        if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
            LOG.log(System.Logger.Level.WARNING, "socket.send() raised exception.");
        }
        connLost++;
    }

    // ---- flow control ----

    /** @return how many bytes wait in the write buffer */
    public int getWriteBufferSize() {
        return bufferSize;
    }

    /**
     * Python's {@code set_write_buffer_limits}.
     *
     * @param high the high mark, or -1 for four times {@code low} (64 KiB if both are -1)
     * @param low the low mark, or -1 for a quarter of {@code high}
     */
    public void setWriteBufferLimits(int high, int low) {
        int[] marks = WaterMarks.of(high, low);
        lowWater = marks[0];
        highWater = marks[1];
        maybePauseProtocol();
    }

    /** @return the low and the high water mark */
    public int[] getWriteBufferLimits() {
        return new int[] {lowWater, highWater};
    }

    void maybePauseProtocol() {
        if (bufferSize <= highWater || protocolPaused) {
            return;
        }
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable e) {
            reportProtocolError("protocol.pauseWriting() failed", e);
        }
    }

    void maybeResumeProtocol() {
        if (protocolPaused && bufferSize <= lowWater) {
            protocolPaused = false;
            try {
                protocol.resumeWriting();
            } catch (Throwable e) {
                reportProtocolError("protocol.resumeWriting() failed", e);
            }
        }
    }

    private void reportProtocolError(String message, Throwable e) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", message);
        ctx.put("exception", e);
        ctx.put("transport", this);
        ctx.put("protocol", protocol);
        loop.callExceptionHandler(ctx);
    }

    // ---- the rest ----

    /**
     * @param name the key
     * @return the extra info, or {@code null}
     */
    public Object getExtraInfo(String name) {
        return switch (name) {
            case "socket" -> channel;
            case "sockname" -> sockname;
            case "peername" -> peername;
            default -> null;
        };
    }

    /** @return the protocol */
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + (peername != null ? " peer=" + peername : "")
                + (closing ? " closing" : "") + " write buffer " + bufferSize + ">";
    }
}
