package dev.weft;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.weft.Ascii.b;
import static dev.weft.Ascii.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Streams over real connections on 127.0.0.1: {@code Asyncio.openConnection} and {@code startServer}, with
 * {@code drain}, end of stream, errors, and many clients at once.
 */
@Timeout(120)
class StreamsTest {

    /** Echoes lines in upper case until the end of the stream, then closes. */
    @Async
    static Coroutine<Void> upperEcho(StreamReader reader, StreamWriter writer, List<String> log) {
        // A connection handler is a BiFunction: its I/O errors are its own to handle.
        try {
            while (true) {
                byte[] line = Await.on(reader.readline());
                if (line.length == 0) {
                    log.add("server eof " + reader.isAtEof());
                    break;
                }
                log.add("server got " + s(line).trim());
                writer.write(b(s(line).toUpperCase()));
                Await.on(writer.drain());
            }
            writer.close();
            Await.on(writer.waitClosed());
            log.add("server closed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Coroutine.done();
    }

    /*
     * Python 3.11, the same program (start_server with the handler above, open_connection, three lines written
     * and read back, write_eof, read() to the end, close, wait_closed) logs, per side:
     *   server got one / server got two / server got three / server eof True / server closed
     *   client ONE / client TWO / client THREE / client rest b'' / client closing True
     */
    @Async
    static Coroutine<List<List<String>>> lines() throws IOException {
        List<String> serverLog = new ArrayList<>();
        List<String> clientLog = new ArrayList<>();
        Server server = Await.on(Asyncio.startServer((r, w) -> upperEcho(r, w, serverLog), "127.0.0.1", 0));
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
        for (String word : List.of("one", "two", "three")) {
            c.writer().write(b(word + "\n"));
            Await.on(c.writer().drain());
            clientLog.add("client " + s(Await.on(c.reader().readline())).trim());
        }
        c.writer().writeEof();
        clientLog.add("client rest b'" + s(Await.on(c.reader().read())) + "'");
        c.writer().close();
        Await.on(c.writer().waitClosed());
        clientLog.add("client closing " + (c.writer().isClosing() ? "True" : "False"));
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(List.of(serverLog, clientLog));
    }

    @Test
    void linesGoBothWaysUntilTheEndOfTheStream() throws IOException {
        List<List<String>> logs = Asyncio.run(lines());
        assertEquals(List.of("server got one", "server got two", "server got three", "server eof true",
                "server closed"), logs.get(0));
        assertEquals(List.of("client ONE", "client TWO", "client THREE", "client rest b''", "client closing True"),
                logs.get(1));
    }

    /*
     * Server and StreamWriter as async context managers: try-with-resources in an @Async method is async with.
     * Python 3.11.7 (its StreamWriter has no async with: close() + wait_closed() is what Weft's aclose does):
     *
     * async def main():
     *     server_log, client_log = [], []
     *     done = asyncio.Event()
     *     async def handle(reader, writer):
     *         while line := await reader.readline():
     *             server_log.append(f"server got {line.decode().strip()}")
     *             writer.write(line.upper())
     *             await writer.drain()
     *         server_log.append(f"server eof {reader.at_eof()}")
     *         writer.close()
     *         await writer.wait_closed()
     *         server_log.append("server closed")
     *         done.set()
     *     server = await asyncio.start_server(handle, "127.0.0.1", 0)
     *     async with server:
     *         client_log.append(f"serving {server.is_serving()}")
     *         reader, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])
     *         writer.write(b"hi\n")
     *         client_log.append(f"client {(await reader.readline()).decode().strip()}")
     *         writer.close()                 # Weft: the writer's async with
     *         await writer.wait_closed()
     *         client_log.append(f"client closing {writer.is_closing()}")
     *         await done.wait()
     *     client_log.append(f"after: serving {server.is_serving()} sockets={len(server.sockets)}")
     *     server = await asyncio.start_server(handle, "127.0.0.1", 0)
     *     try:
     *         async with server:
     *             raise ValueError("block")
     *     except ValueError as e:
     *         client_log.append(f"ValueError {e}: serving {server.is_serving()} sockets={len(server.sockets)}")
     *     print(server_log); print(client_log)
     *
     * prints
     *   ['server got hi', 'server eof True', 'server closed']
     *   ['serving True', 'client HI', 'client closing True', 'after: serving False sockets=0',
     *    'ValueError block: serving False sockets=0']
     */
    @Async
    static Coroutine<Void> handle(StreamReader reader, StreamWriter writer, List<String> log, Event done) {
        // A connection handler is a BiFunction: its I/O errors are its own to handle.
        try {
            while (true) {
                byte[] line = Await.on(reader.readline());
                if (line.length == 0) {
                    break;
                }
                log.add("server got " + s(line).trim());
                writer.write(b(s(line).toUpperCase()));
                Await.on(writer.drain());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.add("server eof " + PyTrace.py(reader.isAtEof()));
        // Python's writer.close() and wait_closed() (no async with there): one await of aclose(), which declares no
        // checked IOException.
        Await.on(writer.aclose());
        log.add("server closed");
        done.set();
        return Coroutine.done();
    }

    @Async
    static Coroutine<List<List<String>>> asyncWith() throws IOException {
        List<String> serverLog = new ArrayList<>();
        List<String> clientLog = new ArrayList<>();
        Event done = new Event();
        Server server = Await.on(Asyncio.startServer((r, w) -> handle(r, w, serverLog, done), "127.0.0.1", 0));
        try (server) {
            clientLog.add("serving " + PyTrace.py(server.isServing()));
            Connection c = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
            StreamWriter writer = c.writer();
            try (writer) {
                writer.write(b("hi\n"));
                clientLog.add("client " + s(Await.on(c.reader().readline())).trim());
            }
            clientLog.add("client closing " + PyTrace.py(writer.isClosing()));
            Await.on(done.await());
        }
        clientLog.add("after: serving " + PyTrace.py(server.isServing()) + " sockets=" + server.sockets().size());
        Server server2 = Await.on(Asyncio.startServer((r, w) -> handle(r, w, serverLog, done), "127.0.0.1", 0));
        try (server2) {
            throw new PyTrace.ValueError("block");
        } catch (PyTrace.ValueError e) {
            clientLog.add("ValueError " + e.getMessage() + ": serving " + PyTrace.py(server2.isServing())
                    + " sockets=" + server2.sockets().size());
        }
        return Coroutine.of(List.of(serverLog, clientLog));
    }

    @Test
    void serverAndWriterCloseAsAsyncContextManagers() throws IOException {
        List<List<String>> logs = Asyncio.run(asyncWith());
        assertEquals(List.of("server got hi", "server eof True", "server closed"), logs.get(0));
        assertEquals(List.of("serving True", "client HI", "client closing True", "after: serving False sockets=0",
                "ValueError block: serving False sockets=0"), logs.get(1));
    }

    /** Writes 64 KiB chunks with drain to a peer that reads nothing: drain waits, the buffer stays bounded. */
    @Async
    static Coroutine<String> drainBoundsMemory() throws IOException {
        List<Transport> transports = new ArrayList<>();
        Future<Void> gotOne = Asyncio.getRunningLoop().createFuture();
        Server server = Await.on(Asyncio.startServer((r, w) -> {
            transports.add(w.transport());
            w.transport().pauseReading();   // a client that never reads
            gotOne.setResult(null);
            return Coroutine.done();
        }, "127.0.0.1", 0));
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
        Await.on(gotOne);
        Task<Void> writer = Asyncio.createTask(writeForever(c.writer()));
        Await.on(Asyncio.sleep(0.5));
        int buffered = c.writer().transport().getWriteBufferSize();
        String result = "drain waits " + !writer.isDone() + ", buffered <= high + one chunk "
                + (buffered <= 64 * 1024 + 64 * 1024);
        writer.cancel();
        try {
            Await.on(writer);
        } catch (CancelledError e) {
            result += ", cancelled";
        }
        c.writer().transport().abort();
        transports.get(0).abort();
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(result);
    }

    @Async
    static Coroutine<Void> writeForever(StreamWriter w) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        while (true) {
            w.write(chunk);
            Await.on(w.drain());
        }
    }

    @Test
    void drainWaitsForAPeerThatDoesNotReadSoMemoryStaysBounded() throws IOException {
        assertEquals("drain waits true, buffered <= high + one chunk true, cancelled",
                Asyncio.run(drainBoundsMemory()));
    }

    /** The peer aborts (a reset): the blocked read throws the connection's IOException; the server goes on. */
    @Async
    static Coroutine<List<String>> resetMidRead() throws IOException {
        List<String> log = new ArrayList<>();
        Server server = Await.on(Asyncio.startServer((r, w) -> resetter(r, w), "127.0.0.1", 0));
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
        c.writer().write(b("reset please\n"));
        try {
            Await.on(c.reader().read(10));
            byte[] more = Await.on(c.reader().read(10));
            log.add("read " + more.length);
        } catch (SocketException e) {
            log.add("SocketException");
        }
        Connection next = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
        next.writer().write(b("hello\n"));
        log.add("next " + s(Await.on(next.reader().readline())).trim());
        next.writer().close();
        Await.on(next.writer().waitClosed());
        c.writer().close();
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(log);
    }

    @Async
    static Coroutine<Void> resetter(StreamReader r, StreamWriter w) {
        // A connection handler is a BiFunction: its I/O errors are its own to handle.
        try {
            byte[] line = Await.on(r.readline());
            if (s(line).startsWith("reset")) {
                w.write(b("partial"));
                Await.on(Asyncio.sleep(0.05));
                // SO_LINGER 0 makes close send a reset: Python's transport.abort() on a socket with linger 0.
                SocketChannel ch = (SocketChannel) w.getExtraInfo("socket");
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
                w.transport().abort();
            } else {
                w.write(line);
                Await.on(w.drain());
                w.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Coroutine.done();
    }

    @Test
    void aResetReachesTheBlockedReadAndOtherConnectionsGoOn() throws IOException {
        List<String> log = Asyncio.run(resetMidRead());
        assertEquals(List.of("SocketException", "next hello"), log);
    }

    // ---- a handler that fails or is cancelled ----

    @Async
    static Coroutine<Void> failingHandler(StreamReader r, StreamWriter w, List<Task<?>> parked) {
        try {
            String line = s(Await.on(r.readline()));
            if (line.equals("boom\n")) {
                throw new IllegalStateException("boom");
            }
            if (line.equals("park\n")) {
                parked.add(Asyncio.currentTask());
                Await.on(Asyncio.sleep(3600));
            }
            w.write(b("echo " + line));
            Await.on(w.drain());
            w.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> ask(int port, String line) throws IOException {
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", port));
        c.writer().write(b(line));
        String answer = s(Await.on(c.reader().read()));
        c.writer().close();
        return Coroutine.of(line.trim() + " -> '" + answer.trim() + "'");
    }

    /*
     * CPython 3.12's StreamReaderProtocol (3.11 leaves the connection open): the handler's task gets a done
     * callback that, when the task failed, calls the loop's exception handler with "Unhandled exception in
     * client_connected_cb", the exception and the transport, and closes the transport; a cancelled handler's
     * transport is closed too. The client then reads the end of the stream, and the server goes on serving.
     */
    @Async
    static Coroutine<List<String>> failingHandlers() throws IOException {
        List<String> log = new ArrayList<>();
        Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> log.add(ctx.get("message") + ": "
                + ctx.get("exception") + ", transport " + (ctx.get("transport") instanceof Transport)));
        List<Task<?>> parked = new ArrayList<>();
        Server server = Await.on(Asyncio.startServer((r, w) -> failingHandler(r, w, parked), "127.0.0.1", 0));
        log.add(Await.on(ask(server.port(), "boom\n")));
        Task<String> asking = Asyncio.createTask(ask(server.port(), "park\n"));
        while (parked.isEmpty()) {
            Await.on(Asyncio.sleep(0.001));
        }
        parked.get(0).cancel();
        log.add(Await.on(asking));
        log.add(Await.on(ask(server.port(), "hello\n")));
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(log);
    }

    @Test
    void aHandlerThatFailsOrIsCancelledClosesItsConnectionAndTheServerGoesOn() throws IOException {
        assertEquals(List.of(
                "Unhandled exception in client_connected_cb: java.lang.IllegalStateException: boom, transport true",
                "boom -> ''", "park -> ''", "hello -> 'echo hello'"), Asyncio.run(failingHandlers()));
    }

    @Async
    static Coroutine<String> refused() throws IOException {
        Server server = Await.on(Asyncio.startServer((r, w) -> Coroutine.done(), "127.0.0.1", 0));
        int port = server.port();
        server.close();
        Await.on(server.waitClosed());
        try {
            Await.on(Asyncio.openConnection("127.0.0.1", port));
            return Coroutine.of("connected");
        } catch (ConnectException e) {
            return Coroutine.of("ConnectException");
        }
    }

    @Test
    void aClosedPortRefuses() throws IOException {
        assertEquals("ConnectException", Asyncio.run(refused()));
    }

    /** A line over the limit: readline throws, and the stream stays usable (Python's ValueError). */
    @Async
    static Coroutine<List<String>> longLine() throws IOException {
        List<String> log = new ArrayList<>();
        Server server = Await.on(Asyncio.startServer((r, w) -> {
            w.write(b("x".repeat(100) + "\nshort\n"));
            w.close();
            return Coroutine.done();
        }, "127.0.0.1", 0));
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", server.port(),
                StreamOptions.defaults().withLimit(16)));
        Await.on(Asyncio.sleep(0.05));
        try {
            Await.on(c.reader().readline());
        } catch (IllegalStateException e) {
            log.add("too long: " + e.getMessage());
        }
        log.add("then " + s(Await.on(c.reader().readline())).trim());
        c.writer().close();
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(log);
    }

    @Test
    void aLineOverTheLimitFailsAndTheStreamGoesOn() throws IOException {
        assertEquals(List.of("too long: Separator is found, but chunk is longer than limit", "then short"),
                Asyncio.run(longLine()));
    }

    // ---- misuse and cancellation ----

    /*
     * Python 3.11: after writer.close(), write() is dropped quietly and drain() raises
     * ConnectionResetError('Connection lost') once connection_lost has run; Java's is a SocketException.
     */
    @Async
    static Coroutine<List<String>> writeAfterClose() throws IOException {
        List<String> log = new ArrayList<>();
        Server server = Await.on(Asyncio.startServer((r, w) -> Coroutine.done(), "127.0.0.1", 0));
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
        c.writer().close();
        c.writer().write(b("too late"));
        log.add("write dropped");
        try {
            Await.on(c.writer().drain());
            log.add("drained");
        } catch (SocketException e) {
            log.add("drain: " + e.getMessage());
        }
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(log);
    }

    @Test
    void writingAfterCloseIsDroppedAndDrainSaysTheConnectionIsLost() throws IOException {
        assertEquals(List.of("write dropped", "drain: Connection lost"), Asyncio.run(writeAfterClose()));
    }

    /** A read cancelled while it waits leaves the stream as it was: the next read gets the data. */
    @Async
    static Coroutine<List<String>> cancelledReadAndDrain() throws IOException {
        List<String> log = new ArrayList<>();
        List<StreamWriter> serverSide = new ArrayList<>();
        Server server = Await.on(Asyncio.startServer((r, w) -> {
            serverSide.add(w);
            return discard(r);
        }, "127.0.0.1", 0));
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
        Task<byte[]> reading = Asyncio.createTask(c.reader().readline());
        Await.on(Asyncio.sleep(0.05));
        reading.cancel();
        try {
            Await.on(reading);
        } catch (CancelledError e) {
            log.add("read cancelled");
        }
        serverSide.get(0).write(b("after\n"));
        log.add("next read " + s(Await.on(c.reader().readline())).trim());
        // A drain cancelled while the buffer is over its high-water mark: the connection stays usable.
        serverSide.get(0).transport().pauseReading();
        c.writer().transport().setWriteBufferLimits(1, 0);
        c.writer().write(new byte[16 << 20]);   // more than the kernel buffers hold
        Task<Void> draining = Asyncio.createTask(c.writer().drain());
        Await.on(Asyncio.sleep(0.05));
        log.add("drain waits " + !draining.isDone());
        draining.cancel();
        try {
            Await.on(draining);
        } catch (CancelledError e) {
            log.add("drain cancelled");
        }
        serverSide.get(0).transport().resumeReading();
        c.writer().transport().setWriteBufferLimits(-1, -1);
        Await.on(c.writer().drain());
        log.add("drained after all");
        c.writer().close();
        serverSide.get(0).close();
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(log);
    }

    /** Reads and drops everything until the end. */
    @Async
    static Coroutine<Void> discard(StreamReader r) {
        try {
            while (Await.on(r.read(1 << 16)).length > 0) {
                // dropped
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Coroutine.done();
    }

    @Test
    void cancellingABlockedReadOrDrainLeavesTheConnectionUsable() throws IOException {
        assertEquals(List.of("read cancelled", "next read after", "drain waits true", "drain cancelled",
                "drained after all"), Asyncio.run(cancelledReadAndDrain()));
    }

    /** Fifty connections that send nothing, and one that sends half a line and stalls: a normal client is served. */
    @Async
    static Coroutine<String> slowConnections() throws IOException {
        List<String> serverLog = new ArrayList<>();
        Server server = Await.on(Asyncio.startServer((r, w) -> upperEcho(r, w, serverLog), "127.0.0.1", 0));
        List<Connection> idle = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            idle.add(Await.on(Asyncio.openConnection("127.0.0.1", server.port())));
        }
        Connection stalled = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
        stalled.writer().write(b("half a li"));
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", server.port()));
        c.writer().write(b("served\n"));
        String got = s(Await.on(Asyncio.waitFor(c.reader().readline(), 5))).trim();
        for (Connection i : idle) {
            i.writer().close();
        }
        stalled.writer().close();
        c.writer().close();
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(got);
    }

    @Test
    void idleAndStalledConnectionsDoNotHoldUpOthers() throws IOException {
        assertEquals("SERVED", Asyncio.run(slowConnections()));
    }

    /** Out of descriptors while accepting: in a JVM of its own under {@code ulimit -n 256} (FdExhaustionProgram). */
    @Test
    void runningOutOfDescriptorsPausesAcceptingUntilSomeAreFree() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("sh", "-c", "ulimit -n 256 && exec \"$0\" -cp \"$1\" dev.weft.FdExhaustionProgram",
                java, System.getProperty("java.class.path")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals("clients took every descriptor\naccepting paused: true\nserved every connection: true\n", out);
    }

    // ---- Unix sockets ----

    @Async
    static Coroutine<List<String>> unixSockets(Path path) throws IOException {
        List<String> log = new ArrayList<>();
        List<String> serverLog = new ArrayList<>();
        Server first = Await.on(Asyncio.startUnixServer((r, w) -> upperEcho(r, w, serverLog), path));
        log.add("port " + first.port() + ", file " + Files.exists(path));
        first.close();
        Await.on(first.waitClosed());
        log.add("file stays " + Files.exists(path));
        Server server = Await.on(Asyncio.startUnixServer((r, w) -> upperEcho(r, w, serverLog), path));
        Connection c = Await.on(Asyncio.openUnixConnection(path));
        c.writer().write(b("over unix\n"));
        log.add("echo " + s(Await.on(c.reader().readline())).trim());
        c.writer().close();
        Await.on(c.writer().waitClosed());
        server.close();
        Await.on(server.waitClosed());
        Files.delete(path);
        try {
            Await.on(Asyncio.openUnixConnection(path));
            log.add("connected");
        } catch (IOException e) {
            log.add("no server: " + e.getClass().getSimpleName());
        }
        return Coroutine.of(log);
    }

    @Test
    void unixSocketsServeStreamsAndAStaleFileIsReplaced(@TempDir Path dir) throws IOException {
        Path path = dir.resolve("weft.sock");
        List<String> log = Asyncio.run(unixSockets(path));
        assertEquals(List.of("port -1, file true", "file stays true", "echo OVER UNIX"), log.subList(0, 3));
        assertTrue(log.get(3).startsWith("no server: "), log.get(3));
    }

    // ---- many clients ----

    static final int CLIENTS = 1000;
    static final int MESSAGES = 100;

    @Async
    static Coroutine<Void> echo(StreamReader r, StreamWriter w) {
        // A connection handler is a BiFunction: its I/O errors are its own to handle.
        try {
            while (true) {
                byte[] line = Await.on(r.readline());
                if (line.length == 0) {
                    break;
                }
                w.write(line);
                Await.on(w.drain());
            }
            w.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> client(int port, int id) throws IOException {
        Connection c = Await.on(Asyncio.openConnection("127.0.0.1", port));
        int checked = 0;
        for (int i = 0; i < MESSAGES; i++) {
            byte[] msg = b("client " + id + " message " + i + " " + "#".repeat(i % 37) + "\n");
            c.writer().write(msg);
            Await.on(c.writer().drain());
            byte[] back = Await.on(c.reader().readExactly(msg.length));
            if (!Arrays.equals(msg, back)) {
                throw new AssertionError("client " + id + " got " + s(back) + " for " + s(msg));
            }
            checked += back.length;
        }
        c.writer().writeEof();
        byte[] rest = Await.on(c.reader().read());
        c.writer().close();
        Await.on(c.writer().waitClosed());
        return Coroutine.of(rest.length == 0 ? checked : -1);
    }

    @Async
    static Coroutine<Long> manyClients() throws IOException {
        Server server = Await.on(Asyncio.startServer(StreamsTest::echo, "127.0.0.1", 0,
                ServerOptions.defaults().withBacklog(CLIENTS)));
        List<Coroutine<Integer>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(client(server.port(), i));
        }
        List<Integer> bytes = Await.on(Asyncio.gather(clients));
        long total = 0;
        for (int n : bytes) {
            total += n;
        }
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.of(total);
    }

    @Test
    void aThousandClientsEchoAHundredMessagesEachByteForByte() throws IOException {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        assumeTrue(!(os instanceof UnixOperatingSystemMXBean)
                        || ((UnixOperatingSystemMXBean) os).getMaxFileDescriptorCount() > 2 * CLIENTS + 500,
                "needs more than " + (2 * CLIENTS + 500) + " file descriptors");
        long expected = 0;
        for (int id = 0; id < CLIENTS; id++) {
            for (int i = 0; i < MESSAGES; i++) {
                expected += ("client " + id + " message " + i + " " + "#".repeat(i % 37) + "\n").length();
            }
        }
        assertEquals(expected, Asyncio.run(manyClients()));
    }
}
