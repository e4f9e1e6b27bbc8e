package dev.weft.internal.loop;

import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.annotations.Async;

import java.io.IOException;
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
        BaseEventLoop.requireNonBlocking(channel);
        if (n < 0) {
            throw new IllegalArgumentException("sockRecv: negative size " + n);
        }
        ByteBuffer buffer = ByteBuffer.allocate(n);
        int got = channel.read(buffer);
        if (got != 0 || n == 0) {
            return Coroutine.of(bytes(buffer, got));
        }
        byte[] data = Await.on(whenReady(loop, channel, true, () -> {
            int k = channel.read(buffer);
            return k == 0 ? null : bytes(buffer, k);
        }));
        return Coroutine.of(data);
    }

    @Async
    static Coroutine<Integer> recvInto(BaseEventLoop loop, SocketChannel channel, ByteBuffer buffer) throws IOException {
        BaseEventLoop.requireNonBlocking(channel);
        int got = channel.read(buffer);
        if (got != 0 || !buffer.hasRemaining()) {
            return Coroutine.of(Math.max(got, 0));
        }
        int count = Await.on(whenReady(loop, channel, true, () -> {
            int k = channel.read(buffer);
            return k == 0 ? null : Math.max(k, 0);
        }));
        return Coroutine.of(count);
    }

    @Async
    static Coroutine<Void> sendall(BaseEventLoop loop, SocketChannel channel, ByteBuffer data) throws IOException {
        BaseEventLoop.requireNonBlocking(channel);
        channel.write(data);
        if (!data.hasRemaining()) {
            return Coroutine.done();
        }
        Await.on(whenReady(loop, channel, false, () -> {
            channel.write(data);
            return data.hasRemaining() ? null : Boolean.TRUE;
        }));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> connect(BaseEventLoop loop, SocketChannel channel, SocketAddress address) throws IOException {
        BaseEventLoop.requireNonBlocking(channel);
        SocketAddress target = Await.on(Connections.resolved(loop, address));   // a name: looked up off the loop
        if (channel.connect(target)) {
            return Coroutine.done();
        }
        Await.on(whenReady(loop, channel, false, () -> channel.finishConnect() ? Boolean.TRUE : null));
        return Coroutine.done();
    }

    @Async
    static Coroutine<SocketChannel> accept(BaseEventLoop loop, ServerSocketChannel channel) throws IOException {
        BaseEventLoop.requireNonBlocking(channel);
        SocketChannel conn = channel.accept();
        if (conn != null) {
            conn.configureBlocking(false);
            return Coroutine.of(conn);
        }
        SocketChannel accepted = Await.on(whenReady(loop, channel, true, () -> {
            SocketChannel c = channel.accept();
            if (c != null) {
                c.configureBlocking(false);
            }
            return c;
        }));
        return Coroutine.of(accepted);
    }

    /** One try of an operation: its result, or {@code null} while the channel is not ready for it. */
    @FunctionalInterface
    private interface Attempt<T> {
        T tryNow() throws IOException;
    }

    /**
     * A future for {@code attempt}, tried each time the channel is readable (or writable) until it gives a result
     * or throws. Once the future is done, by the attempt or by a cancellation, the reader (or writer) goes, unless
     * another replaced it meanwhile: Python's {@code _sock_read_done} and {@code _sock_write_done}.
     */
    private static <T> Future<T> whenReady(BaseEventLoop loop, SelectableChannel channel, boolean reading,
                                           Attempt<T> attempt) {
        Future<T> fut = loop.createFuture();
        Runnable onReady = () -> {
            if (fut.isDone()) {
                return;
            }
            try {
                T result = attempt.tryNow();
                if (result != null) {
                    fut.setResult(result);
                }
            } catch (IOException e) {
                fut.setException(e);
            }
        };
        IoCallback watcher = reading ? loop.watchReading(channel, onReady) : loop.watchWriting(channel, onReady);
        fut.addDoneCallback(f -> {
            if (!watcher.isCancelled()) {
                if (reading) {
                    loop.removeReader(channel);
                } else {
                    loop.removeWriter(channel);
                }
            }
        });
        return fut;
    }

    /** @return the bytes read into {@code buffer}, {@code got} of them; none at end of stream */
    private static byte[] bytes(ByteBuffer buffer, int got) {
        return got <= 0 ? new byte[0] : Arrays.copyOf(buffer.array(), buffer.position());
    }
}
