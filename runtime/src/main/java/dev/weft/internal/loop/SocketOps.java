package dev.weft.internal.loop;

import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.annotations.Async;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The loop's socket operations: Python's {@code sock_recv}, {@code sock_recv_into}, {@code sock_sendall},
 * {@code sock_connect} and {@code sock_accept} of {@code selector_events.py}. Each tries the operation at once
 * and, only if the socket is not ready, waits on a future that the channel's reader or writer completes; the
 * future's done callback takes the reader or writer away again (only its own: one set meanwhile by someone else
 * stays). Errors are the channel's own {@code IOException}s, thrown as they are.
 */
final class SocketOps {

    private SocketOps() {
    }

    @Async
    static Coroutine<byte[]> recv(BaseEventLoop loop, SocketChannel channel, int n) throws IOException {
        requireNonBlocking(channel);
        if (n < 0) {
            throw new IllegalArgumentException("sockRecv: negative size " + n);
        }
        ByteBuffer buffer = ByteBuffer.allocate(n);
        int got = channel.read(buffer);
        if (got != 0 || n == 0) {
            return Coroutine.of(bytes(buffer, got));
        }
        Future<byte[]> fut = loop.createFuture();
        IoCallback reader = loop.watchReading(channel, () -> {
            if (fut.isDone()) {
                return;
            }
            try {
                int k = channel.read(buffer);
                if (k != 0) {
                    fut.setResult(bytes(buffer, k));
                }
            } catch (IOException e) {
                fut.setException(e);
            }
        });
        fut.addDoneCallback(f -> readDone(loop, channel, reader));
        byte[] data = Await.on(fut);
        return Coroutine.of(data);
    }

    @Async
    static Coroutine<Integer> recvInto(BaseEventLoop loop, SocketChannel channel, ByteBuffer buffer) throws IOException {
        requireNonBlocking(channel);
        int got = channel.read(buffer);
        if (got != 0 || !buffer.hasRemaining()) {
            return Coroutine.of(Math.max(got, 0));
        }
        Future<Integer> fut = loop.createFuture();
        IoCallback reader = loop.watchReading(channel, () -> {
            if (fut.isDone()) {
                return;
            }
            try {
                int k = channel.read(buffer);
                if (k != 0) {
                    fut.setResult(Math.max(k, 0));
                }
            } catch (IOException e) {
                fut.setException(e);
            }
        });
        fut.addDoneCallback(f -> readDone(loop, channel, reader));
        int count = Await.on(fut);
        return Coroutine.of(count);
    }

    @Async
    static Coroutine<Void> sendall(BaseEventLoop loop, SocketChannel channel, ByteBuffer data) throws IOException {
        requireNonBlocking(channel);
        channel.write(data);
        if (!data.hasRemaining()) {
            return Coroutine.done();
        }
        Future<Void> fut = loop.createFuture();
        IoCallback writer = loop.watchWriting(channel, () -> {
            if (fut.isDone()) {
                return;
            }
            try {
                channel.write(data);
                if (!data.hasRemaining()) {
                    fut.setResult(null);
                }
            } catch (IOException e) {
                fut.setException(e);
            }
        });
        fut.addDoneCallback(f -> writeDone(loop, channel, writer));
        Await.on(fut);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> connect(BaseEventLoop loop, SocketChannel channel, SocketAddress address) throws IOException {
        requireNonBlocking(channel);
        SocketAddress target = address;
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved()) {
            InetSocketAddress unresolved = (InetSocketAddress) address;
            // A name lookup blocks: it runs on the default executor, as Python's getaddrinfo does.
            target = Await.on(loop.runInExecutor(null, () -> new InetSocketAddress(
                    InetAddress.getByName(unresolved.getHostString()), unresolved.getPort())));
        }
        if (channel.connect(target)) {
            return Coroutine.done();
        }
        Future<Void> fut = loop.createFuture();
        IoCallback writer = loop.watchWriting(channel, () -> {
            if (fut.isDone()) {
                return;
            }
            try {
                if (channel.finishConnect()) {
                    fut.setResult(null);
                }
            } catch (IOException e) {
                fut.setException(e);
            }
        });
        fut.addDoneCallback(f -> writeDone(loop, channel, writer));
        Await.on(fut);
        return Coroutine.done();
    }

    @Async
    static Coroutine<SocketChannel> accept(BaseEventLoop loop, ServerSocketChannel channel) throws IOException {
        requireNonBlocking(channel);
        SocketChannel conn = channel.accept();
        if (conn != null) {
            conn.configureBlocking(false);
            return Coroutine.of(conn);
        }
        Future<SocketChannel> fut = loop.createFuture();
        IoCallback reader = loop.watchReading(channel, () -> {
            if (fut.isDone()) {
                return;
            }
            try {
                SocketChannel c = channel.accept();
                if (c != null) {
                    c.configureBlocking(false);
                    fut.setResult(c);
                }
            } catch (IOException e) {
                fut.setException(e);
            }
        });
        fut.addDoneCallback(f -> readDone(loop, channel, reader));
        SocketChannel accepted = Await.on(fut);
        return Coroutine.of(accepted);
    }

    /** Python's {@code _sock_read_done}: takes the reader away, unless another replaced it meanwhile. */
    private static void readDone(BaseEventLoop loop, SelectableChannel channel, IoCallback reader) {
        if (!reader.isCancelled()) {
            loop.removeReader(channel);
        }
    }

    /** Python's {@code _sock_write_done}. */
    private static void writeDone(BaseEventLoop loop, SelectableChannel channel, IoCallback writer) {
        if (!writer.isCancelled()) {
            loop.removeWriter(channel);
        }
    }

    /** @return the bytes read into {@code buffer}, {@code got} of them; none at end of stream */
    private static byte[] bytes(ByteBuffer buffer, int got) {
        return got <= 0 ? new byte[0] : Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static void requireNonBlocking(SelectableChannel channel) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the channel must be non-blocking (configureBlocking(false)): "
                    + channel);
        }
    }
}
