package dev.weft.internal.streams;

import dev.weft.Await;
import dev.weft.Connection;
import dev.weft.Coroutine;
import dev.weft.Endpoint;
import dev.weft.Server;
import dev.weft.ServerOptions;
import dev.weft.StreamOptions;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.Transport;
import dev.weft.annotations.Async;
import dev.weft.internal.Access;
import dev.weft.internal.loop.BaseEventLoop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiFunction;

/** {@code Asyncio.openConnection} and {@code Asyncio.startServer}: Python's {@code open_connection} and {@code start_server}. */
public final class Streams {
    private static final Access ACCESS = Access.get();

    private Streams() {
    }

    /**
     * Python's {@code open_connection}: a reader and a writer over a new connection.
     *
     * @param host a name or an address
     * @param port the port
     * @param options the reader's limit
     * @return the coroutine to await
     * @throws IOException (when awaited) what connecting throws
     */
    @Async
    public static Coroutine<Connection> openConnection(String host, int port, StreamOptions options)
            throws IOException {
        BaseEventLoop loop = BaseEventLoop.running();
        StreamReader reader = new StreamReader(options.limit());
        StreamProtocol protocol = new StreamProtocol(loop, reader, null);
        Endpoint<Transport, StreamProtocol> ep = options.ssl() == null
                ? Await.on(loop.createConnection(() -> protocol, host, port))
                : Await.on(loop.createConnection(() -> protocol, host, port, options.ssl(), options.serverHostname(),
                        options.sslHandshakeTimeout()));
        StreamWriter writer = ACCESS.newStreamWriter(ep.transport(), protocol, reader);
        return Coroutine.of(new Connection(reader, writer));
    }

    /**
     * Python's {@code start_server}: each connection gets a reader and a writer, and {@code clientConnected} runs
     * in a task of its own.
     *
     * @param clientConnected the connection's handler
     * @param host where to listen, or {@code null} for all interfaces
     * @param port the port, or 0
     * @param options how to listen, and the readers' limit
     * @return the coroutine to await: the server
     * @throws IOException (when awaited) what binding throws
     */
    @Async
    public static Coroutine<Server> startServer(BiFunction<StreamReader, StreamWriter, Coroutine<Void>> clientConnected,
                                                String host, int port, ServerOptions options) throws IOException {
        BaseEventLoop loop = BaseEventLoop.running();
        int limit = options.limit();
        Server server = Await.on(loop.createServer(
                () -> new StreamProtocol(loop, new StreamReader(limit), clientConnected), host, port, options));
        return Coroutine.of(server);
    }

    /**
     * Python's {@code open_unix_connection}.
     *
     * @param path the socket file
     * @param options the reader's limit
     * @return the coroutine to await
     * @throws IOException (when awaited) what connecting throws
     */
    @Async
    public static Coroutine<Connection> openUnixConnection(Path path, StreamOptions options) throws IOException {
        BaseEventLoop loop = BaseEventLoop.running();
        StreamReader reader = new StreamReader(options.limit());
        StreamProtocol protocol = new StreamProtocol(loop, reader, null);
        Endpoint<Transport, StreamProtocol> ep = Await.on(loop.createUnixConnection(() -> protocol, path));
        StreamWriter writer = ACCESS.newStreamWriter(ep.transport(), protocol, reader);
        return Coroutine.of(new Connection(reader, writer));
    }

    /**
     * Python's {@code start_unix_server}.
     *
     * @param clientConnected the connection's handler
     * @param path the socket file
     * @param options how to listen, and the readers' limit
     * @return the coroutine to await: the server
     * @throws IOException (when awaited) what binding throws
     */
    @Async
    public static Coroutine<Server> startUnixServer(
            BiFunction<StreamReader, StreamWriter, Coroutine<Void>> clientConnected, Path path, ServerOptions options)
            throws IOException {
        BaseEventLoop loop = BaseEventLoop.running();
        int limit = options.limit();
        Server server = Await.on(loop.createUnixServer(
                () -> new StreamProtocol(loop, new StreamReader(limit), clientConnected), path, options));
        return Coroutine.of(server);
    }
}
