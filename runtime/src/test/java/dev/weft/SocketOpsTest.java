package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channels on the loop: readers and writers (Python's {@code add_reader} and {@code add_writer}) and the
 * {@code sock_*} operations, on real sockets over 127.0.0.1 and the real clock.
 */
@Timeout(60)
class SocketOpsTest {

    /** Two connected non-blocking channels over 127.0.0.1: Python's {@code socket.socketpair()}. */
    private static SocketChannel[] socketPair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel a = SocketChannel.open(server.getLocalAddress());
            SocketChannel b = server.accept();
            a.configureBlocking(false);
            b.configureBlocking(false);
            return new SocketChannel[] {a, b};
        }
    }

    private static String recvNow(SocketChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(100);
            int n = ch.read(buf);
            return new String(buf.array(), 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void send(SocketChannel ch, String s) {
        try {
            ch.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /*
     * The same program in Python 3.11 (a, b = socket.socketpair(), both non-blocking) prints the trace below:
     *
     *   loop.add_reader(a, reader)            # reader: log recv; on b"two" remove itself, twice
     *   b.send(b"one"); loop.call_soon(log "soon 1"); loop.call_later(0, log "later 0"); await sleep(0.05)
     *   b.send(b"two"); loop.call_soon(log "soon 2"); await sleep(0.05)
     *   b.send(b"three"); await sleep(0.05); log "left", a.recv(100)
     *   loop.add_reader(a, log "first"); loop.add_reader(a, log "second", a.recv(10), remove_reader(a))
     *   b.send(b"x"); await sleep(0.05)
     *   loop.add_writer(b, log "writable", remove_writer(b)); loop.call_soon(log "soon 3"); await sleep(0.05)
     *
     * A pass runs the callbacks ready before it, then the channels' callbacks, then the timers due.
     */
    @Async
    static Coroutine<List<String>> ioOrder() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        SocketChannel[] pair = socketPair();
        SocketChannel a = pair[0];
        SocketChannel b = pair[1];
        List<String> log = new ArrayList<>();
        loop.addReader(a, () -> {
            String data = recvNow(a);
            log.add("reader " + data);
            if (data.equals("two")) {
                log.add("remove " + loop.removeReader(a));
                log.add("remove again " + loop.removeReader(a));
            }
        });
        send(b, "one");
        loop.callSoon(() -> log.add("soon 1"));
        loop.callLater(0, () -> log.add("later 0"));
        Await.on(Asyncio.sleep(0.05));
        send(b, "two");
        loop.callSoon(() -> log.add("soon 2"));
        Await.on(Asyncio.sleep(0.05));
        send(b, "three");
        Await.on(Asyncio.sleep(0.05));
        log.add("left " + recvNow(a));
        loop.addReader(a, () -> log.add("first"));
        loop.addReader(a, () -> {
            log.add("second " + recvNow(a));
            loop.removeReader(a);
        });
        send(b, "x");
        Await.on(Asyncio.sleep(0.05));
        loop.addWriter(b, () -> {
            log.add("writable");
            loop.removeWriter(b);
        });
        loop.callSoon(() -> log.add("soon 3"));
        Await.on(Asyncio.sleep(0.05));
        a.close();
        b.close();
        return Coroutine.of(log);
    }

    @Test
    void readersWritersAndCallbacksRunInPythonsOrder() throws IOException {
        assertEquals(List.of("soon 1", "reader one", "later 0", "soon 2", "reader two", "remove true",
                "remove again false", "left three", "second x", "soon 3", "writable"), Asyncio.run(ioOrder()));
    }

    @Async
    static Coroutine<Void> echoServer(EventLoop loop, ServerSocketChannel server) throws IOException {
        SocketChannel conn = Await.on(loop.sockAccept(server));
        while (true) {
            byte[] data = Await.on(loop.sockRecv(conn, 65536));
            if (data.length == 0) {
                break;
            }
            Await.on(loop.sockSendall(conn, data));
        }
        conn.close();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> sendAll(EventLoop loop, SocketChannel ch, byte[] payload) throws IOException {
        Await.on(loop.sockSendall(ch, payload));
        ch.shutdownOutput();
        return Coroutine.done();
    }

    @Async
    static Coroutine<byte[]> receiveAll(EventLoop loop, SocketChannel ch, int size) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(size + 1);
        while (true) {
            int n = Await.on(loop.sockRecvInto(ch, into));
            if (n == 0) {
                break;
            }
        }
        return Coroutine.of(Arrays.copyOf(into.array(), into.position()));
    }

    @Async
    static Coroutine<byte[]> echo(byte[] payload) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.configureBlocking(false);
        Task<Void> serving = Asyncio.createTask(echoServer(loop, server));
        SocketChannel client = SocketChannel.open();
        client.configureBlocking(false);
        Await.on(loop.sockConnect(client, server.getLocalAddress()));
        Task<Void> writing = Asyncio.createTask(sendAll(loop, client, payload));
        byte[] back = Await.on(receiveAll(loop, client, payload.length));
        Await.on(writing);
        Await.on(serving);
        client.close();
        server.close();
        return Coroutine.of(back);
    }

    /** Four MiB each way: more than the sockets' buffers hold, so sendall waits for room again and again. */
    @Test
    void fourMebibytesEchoedByteForByte() throws IOException {
        byte[] payload = new byte[4 << 20];
        new Random(42).nextBytes(payload);
        assertArrayEquals(payload, Asyncio.run(echo(payload)));
    }

    @Async
    static Coroutine<String> connectToClosedPort() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        InetSocketAddress closed;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closed = (InetSocketAddress) s.getLocalAddress();
        }
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        try {
            Await.on(loop.sockConnect(ch, closed));
            return Coroutine.of("connected");
        } catch (ConnectException e) {
            return Coroutine.of("refused, writer removed: " + !loop.removeWriter(ch));
        } finally {
            ch.close();
        }
    }

    @Test
    void connectingToAClosedPortThrowsConnectException() throws IOException {
        assertEquals("refused, writer removed: true", Asyncio.run(connectToClosedPort()));
    }

    @Async
    static Coroutine<String> connectByName() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            Await.on(loop.sockConnect(ch, InetSocketAddress.createUnresolved("localhost", port)));
            SocketChannel accepted = Await.on(loop.sockAccept(server));
            boolean same = accepted.getRemoteAddress().equals(ch.getLocalAddress());
            accepted.close();
            ch.close();
            return Coroutine.of("connected " + same);
        }
    }

    @Test
    void anUnresolvedNameIsLookedUpOffTheLoop() throws IOException {
        assertEquals("connected true", Asyncio.run(connectByName()));
    }

    @Async
    static Coroutine<List<String>> cancelARecv() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        SocketChannel[] pair = socketPair();
        List<String> log = new ArrayList<>();
        Task<byte[]> t = Asyncio.createTask(loop.sockRecv(pair[0], 10));
        Await.on(Asyncio.sleep(0));
        log.add("waiting " + !t.isDone());
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("cancelled");
        }
        log.add("reader left " + loop.removeReader(pair[0]));
        send(pair[1], "kept");
        Await.on(Asyncio.sleep(0.05));
        log.add("still there " + recvNow(pair[0]));
        pair[0].close();
        pair[1].close();
        return Coroutine.of(log);
    }

    @Test
    void aCancelledRecvTakesItsReaderAwayAndReadsNothing() throws IOException {
        assertEquals(List.of("waiting true", "cancelled", "reader left false", "still there kept"),
                Asyncio.run(cancelARecv()));
    }

    @Async
    static Coroutine<List<String>> endOfStream() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        SocketChannel[] pair = socketPair();
        List<String> log = new ArrayList<>();
        log.add("zero " + Await.on(loop.sockRecv(pair[0], 0)).length);
        Task<byte[]> waiting = Asyncio.createTask(loop.sockRecv(pair[0], 10));
        Await.on(Asyncio.sleep(0));
        pair[1].close();
        log.add("eof " + Await.on(waiting).length);
        log.add("eof again " + Await.on(loop.sockRecvInto(pair[0], ByteBuffer.allocate(10))));
        pair[0].close();
        return Coroutine.of(log);
    }

    @Test
    void endOfStreamGivesNothing() throws IOException {
        assertEquals(List.of("zero 0", "eof 0", "eof again 0"), Asyncio.run(endOfStream()));
    }

    @Async
    static Coroutine<String> recvOnABlockingChannel(SocketChannel blocking) throws IOException {
        try {
            Await.on(Asyncio.getRunningLoop().sockRecv(blocking, 1));
            return Coroutine.of("read");
        } catch (IllegalArgumentException e) {
            return Coroutine.of(e.getMessage().substring(0, e.getMessage().indexOf(':')));
        }
    }

    @Test
    void blockingChannelsAreRefusedWithAClearError() throws IOException {
        SocketChannel[] pair = socketPair();
        pair[0].configureBlocking(true);
        EventLoop loop = Asyncio.newEventLoop();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.addReader(pair[0], () -> { }));
            assertTrue(e.getMessage().startsWith("the channel must be non-blocking (configureBlocking(false))"),
                    e.getMessage());
            assertFalse(loop.removeReader(pair[0]));
        } finally {
            loop.close();
        }
        assertEquals("the channel must be non-blocking (configureBlocking(false))",
                Asyncio.run(recvOnABlockingChannel(pair[0])));
        pair[0].close();
        pair[1].close();
    }
}
