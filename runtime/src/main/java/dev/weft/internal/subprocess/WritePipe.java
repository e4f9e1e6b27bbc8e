package dev.weft.internal.subprocess;

import dev.weft.BaseProtocol;
import dev.weft.Transport;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.WaterMarks;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A child's stdin: Python's {@code _UnixWritePipeTransport}, over a JDK pipe, which no selector can watch.
 * {@code write} never blocks the loop: the bytes are copied and queued for a daemon thread of the pipe's own,
 * which writes them in order; the queued bytes count as the write buffer, so the protocol pauses above the
 * high-water mark and {@code drain} waits, as for a socket. {@code close} and {@code writeEof} close the pipe once
 * the queue is written; a broken pipe (the child exited) reaches {@code connectionLost}.
 */
final class WritePipe implements Transport {
    /** Queued after the last chunk: close the pipe. */
    private static final byte[] CLOSE = new byte[0];
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;
    private static final System.Logger LOG = System.getLogger("dev.weft");

    private final BaseEventLoop loop;
    private final OutputStream out;
    private final BaseProtocol protocol;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    /** On the loop: bytes queued and not yet written. */
    private int bufferSize;
    private boolean closing;
    private boolean lost;
    private boolean protocolPaused;
    /** Writes dropped since the pipe began closing: Python's {@code _conn_lost} count, for its warning. */
    private int droppedWrites;
    private int highWater = WaterMarks.DEFAULT_HIGH;
    private int lowWater = WaterMarks.DEFAULT_HIGH / 4;

    WritePipe(BaseEventLoop loop, OutputStream out, BaseProtocol protocol, String name) {
        this.loop = loop;
        this.out = out;
        this.protocol = protocol;
        Thread thread = new Thread(this::pump, name);
        thread.setDaemon(true);
        thread.start();
        loop.callSoon(() -> protocol.connectionMade(this));
    }

    /** On the pipe's own thread. */
    private void pump() {
        try {
            while (true) {
                byte[] chunk = queue.take();
                if (chunk == CLOSE) {
                    out.close();
                    post(() -> connectionLost(null));
                    return;
                }
                out.write(chunk);
                out.flush();
                post(() -> written(chunk.length));
            }
        } catch (IOException e) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the pipe is broken already
            }
            post(() -> connectionLost(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(Runnable onLoop) {
        if (loop.isClosed()) {
            return;
        }
        try {
            loop.callSoonThreadsafe(onLoop);
        } catch (IllegalStateException closedMeanwhile) {
            // the loop closed: nobody waits any more
        }
    }

    private void written(int n) {
        bufferSize -= n;
        if (protocolPaused && bufferSize <= lowWater) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
    }

    /**
     * The child exited: from any thread. The JDK closes a child's stdin when it exits (a write then fails with
     * "Stream closed"), so the pipe is lost now, as CPython's write pipe transport finds when its reader goes
     * (its _read_ready: "pipe closed by peer"): with nothing queued the connection is lost without an error, else
     * with a broken pipe. A drain then says the connection is lost and waitClosed returns, as in Python, instead
     * of waiting for a write to fail.
     */
    void childExited() {
        post(() -> {
            if (lost) {
                return;
            }
            IOException exc = bufferSize > 0 ? new IOException("Broken pipe") : null;
            connectionLost(exc);
            queue.add(CLOSE);   // ends the pump thread, which may wait for a chunk that will never come
        });
    }

    private void connectionLost(IOException e) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        queue.clear();
        bufferSize = 0;
        protocol.connectionLost(e);
    }

    @Override
    public void write(byte[] data) {
        if (data.length == 0) {
            return;
        }
        if (closing) {
            // Python's _UnixWritePipeTransport drops a write once it is closing (close, write_eof) or lost, and
            // only counts it, warning from the fifth on: no RuntimeError, unlike a socket after write_eof.
            if (++droppedWrites >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                LOG.log(System.Logger.Level.WARNING, "pipe closed by peer or os.write(pipe, data) raised exception.");
            }
            return;
        }
        queue.add(Arrays.copyOf(data, data.length));
        bufferSize += data.length;
        if (!protocolPaused && bufferSize > highWater) {
            protocolPaused = true;
            protocol.pauseWriting();
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
        close();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        queue.add(CLOSE);
    }

    @Override
    public void abort() {
        if (lost) {
            return;
        }
        closing = true;
        queue.clear();
        queue.add(CLOSE);
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        int[] marks = WaterMarks.of(high, low);
        lowWater = marks[0];
        highWater = marks[1];
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {lowWater, highWater};
    }

    @Override
    public int getWriteBufferSize() {
        return bufferSize;
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? out : null;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        throw new UnsupportedOperationException("a child's stdin pipe keeps its StreamWriter's protocol");
    }

    // A write pipe does not read: Python's WriteTransport has none of these.

    @Override
    public void pauseReading() {
        throw new UnsupportedOperationException("a child's stdin pipe cannot be read");
    }

    @Override
    public void resumeReading() {
        throw new UnsupportedOperationException("a child's stdin pipe cannot be read");
    }

    @Override
    public boolean isReading() {
        return false;
    }
}
