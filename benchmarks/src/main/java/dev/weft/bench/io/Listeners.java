package dev.weft.bench.io;

import dev.weft.bench.VThreads;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * How the I/O benchmarks' Netty and virtual-thread servers listen, the same for every benchmark: a backlog of
 * {@value #BACKLOG}, TCP_NODELAY on every connection, one thread (one event loop, or one carrier), and
 * {@code READY <port>} on stdout once listening. Each serves until the process is killed.
 */
final class Listeners {

    static final int BACKLOG = 1024;

    private Listeners() {
    }

    /** Tells the benchmark script the port: one line, flushed. */
    static void ready(int port) {
        System.out.println("READY " + port);
        System.out.flush();
    }

    /**
     * Netty 4.2 on one {@code MultiThreadIoEventLoopGroup(1, ..)} for both accepting and the connections.
     *
     * @param epoll the native epoll transport, else NIO
     * @param childHandler each connection's handler: a shared one, or a {@code ChannelInitializer}
     */
    static void netty(String host, int port, boolean epoll, ChannelHandler childHandler) throws InterruptedException {
        if (epoll && !Epoll.isAvailable()) {
            throw new IllegalStateException("Netty's native epoll is not available", Epoll.unavailabilityCause());
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(childHandler)
                    .bind(host, port).sync().channel();
            ready(((InetSocketAddress) server.localAddress()).getPort());
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /**
     * Blocking {@code ServerSocket}/{@code Socket}, a virtual thread per connection and one for accepting, on one
     * carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1} unless the command line says otherwise). The
     * classes are compiled for Java 17, so virtual threads come through {@link VThreads}.
     *
     * @param serve serves one connection (TCP_NODELAY already set) and closes it
     */
    static void vthreads(String host, int port, Consumer<Socket> serve) throws Exception {
        if (!VThreads.AVAILABLE) {
            throw new IllegalStateException("virtual threads need JDK 21 or later");
        }
        VThreads.singleCarrierByDefault();
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(host, port), BACKLOG);
        ready(server.getLocalPort());
        Thread acceptor = VThreads.start(() -> {
            while (true) {
                Socket socket;
                try {
                    socket = server.accept();
                    socket.setTcpNoDelay(true);
                } catch (IOException e) {
                    return;
                }
                VThreads.start(() -> serve.accept(socket));
            }
        });
        acceptor.join();
    }
}
