package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Ascii.b;
import static dev.weft.Ascii.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Transports and protocols on the loop: {@code createConnection}, {@code createServer}, flow control and closing,
 * against CPython 3.11's traces, on 127.0.0.1 and the real clock.
 */
@Timeout(60)
class TransportTest {

    // ---- a conversation: each side's events in Python's order ----

    static final class Echo implements Protocol {
        final List<String> log;
        Transport t;

        Echo(List<String> log) {
            this.log = log;
        }

        @Override
        public void connectionMade(Transport transport) {
            t = transport;
            log.add("server made");
        }

        @Override
        public void dataReceived(byte[] data) {
            log.add("server data " + s(data));
            t.write(b(s(data).toUpperCase()));
        }

        @Override
        public boolean eofReceived() {
            log.add("server eof");
            t.write(b("bye"));
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            log.add("server lost " + exc);
        }
    }

    static final class Client implements Protocol {
        final List<String> log;
        final Future<Void> done;
        Transport t;

        Client(List<String> log, Future<Void> done) {
            this.log = log;
            this.done = done;
        }

        @Override
        public void connectionMade(Transport transport) {
            log.add("client made");
            transport.write(b("hello"));
            t = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            log.add("client data " + s(data));
            if (s(data).equals("HELLO")) {
                t.writeEof();
            }
        }

        @Override
        public boolean eofReceived() {
            log.add("client eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            log.add("client lost " + exc);
            done.setResult(null);
        }
    }

    /*
     * Python 3.11 (Echo and Client as above, asyncio.Protocol):
     *   server = await loop.create_server(Echo, "127.0.0.1", 0); log "serving", server.is_serving()
     *   t, p = await loop.create_connection(lambda: Client(done), "127.0.0.1", port); log "connected", t.is_closing()
     *   await done; log "client closing", t.is_closing(); server.close(); log "serving", server.is_serving()
     *   await server.wait_closed()
     * prints, per side (the two sides interleave as the kernel delivers):
     *   serving True | server made, server data b'hello', server eof, server lost None
     *   client made, connected False, client data b'HELLO', client data b'bye', client eof, client lost None,
     *   client closing True | serving False
     */
    @Async
    static Coroutine<List<List<String>>> conversation() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> serverLog = new ArrayList<>();
        List<String> clientLog = new ArrayList<>();
        List<String> main = new ArrayList<>();
        Server server = Await.on(loop.createServer(() -> new Echo(serverLog), "127.0.0.1", 0));
        main.add("serving " + server.isServing());
        Future<Void> done = loop.createFuture();
        Endpoint<Transport, Client> ep = Await.on(loop.createConnection(() -> new Client(clientLog, done),
                "127.0.0.1", server.port()));
        clientLog.add("connected " + ep.transport().isClosing());
        Await.on(done);
        clientLog.add("client closing " + ep.transport().isClosing());
        server.close();
        main.add("serving " + server.isServing());
        Await.on(server.waitClosed());
        return Coroutine.of(List.of(main, serverLog, clientLog));
    }

    @Test
    void aConversationRunsEachSidesEventsInPythonsOrder() throws IOException {
        List<List<String>> logs = Asyncio.run(conversation());
        assertEquals(List.of("serving true", "serving false"), logs.get(0));
        assertEquals(List.of("server made", "server data hello", "server eof", "server lost null"), logs.get(1));
        assertEquals(List.of("client made", "connected false", "client data HELLO", "client data bye", "client eof",
                "client lost null", "client closing true"), logs.get(2));
    }

    // ---- flow control ----

