package dev.weft.bench.io;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.BaseProtocol;
import dev.weft.BufferedProtocol;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Protocol;
import dev.weft.Server;
import dev.weft.ServerOptions;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.Transport;
import dev.weft.annotations.Async;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * E1 echo servers on the JVM, each on one thread (benchmarks/io/run-e1.sh runs them):
 *
 * <pre>
 *   java -cp benchmarks.jar dev.weft.bench.io.EchoServer MODE [HOST] [PORT]
 * </pre>
 *
 * MODE is one of
 * <ul>
 * <li>{@code weft-streams}: {@code Asyncio.startServer}; each connection {@code read(65536)}, {@code write},
 *     {@code drain} until the end of the stream (Python's start_server echo);</li>
 * <li>{@code weft-protocol}: {@code loop.createServer} with a {@link Protocol} that writes back in
 *     {@code dataReceived};</li>
 * <li>{@code weft-buffered}: the same with a {@link BufferedProtocol} that lends its own 64 KiB direct buffer to
 *     read into and writes from it ({@code transport.write(ByteBuffer)}): no allocation per message, and the bytes
 *     go from the kernel to the buffer and back with no copy in Java, as with Netty's pooled direct buffers;</li>
 * <li>{@code netty-nio}, {@code netty-epoll}: Netty 4.2, one {@code MultiThreadIoEventLoopGroup(1, ..)} for both
 *     accepting and the connections, an echo handler (write in channelRead, flush in channelReadComplete);</li>
 * <li>{@code vthreads}: blocking {@code ServerSocket}/{@code Socket} streams, a virtual thread per connection and
 *     one for accepting, on one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1} unless the command
 *     line says otherwise).</li>
 * </ul>
 * Every server listens as {@link Listeners} says (backlog 1024, TCP_NODELAY). Prints {@code READY <port>}
 * once listening, then serves until the process is killed.
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EchoServer weft-streams|weft-protocol|weft-buffered|netty-nio|netty-epoll|vthreads [HOST] [PORT]");
            System.exit(2);
        }
        String mode = args[0];
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        switch (mode) {
            case "weft-streams" -> Asyncio.run(weftStreams(host, port));
            case "weft-protocol" -> Asyncio.run(weftProtocol(host, port, Echo::new));
            case "weft-buffered" -> Asyncio.run(weftProtocol(host, port, BufferedEcho::new));
            case "netty-nio" -> Listeners.netty(host, port, false, new NettyEcho());
            case "netty-epoll" -> Listeners.netty(host, port, true, new NettyEcho());
            case "vthreads" -> Listeners.vthreads(host, port, EchoServer::serve);
            default -> {
                System.err.println("EchoServer: unknown mode " + mode);
                System.exit(2);
            }
        }
    }

    // ---- Weft streams ----

    /** One connection: read up to 64 KiB, write it back, drain, until the end of the stream. */
    @Async
    static Coroutine<Void> echo(StreamReader reader, StreamWriter writer) {
        try {
            while (true) {
                byte[] data = Await.on(reader.read(65536));
                if (data.length == 0) {
                    break;
                }
                writer.write(data);
                Await.on(writer.drain());
            }
        } catch (IOException e) {
            // the client went away: nothing to report in a benchmark
        }
        writer.close();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> weftStreams(String host, int port) throws IOException {
        Server server = Await.on(Asyncio.startServer(EchoServer::echo, host, port,
                ServerOptions.defaults().withBacklog(Listeners.BACKLOG)));
        Listeners.ready(server.port());
        Await.on(server.serveForever());
        return Coroutine.done();
    }

    // ---- Weft protocol ----

    static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    static final class BufferedEcho implements BufferedProtocol {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        private Transport transport;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            transport.write(buffer.flip());   // what the socket does not take is copied: the buffer is free again
            buffer.clear();
        }
    }

    @Async
    static Coroutine<Void> weftProtocol(String host, int port, Supplier<? extends BaseProtocol> protocol)
            throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Server server = Await.on(loop.createServer(protocol, host, port,
                ServerOptions.defaults().withBacklog(Listeners.BACKLOG)));
        Listeners.ready(server.port());
        Await.on(server.serveForever());
        return Coroutine.done();
    }

    // ---- Netty ----

    @ChannelHandler.Sharable
    static final class NettyEcho extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---- virtual threads, blocking sockets ----

    private static void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            // 16 KiB, what InputStream.transferTo reads at a time: the idiomatic blocking echo's buffer, held by
            // every connection while it waits (E3 counts it).
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
