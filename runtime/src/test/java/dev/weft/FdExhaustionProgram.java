package dev.weft;

import dev.weft.annotations.Async;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by StreamsTest in a JVM of its own under a low {@code ulimit -n}: clients connect until the process is out of
 * descriptors, so the server cannot accept; it reports that, pauses accepting, and once the clients close it
 * accepts and serves every connection, as CPython's server does.
 */
public final class FdExhaustionProgram {
    private FdExhaustionProgram() {
    }

    @Async
    static Coroutine<Void> main() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(String.valueOf(ctx.get("message"))));
        int[] served = {0};
        Server server = Await.on(Asyncio.startServer((r, w) -> {
            served[0]++;
            w.close();
            return Coroutine.done();
        }, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(4096)));
        // Warm up: a class is read from a file when first used, and that takes a descriptor. One connection served
        // and one timer first, so that nothing needs loading once every descriptor is taken.
        SocketChannel first = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        Future<Void> timer = loop.createFuture();
        loop.callLater(0.05, () -> timer.setResult(null));
        Await.on(timer);
        first.close();
        Await.on(Asyncio.sleep(0.05));
        served[0] = 0;
        List<SocketChannel> clients = new ArrayList<>();
        try {
            while (true) {
                clients.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port())));
            }
        } catch (IOException e) {
            System.out.println("clients took every descriptor");
        }
        Await.on(Asyncio.sleep(0.3));
        System.out.println("accepting paused: " + reported.contains("socket.accept() out of system resource"));
        for (SocketChannel c : clients) {
            c.close();
        }
        for (int i = 0; i < 100 && served[0] < clients.size(); i++) {
            Await.on(Asyncio.sleep(0.1));
        }
        System.out.println("served every connection: " + (served[0] == clients.size()));
        server.close();
        Await.on(server.waitClosed());
        return Coroutine.done();
    }

    public static void main(String[] args) throws IOException {
        Asyncio.run(main());
    }
}