    /** Shrinks the socket's send buffer to 4 KiB and writes 4 MiB: most of it waits in the transport's buffer. */
    static void writeMoreThanTheSocketTakes(Transport transport) {
        try {
            ((SocketChannel) transport.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_SNDBUF, 4096);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        transport.write(new byte[4 << 20]);
    }

    static final class Sender implements Protocol {
        final List<String> log;
        Transport t;

        Sender(List<String> log) {
            this.log = log;
        }

        @Override
        public void connectionMade(Transport transport) {
            t = transport;
            writeMoreThanTheSocketTakes(transport);
            int[] limits = transport.getWriteBufferLimits();
            log.add("after write: buffered>high " + (transport.getWriteBufferSize() > 65536) + ", limits ("
                    + limits[0] + ", " + limits[1] + ")");
            transport.close();
            log.add("closing " + transport.isClosing());
        }

        @Override
        public void pauseWriting() {
            log.add("pause_writing");
        }

        @Override
        public void resumeWriting() {
            log.add("resume_writing buffered<=low " + (t.getWriteBufferSize() <= 16384));
        }

        @Override
        public void connectionLost(Throwable exc) {
            log.add("sender lost " + exc);
        }
    }

    static final class Reader implements Protocol {
        final List<String> log;
        final Future<Integer> done;
        int n;

        Reader(List<String> log, Future<Integer> done) {
            this.log = log;
            this.done = done;
        }

        @Override
        public void connectionMade(Transport transport) {
            transport.pauseReading();
            log.add("reader paused " + !transport.isReading());
        }

        @Override
        public void dataReceived(byte[] data) {
            n += data.length;
        }

        @Override
        public boolean eofReceived() {
            log.add("reader eof " + n);
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            log.add("reader lost " + exc);
            done.setResult(n);
        }
    }

    /*
     * Python 3.11: the server's protocol sets SO_SNDBUF to 4096, writes 4 MiB and closes; the client pauses reading
     * in connection_made, resumes it 0.1 s later. Per side (the sides interleave as the kernel delivers):
     *   sender: pause_writing / after write: buffered>high True, limits (16384, 65536) / closing True /
     *           resume_writing buffered<=low True / sender lost None
     *   reader: reader paused True / resume reading / reader eof 4194304 / reader lost None
     */
    @Async
    static Coroutine<List<List<String>>> flowControl() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> senderLog = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Server server = Await.on(loop.createServer(() -> new Sender(senderLog), "127.0.0.1", 0));
        Future<Integer> done = loop.createFuture();
        Endpoint<Transport, Reader> ep = Await.on(loop.createConnection(() -> new Reader(log, done),
                "127.0.0.1", server.port()));
        Await.on(Asyncio.sleep(0.1));
        log.add("resume reading");
        ep.transport().resumeReading();
        Await.on(done);
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(List.of(senderLog, log));
    }

    @Test
    void aFullBufferPausesTheWriterAndADrainedOneResumesIt() throws IOException {
        List<List<String>> logs = Asyncio.run(flowControl());
        assertEquals(List.of("pause_writing", "after write: buffered>high true, limits (16384, 65536)",
                "closing true", "resume_writing buffered<=low true", "sender lost null"), logs.get(0));
        assertEquals(List.of("reader paused true", "resume reading", "reader eof 4194304", "reader lost null"),
                logs.get(1));
    }

    // ---- a buffered protocol ----

    static final class Collect implements BufferedProtocol {
        final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        final Future<String> done;

        Collect(Future<String> done) {
            this.done = done;
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return buf;
        }

        @Override
        public void bufferUpdated(int nbytes) {
        }

