package dev.weft.bench.io;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.IncompleteReadError;
import dev.weft.LimitOverrunError;
import dev.weft.Protocol;
import dev.weft.Server;
import dev.weft.ServerOptions;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.Transport;
import dev.weft.annotations.Async;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * E2 HTTP/1.1 keep-alive "hello world" servers on the JVM, each on one thread (benchmarks/io/run-e2.sh runs them
 * against {@code wrk}):
 *
 * <pre>
 *   java -cp benchmarks.jar dev.weft.bench.io.HttpServer MODE [HOST] [PORT]
 * </pre>
 *
 * Every request gets the same {@link #RESPONSE}, byte for byte. A request is a header block ending in
 * {@code "\r\n\r\n"}; nothing else of it is parsed, and there is no body (wrk and curl send {@code GET}s). Requests
 * may come pipelined (several in one read) or split across reads: every server counts the complete header blocks,
 * carrying a partial one over to the next read, and answers each once, in order. MODE is one of
 * <ul>
 * <li>{@code weft-streams}: {@code Asyncio.startServer}; each connection {@code readUntil("\r\n\r\n")},
 *     {@code write} the response, {@code drain}, until the client closes (Python's start_server idiom);</li>
 * <li>{@code weft-protocol}: {@code loop.createServer} with a {@link Protocol} that scans each chunk in
 *     {@code dataReceived} and writes one array holding the responses to the requests it completed;</li>
 * <li>{@code netty-nio}, {@code netty-epoll}: Netty 4.2, one {@code MultiThreadIoEventLoopGroup(1, ..)} for both
 *     accepting and the connections, a hand-written handler per connection (not HttpServerCodec, so that it does
 *     the same work as the others): it scans each {@link ByteBuf} and writes a duplicate of one pre-built direct
 *     buffer per request in channelRead, and flushes in channelReadComplete;</li>
 * <li>{@code vthreads}: blocking {@code ServerSocket}/{@code Socket} streams, a virtual thread per connection and
 *     one for accepting, on one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1} unless the command
 *     line says otherwise), one {@code write} per read that completed requests.</li>
 * </ul>
 * Every server listens with a backlog of 1024 and sets TCP_NODELAY on its connections (Weft's transports set it
 * themselves, as asyncio's do). A client that closes, even in the middle of a request, is closed quietly. Prints
 * {@code READY <port>} once listening, then serves until the process is killed.
 */
public final class HttpServer {

    /** The one response, to every request. */
    static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: 13\r\n"
            + "\r\n"
            + "Hello, World!").getBytes(StandardCharsets.US_ASCII);

    private static final byte[] END_OF_HEADERS = {'\r', '\n', '\r', '\n'};

    /** {@code BATCHES[k]}: k responses back to back, for the reads that complete k pipelined requests. */
    private static final byte[][] BATCHES = new byte[33][];

    static {
        for (int k = 1; k < BATCHES.length; k++) {
            BATCHES[k] = repeat(k);
        }
    }

    private HttpServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: HttpServer weft-streams|weft-protocol|netty-nio|netty-epoll|vthreads [HOST] [PORT]");
            System.exit(2);
        }
        String mode = args[0];
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        switch (mode) {
            case "weft-streams" -> Asyncio.run(weftStreams(host, port));
            case "weft-protocol" -> Asyncio.run(weftProtocol(host, port));
            case "netty-nio" -> Listeners.netty(host, port, false, nettyHttp());
            case "netty-epoll" -> Listeners.netty(host, port, true, nettyHttp());
            case "vthreads" -> Listeners.vthreads(host, port, HttpServer::serve);
            default -> {
                System.err.println("HttpServer: unknown mode " + mode);
                System.exit(2);
            }
        }
    }

    /** @return {@code k} responses in one array; shared for small {@code k}, so not to be changed */
    static byte[] responses(int k) {
        return k < BATCHES.length ? BATCHES[k] : repeat(k);
    }

    private static byte[] repeat(int k) {
        byte[] all = new byte[k * RESPONSE.length];
        for (int i = 0; i < k; i++) {
            System.arraycopy(RESPONSE, 0, all, i * RESPONSE.length, RESPONSE.length);
        }
        return all;
    }

    /**
     * Finds the ends of header blocks in a byte stream that comes in pieces: how much of {@code "\r\n\r\n"} the
     * bytes seen so far end with is all that has to be carried from one read to the next. The protocol, Netty
     * and virtual-thread servers share it (the C server has the same loop), so that they do the same work per
     * byte; counts the blocks as readUntil and Python's find do, leftmost first, without overlap.
     */
    static final class EndScanner {
        /** How many bytes of "\r\n\r\n" the stream ends with now: 0 to 3. */
        private int matched;

        /** @return whether {@code b} ends a header block */
        boolean step(byte b) {
            if (b == END_OF_HEADERS[matched]) {
                if (++matched == END_OF_HEADERS.length) {
                    matched = 0;
                    return true;
                }
            } else {
                // A mismatch can only restart the match on '\r', the pattern's first byte ("\r\n\r" + '\r'
                // leaves "\r"); nothing else in the pattern repeats.
                matched = b == '\r' ? 1 : 0;
            }
            return false;
        }

        /** @return how many header blocks end in {@code data[from, to)} */
        int scan(byte[] data, int from, int to) {
            int ends = 0;
            for (int i = from; i < to; i++) {
                if (step(data[i])) {
                    ends++;
                }
            }
            return ends;
        }
    }

    // ---- Weft streams ----

    /** One connection: a request's header block, the response, drain; until the client closes. */
    @Async
    static Coroutine<Void> serveHttp(StreamReader reader, StreamWriter writer) {
        try {
            while (true) {
                Await.on(reader.readUntil(END_OF_HEADERS));
                writer.write(RESPONSE);
                Await.on(writer.drain());
            }
        } catch (IncompleteReadError e) {
            // the client closed, between requests or in the middle of one
        } catch (LimitOverrunError e) {
            // a header block over 64 KiB: not a client of this benchmark
        } catch (IOException e) {
            // the connection was reset
        }
        writer.close();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> weftStreams(String host, int port) throws IOException {
        Server server = Await.on(Asyncio.startServer(HttpServer::serveHttp, host, port,
                ServerOptions.defaults().withBacklog(Listeners.BACKLOG)));
        Listeners.ready(server.port());
        Await.on(server.serveForever());
        return Coroutine.done();
    }

    // ---- Weft protocol ----

    static final class Http implements Protocol {
        private final EndScanner scanner = new EndScanner();
        private Transport transport;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            int requests = scanner.scan(data, 0, data.length);
            if (requests > 0) {
                // One write for all of them: the transport sends at once, one system call per write.
                transport.write(responses(requests));
            }
        }
    }

    @Async
    static Coroutine<Void> weftProtocol(String host, int port) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Server server = Await.on(loop.createServer(Http::new, host, port,
                ServerOptions.defaults().withBacklog(Listeners.BACKLOG)));
        Listeners.ready(server.port());
        Await.on(server.serveForever());
        return Coroutine.done();
    }

    // ---- Netty ----

    /** The response in a direct buffer, as Netty's own hello-world examples keep it; written as duplicates. */
    private static final ByteBuf NETTY_RESPONSE =
            Unpooled.unreleasableBuffer(Unpooled.directBuffer(RESPONSE.length).writeBytes(RESPONSE));

    /** One per connection (it holds the scanner's state), so not {@code @Sharable}. */
    static final class NettyHttp extends ChannelInboundHandlerAdapter {
        private final EndScanner scanner = new EndScanner();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                for (int i = in.readerIndex(), end = in.writerIndex(); i < end; i++) {
                    if (scanner.step(in.getByte(i))) {
                        ctx.write(NETTY_RESPONSE.duplicate());
                    }
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();   // a reset by the client: nothing to report in a benchmark
        }
    }

    private static ChannelInitializer<Channel> nettyHttp() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new NettyHttp());   // a handler per connection: it keeps the scan's state
            }
        };
    }

    // ---- virtual threads, blocking sockets ----

    private static void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            EndScanner scanner = new EndScanner();
            byte[] buf = new byte[65536];   // as EchoServer reads; a request from wrk is ~40 bytes
            int n;
            while ((n = in.read(buf)) > 0) {
                int requests = scanner.scan(buf, 0, n);
                if (requests > 0) {
                    out.write(responses(requests));
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
