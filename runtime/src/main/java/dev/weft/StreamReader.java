package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.Sneaky;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * What arrives on a stream connection: Python 3.11's {@code asyncio.StreamReader}. Data is buffered as it comes;
 * the reads take from the buffer and wait when they need more. Above twice the limit the transport stops reading
 * until the buffer drains. One task may wait in a read at a time. Use it from its loop's thread.
 *
 * <p>Errors keep Python's meaning: {@link IncompleteReadError} when the stream ends first
 * ({@link #readExactly}, {@link #readUntil}), {@link LimitOverrunError} when no separator comes within the limit
 * ({@link #readUntil}; {@link #readline} throws {@link IllegalStateException} then, Python's
 * {@code ValueError}), and the connection's own error (an {@link java.io.IOException} as it is) once it was lost
 * with one.
 *
 * <p><b>The peer.</b> When the peer closes its side, the reader gets the end of the stream: reads return what is
 * buffered, then an empty array ({@link #read(int)}, {@link #readline}) or throw {@link IncompleteReadError}
 * ({@link #readExactly}, {@link #readUntil}). When the connection is lost with an error (a reset), the read
 * waiting at the time and every later read throw that error, even with data still buffered.
 *
 * <p><b>Cancellation.</b> A read takes bytes out of the buffer only when it returns them: cancelled while it
 * waits, it leaves every buffered byte for the next read, and the reader stays usable. The one exception is
 * {@link #read()} (to the end), which returns the bytes a limit at a time: a chunk it already took is lost
 * with its cancelled task.
 *
 * <p><b>Threads and waits.</b> Every method runs on the loop's thread. Only the reads suspend, and only while
 * what they need is not buffered; a second read that has to wait while another waits throws
 * {@link IllegalStateException} (when awaited).
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Void> client() throws IOException {
 *     Connection c = Await.on(Asyncio.openConnection("example.com", 80));
 *     c.writer().write("HEAD / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 *     Await.on(c.writer().drain());
 *     byte[] status = Await.on(c.reader().readline());     // up to and including '\n'
 *     byte[] rest = Await.on(c.reader().read());           // everything until the server closes
 *     c.writer().close();
 *     Await.on(c.writer().waitClosed());
 *     return Coroutine.done();
 * }
 * }</pre>
 */
public class StreamReader implements AsyncIterable<byte[]> {
    /** Python's {@code _DEFAULT_LIMIT}: 64 KiB. */
    public static final int DEFAULT_LIMIT = 1 << 16;
    private static final byte[] NONE = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final int limit;
    /** The buffered bytes are {@code buf[start, end)}. */
    private byte[] buf = NONE;
    private int start;
    private int end;
    private boolean eof;
    /**
     * What a waiting read parks on: one event for the reader's life, so a wait costs no future (CPython makes one
     * per wait) and no frame. A read waits while the event has a waiter.
     */
    private final Event dataArrived = new Event();
    /** The waiting read was woken by {@link #setException}: it throws instead of reading. */
    private boolean wokenByError;
    private Throwable exception;
    private Transport transport;
    private boolean paused;

    /** A reader with the default 64 KiB limit. */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /**
     * @param limit the longest line or chunk {@link #readUntil} accepts, and half the buffered bytes above which
     *     the transport pauses, {@code > 0}
     */
    public StreamReader(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.limit = limit;
    }

    /** @return the error the connection was lost with (or {@link #setException} set), or {@code null} */
    public Throwable exception() {
        return exception;
    }

    /**
     * Fails the reader: the read waiting now, and every read from now on, throws {@code exc}, as it is. Buffered
     * data is no longer returned. The stream protocol calls it when the connection is lost with an error.
     *
     * @param exc the error
     */
    public void setException(Throwable exc) {
        exception = exc;
        if (dataArrived.hasWaiters()) {
            wokenByError = true;
            dataArrived.set();
        }
    }

    /**
     * Sets the transport this reader pauses and resumes (once).
     *
     * @param transport the connection's transport
     * @throws IllegalStateException if one is set already
     */
    public void setTransport(Transport transport) {
        if (this.transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        this.transport = transport;
    }

    /**
     * The stream ended: reads return what is buffered, then nothing. Wakes the read that waits. The stream
     * protocol calls it when the peer closes its side, or the connection is closed without an error.
     */
    public void feedEof() {
        eof = true;
        wakeupWaiter();
    }

    /** @return whether the stream ended and the buffer is empty */
    public boolean isAtEof() {
        return eof && start == end;
    }

    /**
     * Adds data to the buffer, waking the read that waits; above twice the limit the transport pauses (it resumes
     * when reads bring the buffer down to the limit, or when a read has to wait). The reader copies what it keeps.
     *
     * @param data the bytes
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(byte[] data) {
        feed(data, false);
    }

    /**
     * {@link #feedData}, taking {@code data} over when the buffer is empty instead of copying it: for a transport
     * that hands over an array nobody else holds.
     */
    void feed(byte[] data, boolean owned) {
        if (eof) {
            throw new IllegalStateException("feedData after feedEof");
        }
        if (data.length == 0) {
            return;
        }
        if (owned && start == end) {
            buf = data;   // nothing buffered: no copy
            start = 0;
            end = data.length;
        } else {
            append(data);
        }
        wakeupWaiter();
        if (transport != null && !paused && end - start > 2 * limit) {
            transport.pauseReading();
            paused = true;
        }
    }

    /**
     * Reads to the end of the stream: Python's {@code read()}. It waits until the peer closes its side, however
     * much arrives, taking the buffer a limit at a time (so reading never stays paused); cancelled, it loses
     * what it took so far.
     *
     * @return the coroutine to await: every byte until the end
     * @throws IOException (when awaited) the error the connection was lost with, as it is
     */
    public Coroutine<byte[]> read() throws IOException {
        return read(-1);
    }

    /**
     * Reads up to {@code n} bytes, waiting only while nothing is buffered: Python's {@code read(n)}. Does not
     * suspend when data is buffered or the stream ended; cancelled while it waits, it takes nothing.
     *
     * @param n the most bytes, or -1 (any negative) for all until the end, as {@link #read()}
     * @return the coroutine to await: the bytes, empty at the end of the stream
     * @throws IOException (when awaited) the error the connection was lost with, as it is
     */
    @Async
    public Coroutine<byte[]> read(int n) throws IOException {
        throwIfFailed();
        if (n == 0) {
            return Coroutine.of(NONE);
        }
        if (n < 0) {
            // A limit at a time, as Python does: waiting for all at once would pause the transport for good.
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                byte[] block = Await.on(read(limit));
                if (block.length == 0) {
                    break;
                }
                all.write(block, 0, block.length);
            }
            return Coroutine.of(all.toByteArray());
        }
        if (start == end && !eof) {
            Await.on(waitForData("read"));
            throwIfWokenByError();
        }
        byte[] data = takeBytes(Math.min(n, end - start));
        maybeResumeTransport();
        return Coroutine.of(data);
    }

    /**
     * The lines, as Python's {@code async for line in reader}: each step is {@link #readline()}, and the end of
     * the stream (an empty line) ends the iteration.
     *
     * <pre>{@code
     * for (byte[] line : reader) {        // inside an @Async method: async for
     *     System.out.print(new String(line, StandardCharsets.UTF_8));
     * }
     * }</pre>
     *
     * <p>A line longer than the limit ends the iteration with {@link IllegalStateException}, and a connection
     * lost with an error with that error (thrown as it is, though undeclared).
     *
     * @return an iterator over the lines; they are this reader's, so one iteration at a time
     */
    @Override
    public AsyncIterator<byte[]> aiter() {
        return this::nextLine;
    }

    /** Python's {@code __anext__}: a line, or {@link StopAsyncIteration} at the end; a lost connection's error. */
    @Async
    private Coroutine<byte[]> nextLine() {
        byte[] line;
        try {
            line = Await.on(readline());
        } catch (IOException e) {
            throw Sneaky.rethrow(e);
        }
        if (line.length == 0) {
            throw new StopAsyncIteration();
        }
        return Coroutine.of(line);
    }

    /**
     * Reads a line, {@code \n} included: Python's {@code readline()}. At the end of the stream, what is left
     * (maybe nothing): an empty array means the stream ended. Does not suspend when a whole line is buffered;
     * cancelled while it waits, it takes nothing, and the partial line stays buffered.
     *
     * @return the coroutine to await: the line
     * @throws IllegalStateException (when awaited) when the line is longer than the limit; the buffer then drops
     *     the line, or all it holds if no separator came
     * @throws IOException (when awaited) the error the connection was lost with, as it is
     */
    @Async
    public Coroutine<byte[]> readline() throws IOException {
        byte[] line;
        try {
            line = Await.on(readUntil(NEWLINE));
        } catch (IncompleteReadError e) {
            return Coroutine.of(e.partial());
        } catch (LimitOverrunError e) {
            int at = start + e.consumed();
            if (at < end && buf[at] == '\n') {
                start = at + 1;
            } else {
                start = end;
            }
            maybeResumeTransport();
            throw new IllegalStateException(e.getMessage(), e);
        }
        return Coroutine.of(line);
    }

    /**
     * Reads exactly {@code n} bytes: Python's {@code readexactly}. It takes them only once all {@code n} are
     * buffered: cancelled while it waits, it leaves what arrived in the buffer. {@code n} may exceed the limit
     * (the transport then resumes reading while it waits).
     *
     * @param n how many, {@code >= 0}
     * @return the coroutine to await: the bytes
     * @throws IncompleteReadError (when awaited) when the stream ends first, with what was read (taken out of the
     *     buffer)
     * @throws IllegalArgumentException (when awaited) if {@code n < 0}
     * @throws IOException (when awaited) the error the connection was lost with, as it is
     */
    @Async
    public Coroutine<byte[]> readExactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("readExactly size can not be less than zero");
        }
        throwIfFailed();
        if (n == 0) {
            return Coroutine.of(NONE);
        }
        while (end - start < n) {
            if (eof) {
                throw new IncompleteReadError(takeBytes(end - start), n);
            }
            Await.on(waitForData("readExactly"));
            throwIfWokenByError();
        }
        byte[] data = takeBytes(n);
        maybeResumeTransport();
        return Coroutine.of(data);
    }

    /**
     * Reads up to and including {@code separator}: Python's {@code readuntil}. It takes the chunk only once the
     * separator is buffered: cancelled while it waits, it leaves what arrived in the buffer.
     *
     * @param separator the bytes that end the chunk, at least one
     * @return the coroutine to await: the chunk, separator included
     * @throws IncompleteReadError (when awaited) when the stream ends first, with all it held ({@code expected()}
     *     is -1)
     * @throws LimitOverrunError (when awaited) when the chunk would be longer than the limit; the data stays
     *     buffered
     * @throws IllegalArgumentException (when awaited) if {@code separator} is empty
     * @throws IOException (when awaited) the error the connection was lost with, as it is
     */
    @Async
    public Coroutine<byte[]> readUntil(byte[] separator) throws IOException {
        int seplen = separator.length;
        if (seplen == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        throwIfFailed();
        // offset: how many bytes from the start are known not to begin the separator.
        int offset = 0;
        int isep;
        while (true) {
            int buflen = end - start;
            if (buflen - offset >= seplen) {
                isep = indexOf(separator, offset);
                if (isep != -1) {
                    break;
                }
                offset = buflen + 1 - seplen;
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            // A complete chunk may be buffered even after the end of the stream: look before giving up.
            if (eof) {
                throw new IncompleteReadError(takeBytes(end - start), -1);
            }
            Await.on(waitForData("readUntil"));
            throwIfWokenByError();
        }
        if (isep > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", isep);
        }
        byte[] chunk = takeBytes(isep + seplen);
        maybeResumeTransport();
        return Coroutine.of(chunk);
    }

    /**
     * Python's {@code _wait_for_data}: the wait until data or the end comes (a paused transport resumes first).
     * The caller awaits it, then calls {@link #throwIfWokenByError}.
     */
    private Coroutine<Boolean> waitForData(String funcName) {
        if (dataArrived.hasWaiters()) {
            throw new IllegalStateException(funcName
                    + "() called while another coroutine is already waiting for incoming data");
        }
        if (paused) {
            // Waiting while paused would never end (readExactly of more than the limit).
            paused = false;
            transport.resumeReading();
        }
        wokenByError = false;   // a read cancelled after its wake-up leaves it set
        dataArrived.clear();
        return dataArrived.await();
    }

    private void throwIfWokenByError() {
        if (wokenByError) {
            wokenByError = false;
            throw Sneaky.rethrow(exception);
        }
    }

    private void wakeupWaiter() {
        if (dataArrived.hasWaiters()) {
            dataArrived.set();
        }
    }

    private void maybeResumeTransport() {
        if (paused && end - start <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    private void throwIfFailed() {
        if (exception != null) {
            throw Sneaky.rethrow(exception);
        }
    }

    private void append(byte[] data) {
        if (buf.length - end < data.length) {
            int live = end - start;
            if (live + data.length <= buf.length && start > 0) {
                System.arraycopy(buf, start, buf, 0, live);   // room at the front: move down
            } else {
                buf = Arrays.copyOfRange(buf, start, start + Math.max(live + data.length, 2 * buf.length));
            }
            start = 0;
            end = live;
        }
        System.arraycopy(data, 0, buf, end, data.length);
        end += data.length;
    }

    /** @return the first {@code n} buffered bytes, removed */
    private byte[] takeBytes(int n) {
        if (start == 0 && n == end && n == buf.length) {
            byte[] all = buf;   // exactly the buffer (a chunk taken over whole): handed on, not copied
            buf = NONE;
            start = end = 0;
            return all;
        }
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        start += n;
        if (start == end) {
            start = end = 0;
            if (buf.length > 4 * limit) {
                buf = NONE;   // a burst is over: give the big buffer back
            }
        }
        return out;
    }

    /** @return where {@code sep} starts, counted from the buffer's start, at or after {@code from}; or -1 */
    private int indexOf(byte[] sep, int from) {
        outer:
        for (int i = start + from, last = end - sep.length; i <= last; i++) {
            for (int k = 0; k < sep.length; k++) {
                if (buf[i + k] != sep[k]) {
                    continue outer;
                }
            }
            return i - start;
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<StreamReader");
        if (end > start) {
            sb.append(' ').append(end - start).append(" bytes");
        }
        if (eof) {
            sb.append(" eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(" limit=").append(limit);
        }
        if (dataArrived.hasWaiters()) {
            sb.append(" waiter");
        }
        if (exception != null) {
            sb.append(" exception=").append(exception);
        }
        if (transport != null) {
            sb.append(" transport=").append(transport);
        }
        if (paused) {
            sb.append(" paused");
        }
        return sb.append('>').toString();
    }
}