        @Override
        public void connectionLost(Throwable exc) {
            done.setResult(new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII));
        }
    }

    @Async
    static Coroutine<String> bufferedRead() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<String> got = loop.createFuture();
        Server server = Await.on(loop.createServer(() -> new Collect(got), "127.0.0.1", 0));
        Endpoint<Transport, Protocol> ep = Await.on(loop.createConnection(() -> new Protocol() { },
                "127.0.0.1", server.port()));
        List<byte[]> parts = List.of(b("one "), b("two "), b("three"));
        ep.transport().writeLines(parts);
        ep.transport().close();
        String received = Await.on(got);
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(received);
    }

    @Test
    void aBufferedProtocolIsReadIntoItsOwnBuffer() throws IOException {
        assertEquals("one two three", Asyncio.run(bufferedRead()));
    }

    // ---- writing from a ByteBuffer ----

    /** Writes 4 MiB of a pattern from a buffer of the given kind, then spoils the buffer: the transport kept none of it. */
    static final class BufferSender implements Protocol {
        final boolean direct;
        final List<String> log;

        BufferSender(boolean direct, List<String> log) {
            this.direct = direct;
            this.log = log;
        }

        @Override
        public void connectionMade(Transport transport) {
            try {
                ((SocketChannel) transport.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_SNDBUF, 4096);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            int n = 4 << 20;
            // A heap buffer that is a slice of a bigger array: the transport must honour its array offset.
            ByteBuffer data = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n + 7).position(7).slice();
            for (int i = 0; i < n; i++) {
                data.put(i, (byte) (i * 31 + 7));
            }
            transport.write(data.duplicate().limit(16));      // what the socket takes at once, straight from it
            transport.write(data.position(16));               // the rest: more than the socket takes, so buffered
            log.add("position at limit " + (data.position() == data.limit())
                    + ", buffered " + (transport.getWriteBufferSize() > 0));
            for (int i = 0; i < n; i++) {
                data.put(i, (byte) 0);
            }
            transport.close();
        }
    }

    static final class Check implements Protocol {
        final Future<String> done;
        long n;
        long wrong;

        Check(Future<String> done) {
            this.done = done;
        }

        @Override
        public void dataReceived(byte[] data) {
            for (byte b : data) {
                if (b != (byte) (n * 31 + 7)) {
                    wrong++;
                }
                n++;
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            done.setResult(n + " bytes, " + wrong + " wrong");
        }
    }

    @Async
    static Coroutine<List<String>> writeFromBuffer(boolean direct) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        Server server = Await.on(loop.createServer(() -> new BufferSender(direct, log), "127.0.0.1", 0));
        Future<String> got = loop.createFuture();
        Await.on(loop.createConnection(() -> new Check(got), "127.0.0.1", server.port()));
        log.add(Await.on(got));
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(log);
    }

    @Test
    void aByteBufferIsSentFromItsPositionToItsLimitAndWhatIsBufferedIsACopy() throws IOException {
        for (boolean direct : new boolean[] {false, true}) {
            assertEquals(List.of("position at limit true, buffered true", "4194304 bytes, 0 wrong"),
                    Asyncio.run(writeFromBuffer(direct)), direct ? "direct" : "heap");
        }
    }

    // ---- failures ----

    @Async
    static Coroutine<String> refused() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        int port;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        try {
            Await.on(loop.createConnection(() -> new Protocol() { }, "127.0.0.1", port));
            return Coroutine.of("connected");
        } catch (ConnectException e) {
            return Coroutine.of("refused");
        }
    }

    @Test
    void aClosedPortRefusesWithConnectException() throws IOException {
        assertEquals("refused", Asyncio.run(refused()));
    }

    static final class Failing implements Protocol {
        @Override
        public void dataReceived(byte[] data) {
            throw new IllegalStateException("protocol bug on " + s(data));
        }
    }

    static final class Lost implements Protocol {
        final Future<String> lost;

        Lost(Future<String> lost) {
            this.lost = lost;
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost.setResult(String.valueOf(exc));
        }
    }

    /** A protocol that throws: the loop's handler hears of it, that connection closes, the server goes on. */
    @Async
    static Coroutine<List<String>> failingProtocol() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> log.add(ctx.get("message") + ": " + ctx.get("exception")));
        Server server = Await.on(loop.createServer(Failing::new, "127.0.0.1", 0));
        Future<String> lost = loop.createFuture();
        Endpoint<Transport, Lost> bad = Await.on(loop.createConnection(() -> new Lost(lost), "127.0.0.1",
                server.port()));
        bad.transport().write(b("x"));
        log.add("client lost " + Await.on(lost));
        Future<String> lost2 = loop.createFuture();
        Endpoint<Transport, Lost> next = Await.on(loop.createConnection(() -> new Lost(lost2), "127.0.0.1",
                server.port()));
        log.add("next connected " + !next.transport().isClosing());
        next.transport().close();
        log.add("next lost " + Await.on(lost2));
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(log);
    }

    @Test
    void aFailingProtocolClosesOnlyItsConnection() throws IOException {
        assertEquals(List.of("Fatal error: protocol.dataReceived() call failed.: "
                        + "java.lang.IllegalStateException: protocol bug on x",
                "client lost null", "next connected true", "next lost null"), Asyncio.run(failingProtocol()));
    }

    // ---- servers ----

    /*
     * Python 3.11: create_server(..., start_serving=False); serve_forever() in a task; a connection; wait_closed()
     * in a task, started; the serve_forever task cancelled, then awaited; the connection closed:
     *   serving False, sockets 1 / serving True / serveForever cancelled; serving False, sockets 0 /
     *   waitClosed done False / waitClosed done after the last connection True / waitClosed after close returns at once
     */
    @Async
    static Coroutine<List<String>> serverLifecycle() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        Server server = Await.on(loop.createServer(() -> new Protocol() { }, "127.0.0.1", 0,
                ServerOptions.defaults().withStartServing(false)));
        log.add("serving " + server.isServing() + ", sockets " + server.sockets().size());
        Task<Void> forever = Asyncio.createTask(server.serveForever());
        Await.on(Asyncio.sleep(0));
        log.add("serving " + server.isServing());
        Future<String> lost = loop.createFuture();
        Endpoint<Transport, Lost> ep = Await.on(loop.createConnection(() -> new Lost(lost), "127.0.0.1",
                server.port()));
        Task<Void> closing = Asyncio.createTask(server.waitClosed());
        Await.on(Asyncio.sleep(0));
        forever.cancel();
        try {
            Await.on(forever);
        } catch (CancelledError e) {
            log.add("serveForever cancelled; serving " + server.isServing() + ", sockets " + server.sockets().size());
        }
        log.add("waitClosed done " + closing.isDone());
        ep.transport().close();
        Await.on(lost);
        Await.on(closing);
        log.add("waitClosed done after the last connection " + closing.isDone());
        Await.on(server.waitClosed());
        log.add("waitClosed after close returns at once");
        return Coroutine.of(log);
    }

    @Test
    void serveForeverStopsOnCancelAndWaitClosedWaitsForConnections() throws IOException {
        assertEquals(List.of("serving false, sockets 1", "serving true",
                "serveForever cancelled; serving false, sockets 0", "waitClosed done false",
                "waitClosed done after the last connection true", "waitClosed after close returns at once"),
                Asyncio.run(serverLifecycle()));
    }

    // ---- a write after the connection ended ----

    /** Writes 4 MiB through a small socket buffer and closes; once its connection is lost, writes again. */
    static final class LateWriter implements Protocol {
        final List<String> log;
        Transport t;

        LateWriter(List<String> log) {
            this.log = log;
        }

        @Override
        public void connectionMade(Transport transport) {
            t = transport;
            writeMoreThanTheSocketTakes(transport);
            transport.close();
            log.add("closed with data buffered " + (transport.getWriteBufferSize() > 0));
        }

        @Override
        public void connectionLost(Throwable exc) {
            log.add("lost " + exc);
            t.write(b("late"));
            log.add("late write, buffered " + t.getWriteBufferSize());
            Asyncio.getRunningLoop().callSoon(() -> {   // the socket is closed by now
                t.write(b("later"));
                log.add("later write, buffered " + t.getWriteBufferSize());
            });
        }
    }

    /*
     * A transport closed with data still buffered ends once that data is sent; a write after that is dropped (as
     * after any lost connection), and neither calls connectionLost again nor leaves the server counting a
     * connection twice (its waitClosed would never return).
     */
    @Async
    static Coroutine<List<String>> writeAfterFlushedClose() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        Server server = Await.on(loop.createServer(() -> new LateWriter(log), "127.0.0.1", 0));
        Future<Integer> done = loop.createFuture();
        Await.on(loop.createConnection(() -> new Protocol() {
            int n;

            @Override
            public void dataReceived(byte[] data) {
                n += data.length;
            }

            @Override
            public void connectionLost(Throwable exc) {
                done.setResult(n);
            }
        }, "127.0.0.1", server.port()));
        log.add("client read " + Await.on(done));
        Await.on(Asyncio.sleep(0.05));   // the late write, and anything it would cause
        server.close();
        Await.on(Asyncio.waitFor(server.waitClosed(), 5));
        log.add("server closed");
        return Coroutine.of(log);
    }

    @Test
    void aWriteAfterAFlushedCloseIsDroppedAndEndsNothingTwice() throws IOException {
        assertEquals(List.of("closed with data buffered true", "lost null", "late write, buffered 0",
                "later write, buffered 0",
                "client read 4194304", "server closed"), Asyncio.run(writeAfterFlushedClose()));
    }
}
