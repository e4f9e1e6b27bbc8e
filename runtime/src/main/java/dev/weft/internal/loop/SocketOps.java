package dev.weft.internal.loop;

import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.annotations.Async;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
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
        try {
            Await.on(whenReady(loop, channel, false, () -> channel.finishConnect() ? Boolean.TRUE : null));
        } catch (Exception thrown) {   // Await.on of a future declares nothing: its IOException comes as it is
            if (!(thrown instanceof ConnectException)) {
                throw thrown;
            }
            ConnectException e = (ConnectException) thrown;
            // CPython's _sock_connect_cb raises OSError(err, f'Connect call failed {address}'): the message says
            // which address refused (the JDK's says only "Connection refused"). An immediate failure, above,
            // stays as it is, as in CPython.
            ConnectException named = new ConnectException("Connect call failed " + pyAddress(target));
            named.initCause(e);
            throw named;
        }
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

    /**
     * @return how Python prints the socket address: {@code ('127.0.0.1', 8080)}, {@code ('::1', 8080, 0, 0)}, or
     *     a Unix socket's path in quotes
     */
    static String pyAddress(SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            InetSocketAddress a = (InetSocketAddress) address;
            if (a.getAddress() instanceof Inet6Address) {
                Inet6Address v6 = (Inet6Address) a.getAddress();
                String host = v6.getHostAddress();
                int percent = host.indexOf('%');
                return "('" + compress(percent < 0 ? host : host.substring(0, percent)) + "', " + a.getPort()
                        + ", 0, " + v6.getScopeId() + ")";
            }
            String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            return "('" + host + "', " + a.getPort() + ")";
        }
        if (address instanceof UnixDomainSocketAddress) {
            return "'" + ((UnixDomainSocketAddress) address).getPath() + "'";
        }
        return String.valueOf(address);
    }

    /** An IPv6 address as Python writes it: the longest run of zero groups as {@code ::}. */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }

    /** @return the bytes read into {@code buffer}, {@code got} of them; none at end of stream */
    private static byte[] bytes(ByteBuffer buffer, int got) {
        return got <= 0 ? new byte[0] : Arrays.copyOf(buffer.array(), buffer.position());
    }
}
