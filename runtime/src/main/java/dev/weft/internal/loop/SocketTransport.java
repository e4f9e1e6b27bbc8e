package dev.weft.internal.loop;

import dev.weft.BaseProtocol;
import dev.weft.BufferedProtocol;
import dev.weft.Future;
import dev.weft.Protocol;
import dev.weft.Transport;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A stream socket's transport: Python's {@code _SelectorSocketTransport} with its {@code _FlowControlMixin}.
 *
 * <p>Reading: each pass the socket is readable, one read of up to {@value #MAX_SIZE} bytes into the loop's read
 * buffer, handed to the protocol as a {@code byte[]} of exactly the bytes read (a {@link BufferedProtocol} is
 * read into its own buffer instead). End of stream calls {@code eofReceived}, and closes unless it returns
 * {@code true}. Writing: sent at once while nothing is buffered; the rest is copied into the buffer, sent as the
 * socket becomes writable, and the protocol is paused above the high-water mark and resumed at the low one.
 * Errors of the socket close the transport and reach {@code connectionLost}. One thread: the loop's.
 */
public final class SocketTransport extends SelectorTransport<SocketChannel> implements Transport {
    private boolean bufferedProtocol;
    /** What the socket has not taken yet; made at the first write it does not take at once. */
    private ArrayDeque<ByteBuffer> buffer;
    private boolean eof;
    private boolean paused;
    private final Runnable readReady = this::readReady;
    private final Runnable writeReady = this::writeReady;

    /**
     * Python's {@code _make_socket_transport}: schedules {@code connectionMade}, then reading, then
     * {@code waiter}'s result, each on the next pass in that order.
     *
     * @param loop the loop
     * @param channel a connected, non-blocking channel
     * @param protocol its protocol
     * @param waiter completed (unless cancelled) once {@code connectionMade} has run, or {@code null}
     * @param detach runs once the connection is lost, or {@code null}
     */
    public SocketTransport(BaseEventLoop loop, SocketChannel channel, BaseProtocol protocol, Future<Void> waiter,
                           Runnable detach) {
        super(loop, channel, detach);
        try {
            sockname = channel.getLocalAddress();   // the channel's own objects: nothing is allocated
            peername = channel.getRemoteAddress();
            if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);   // Python's _set_nodelay (TCP only)
            }
        } catch (IOException e) {
            // The peer may be gone already: the first read or write says so.
        }
        setProtocol(protocol);
        start(() -> this.protocol.connectionMade(this), readReady, waiter);
    }

    // ---- reading ----

    private void readReady() {
        if (connLost != 0) {
            return;
        }
        if (bufferedProtocol) {
            readIntoProtocolBuffer();
            return;
        }
        ByteBuffer into = loop.readBuffer(MAX_SIZE);
        int n = read(into);
        if (n <= 0) {
            return;
        }
        byte[] data = new byte[n];
        into.flip().get(data);
        try {
            ((Protocol) protocol).dataReceived(data);
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
        }
    }

    private void readIntoProtocolBuffer() {
        BufferedProtocol p = (BufferedProtocol) protocol;
        ByteBuffer into;
        try {
            into = p.getBuffer(-1);
            if (into == null || !into.hasRemaining()) {
                throw new IllegalStateException("getBuffer() returned an empty buffer");
            }
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.getBuffer() call failed.");
            return;
        }
        int n = read(into);
        if (n <= 0) {
            return;
        }
        try {
            p.bufferUpdated(n);
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.bufferUpdated() call failed.");
        }
    }

    /**
     * One read into {@code into}; the end of the stream and an error are dealt with here.
     *
     * @return how many bytes were read, or 0 when there is nothing for the protocol (none yet, the end, an error)
     */
    private int read(ByteBuffer into) {
        int n;
        try {
            n = channel.read(into);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return 0;
        }
        if (n < 0) {
            onEof();
            return 0;
        }
        return n;
    }

    /** Python's {@code _read_ready__on_eof}. */
    private void onEof() {
        boolean keepOpen;
        try {
            keepOpen = protocol instanceof Protocol ? ((Protocol) protocol).eofReceived()
                    : ((BufferedProtocol) protocol).eofReceived();
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (keepOpen) {
            loop.removeReader(channel);   // nothing more to read; the protocol may still write
        } else {
            close();
        }
    }

    @Override
    public boolean isReading() {
        return !paused && !closing;
    }

    @Override
    public void pauseReading() {
        if (!isReading()) {
            return;
        }
        paused = true;
        loop.removeReader(channel);
    }

    @Override
    public void resumeReading() {
        if (closing || !paused) {
            return;
        }
        paused = false;
        loop.watchReading(channel, readReady);
    }

    // ---- writing ----

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(ByteBuffer data) {
        if (data.hasArray()) {
            int from = data.position();
            write(data.array(), data.arrayOffset() + from, data.remaining());
            data.position(data.limit());
            return;
        }
        if (!canWrite(data.remaining())) {
            data.position(data.limit());
            return;
        }
        if (bufferIsEmpty()) {
            try {
                channel.write(data);   // a direct buffer: straight from it
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            loop.watchWriting(channel, writeReady);
        }
        keep(ByteBuffer.allocate(data.remaining()).put(data).flip());
    }

    private void write(byte[] data, int offset, int length) {
        if (!canWrite(length)) {
            return;
        }
        int from = offset;
        int end = offset + length;
        if (bufferIsEmpty()) {
            try {
                from += loop.writeNow(channel, data, offset, length);   // at once: nothing is buffered
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (from == end) {
                return;
            }
            loop.watchWriting(channel, writeReady);
        }
        keep(ByteBuffer.wrap(Arrays.copyOfRange(data, from, end)));
    }

    /** Buffers what the socket did not take (a copy of the transport's own), pausing the protocol above the mark. */
    private void keep(ByteBuffer rest) {
        if (buffer == null) {
            buffer = new ArrayDeque<>(4);
        }
        buffer.add(rest);
        bufferSize += rest.remaining();
        maybePauseProtocol();
    }

    /** @return whether {@code length} bytes are to be sent: not after the end, not nothing, not after the loss */
    private boolean canWrite(int length) {
        if (eof) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (length == 0) {
            return false;
        }
        if (connLost != 0) {
            writeAfterLost();
            return false;
        }
        return true;
    }

    @Override
    public void writeLines(Iterable<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            write(chunk);
        }
    }

    private void writeReady() {
        if (connLost != 0) {
            return;
        }
        try {
            while (!buffer.isEmpty()) {
                ByteBuffer head = buffer.peek();
                bufferSize -= channel.write(head);
                if (head.hasRemaining()) {
                    break;
                }
                buffer.poll();
            }
        } catch (IOException e) {
            loop.removeWriter(channel);
            buffer.clear();
            bufferSize = 0;
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        maybeResumeProtocol();   // may write more, or close or abort
        if (buffer.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                drainedWhileClosing();
            } else if (eof) {
                shutdownOutput();
            }
        }
    }

    @Override
    public void writeEof() {
        if (closing || eof) {
            return;
        }
        eof = true;
        if (bufferIsEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error on socket shutdown");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    boolean bufferIsEmpty() {
        return buffer == null || buffer.isEmpty();
    }

    @Override
    void clearBuffer() {
        if (buffer != null) {
            buffer.clear();
        }
    }

    // ---- the rest ----

    @Override
    public void setProtocol(BaseProtocol protocol) {
        if (!(protocol instanceof Protocol) && !(protocol instanceof BufferedProtocol)) {
            throw new IllegalArgumentException("a stream transport needs a Protocol or a BufferedProtocol, got "
                    + protocol);
        }
        this.protocol = protocol;
        this.bufferedProtocol = protocol instanceof BufferedProtocol;
    }

}
