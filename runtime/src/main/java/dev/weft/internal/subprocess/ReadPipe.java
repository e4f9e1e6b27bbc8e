package dev.weft.internal.subprocess;

import dev.weft.BaseProtocol;
import dev.weft.StreamReader;
import dev.weft.Transport;
import dev.weft.internal.loop.BaseEventLoop;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A child's stdout or stderr: Python's {@code _UnixReadPipeTransport}, over a JDK pipe, which no selector can
 * watch. A daemon thread of its own blocks in {@code read}, never the loop: each chunk is handed to the loop
 * ({@code callSoonThreadsafe}) and fed to the reader there. While the reader has twice its limit buffered it
 * pauses the pipe, and the thread waits before reading more, so a child that writes fast keeps memory bounded.
 * Closing the pipe ends the thread.
 */
final class ReadPipe implements Transport {
    private static final int CHUNK = 64 * 1024;

    private final BaseEventLoop loop;
    private final InputStream in;
    private final StreamReader reader;
    private final Thread thread;
    /** Guarded by {@code this}: the reader asked for a pause. */
    private boolean paused;
    private volatile boolean closing;
    /** On the loop: the reader got its end. */
    private boolean ended;

    ReadPipe(BaseEventLoop loop, InputStream in, StreamReader reader, String name) {
        this.loop = loop;
        this.in = in;
        this.reader = reader;
        reader.setTransport(this);
        this.thread = new Thread(this::pump, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** On the pipe's own thread. */
    private void pump() {
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                synchronized (this) {
                    while (paused && !closing) {
                        wait();
                    }
                }
                int n = in.read(buf);
                if (n < 0) {
                    post(null, null);
                    return;
                }
                post(Arrays.copyOf(buf, n), null);
            }
        } catch (IOException e) {
            post(null, closing ? null : e);   // closed on purpose: just the end
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands a chunk, or the end (with an error or not), to the reader on the loop; nothing after the end. */
    private void post(byte[] chunk, IOException error) {
        if (loop.isClosed()) {
            return;
        }
        try {
            loop.callSoonThreadsafe(() -> {
                if (ended) {
                    return;
                }
                if (chunk != null) {
                    reader.feedData(chunk);
                } else {
                    ended = true;
                    if (error != null) {
                        reader.setException(error);
                    } else {
                        reader.feedEof();
                    }
                }
            });
        } catch (IllegalStateException closedMeanwhile) {
            // the loop closed: nobody reads any more
        }
    }

    @Override
    public synchronized void pauseReading() {
        paused = true;
    }

    @Override
    public synchronized void resumeReading() {
        paused = false;
        notifyAll();
    }

    @Override
    public synchronized boolean isReading() {
        return !paused && !closing;
    }

    /** Closes the pipe: the thread ends (a blocked read returns at once). */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            in.close();
        } catch (IOException e) {
            // closing the read end of a pipe: nothing is lost
        }
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public Object getExtraInfo(String name) {
        return "pipe".equals(name) ? in : null;
    }

    // A read pipe does not write: Python's ReadTransport has none of these.

    @Override
    public void write(byte[] data) {
        throw new UnsupportedOperationException("a child's output pipe cannot be written to");
    }

    @Override
    public void writeLines(Iterable<byte[]> chunks) {
        throw new UnsupportedOperationException("a child's output pipe cannot be written to");
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("a child's output pipe cannot be written to");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        throw new UnsupportedOperationException("a child's output pipe has no write buffer");
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {0, 0};
    }

    @Override
    public int getWriteBufferSize() {
        return 0;
    }

    @Override
    public BaseProtocol getProtocol() {
        return null;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        throw new UnsupportedOperationException("a child's output pipe feeds its StreamReader");
    }
}
