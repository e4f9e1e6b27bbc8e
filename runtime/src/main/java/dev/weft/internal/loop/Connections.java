package dev.weft.internal.loop;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.BaseProtocol;
import dev.weft.DatagramProtocol;
import dev.weft.DatagramTransport;
import dev.weft.Coroutine;
import dev.weft.Endpoint;
import dev.weft.Future;
import dev.weft.Server;
import dev.weft.ServerOptions;
import dev.weft.Transport;
import dev.weft.annotations.Async;
import dev.weft.internal.Access;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The loop's {@code create_connection} and {@code create_server} (Python's {@code base_events.py}). */
final class Connections {
    private static final Access ACCESS = Access.get();
    /** The file-type bits of a Unix mode, and the type of a socket. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    /** An IP address literal needs no lookup (IPv4 dotted quad, or IPv6 with its colons). */
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.%\\w]*]?");

    private Connections() {
    }

    /** Python's {@code getaddrinfo}: a literal at once, a name on the default executor (a lookup blocks). */
    @Async
    static Coroutine<InetAddress[]> resolve(BaseEventLoop loop, String host) throws IOException {
        if (host == null) {
            return Coroutine.of(new InetAddress[] {null});
        }
        if (isIpLiteral(host)) {
            return Coroutine.of(InetAddress.getAllByName(host));
        }
        InetAddress[] all = Await.on(loop.runInExecutor(null, () -> InetAddress.getAllByName(host)));
        return Coroutine.of(all);
    }

    /**
     * Python's {@code create_connection}: tries each address of {@code host} in turn; the first that connects
     * gets a transport and a protocol from {@code factory}.
     */
    @Async
    static <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> createConnection(
            BaseEventLoop loop, Supplier<P> factory, String host, int port, SSLContext ssl, String serverHostname,
            double sslHandshakeTimeout) throws IOException {
        if (host == null) {
            throw new IllegalArgumentException("createConnection: host must not be null");
        }
        InetAddress[] addresses = Await.on(resolve(loop, host));
        List<IOException> failures = new ArrayList<>();
        for (InetAddress address : addresses) {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.configureBlocking(false);
                Await.on(loop.sockConnect(channel, new InetSocketAddress(address, port)));
            } catch (IOException e) {
                channel.close();
                failures.add(e);
                continue;
            } catch (Throwable e) {
                channel.close();
                throw e;
            }
            Endpoint<Transport, P> endpoint = Await.on(connectionTransport(loop, channel, factory, ssl,
                    serverHostname, sslHandshakeTimeout));
            return Coroutine.of(endpoint);
        }
        throw connectFailure(failures);
    }

    /**
     * Python's {@code _create_connection_transport}: waits until the protocol's connectionMade has run (with TLS,
     * until the handshake is done).
     */
    @Async
    static <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> connectionTransport(
            BaseEventLoop loop, SocketChannel channel, Supplier<P> factory, SSLContext ssl, String serverHostname,
            double sslHandshakeTimeout) {
        P protocol = factory.get();
        Future<Void> waiter = loop.createFuture();
        if (ssl == null) {
            SocketTransport transport = new SocketTransport(loop, channel, protocol, waiter, null);
            Await.on(madeOrUndone(waiter, transport::close));
            return Coroutine.of(new Endpoint<>(transport, protocol));
        }
        SslProtocol tls = new SslProtocol(loop, protocol, ssl, false, serverHostname, sslHandshakeTimeout, waiter, true);
        SocketTransport transport = new SocketTransport(loop, channel, tls, null, null);
        Await.on(madeOrUndone(waiter, transport::abort));
        return Coroutine.of(new Endpoint<>(tls.appTransport(), protocol));
    }

    /**
     * Python's {@code loop.start_tls}: TLS on a connection that has a protocol already. Reading pauses while the
     * protocol changes; the application's protocol stays, and is not told connectionMade again.
     */
    @Async
    static Coroutine<Transport> startTls(BaseEventLoop loop, Transport transport, BaseProtocol protocol,
                                         SSLContext ssl, boolean serverSide, String serverHostname,
                                         double sslHandshakeTimeout) {
        Future<Void> waiter = loop.createFuture();
        SslProtocol tls = new SslProtocol(loop, protocol, ssl, serverSide, serverHostname, sslHandshakeTimeout,
                waiter, false);
        transport.pauseReading();
        transport.setProtocol(tls);
        loop.callSoon(() -> tls.connectionMade(transport));
        loop.callSoon(transport::resumeReading);
        Await.on(madeOrUndone(waiter, transport::close));
        return Coroutine.of(tls.appTransport());
    }

    /**
     * Awaits a new transport's waiter (its protocol's connectionMade, or the TLS handshake); if the wait fails or
     * is cancelled, {@code undo} (the transport's close or abort) runs before the error goes on.
     */
    @Async
    private static Coroutine<Void> madeOrUndone(Future<Void> waiter, Runnable undo) {
        try {
            Await.on(waiter);
        } catch (Throwable e) {
            undo.run();
            throw e;
        }
        return Coroutine.done();
    }

    /** Python's rule: one failure as it is; several alike, the first; else one error naming them all. */
    private static IOException connectFailure(List<IOException> failures) {
        if (failures.size() == 1) {
            return failures.get(0);
        }
        String first = String.valueOf(failures.get(0));
        if (failures.stream().allMatch(e -> String.valueOf(e).equals(first))) {
            return failures.get(0);
        }
        IOException all = new IOException("Multiple exceptions: "
                + failures.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        failures.forEach(all::addSuppressed);
        return all;
    }

    /**
     * Python's {@code create_server}: a listening socket on each address of {@code host} (all interfaces for
     * {@code null}), serving at once unless the options say not to.
     */
    @Async
    static Coroutine<Server> createServer(BaseEventLoop loop, Supplier<? extends BaseProtocol> factory, String host,
                                          int port, ServerOptions options) throws IOException {
        InetAddress[] addresses = Await.on(resolve(loop, host));
        Set<InetAddress> distinct = new LinkedHashSet<>();
        for (InetAddress a : addresses) {
            distinct.add(a);
        }
        List<ServerSocketChannel> channels = new ArrayList<>();
        try {
            for (InetAddress address : distinct) {
                ServerSocketChannel channel = ServerSocketChannel.open();
                channels.add(channel);
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                if (options.reusePort()) {
                    if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        throw new UnsupportedOperationException("reuse port is not supported on this platform");
                    }
                    channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                InetSocketAddress sa = address == null ? new InetSocketAddress(port)
                        : new InetSocketAddress(address, port);
                try {
                    channel.bind(sa, options.backlog());
                } catch (BindException err) {
                    // CPython: OSError(err.errno, 'error while attempting to bind on address %r: %s' % (sa,
                    // err.strerror.lower())): the message says which address is taken.
                    BindException named = new BindException("error while attempting to bind on address "
                            + SocketOps.pyAddress(sa) + ": "
                            + String.valueOf(err.getMessage()).toLowerCase(Locale.ROOT));
                    named.initCause(err);
                    throw named;
                }
                channel.configureBlocking(false);
            }
        } catch (IOException | RuntimeException e) {
            for (ServerSocketChannel c : channels) {
                c.close();
            }
            throw e;
        }
        Server server = ACCESS.newServer(loop, channels, factory, options);
        if (options.startServing()) {
            ACCESS.startServing(server);
            Await.on(Asyncio.sleep(0));   // one pass, so that listening begins (Python's comment: add_reader goes through)
        }
        return Coroutine.of(server);
    }

    /** Python's {@code create_unix_connection}. */
    @Async
    static <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> createUnixConnection(
            BaseEventLoop loop, Supplier<P> factory, Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.configureBlocking(false);
            Await.on(loop.sockConnect(channel, UnixDomainSocketAddress.of(path)));
        } catch (Throwable e) {
            channel.close();
            throw e;
        }
        Endpoint<Transport, P> endpoint = Await.on(connectionTransport(loop, channel, factory, null, null, 0));
        return Coroutine.of(endpoint);
    }

    /**
     * Python 3.11's {@code create_unix_server}: a socket file left by an earlier server is removed first; the
     * file stays when the server closes.
     */
    @Async
    static Coroutine<Server> createUnixServer(BaseEventLoop loop, Supplier<? extends BaseProtocol> factory, Path path,
                                              ServerOptions options) throws IOException {
        if (isSocketFile(path)) {
            Files.delete(path);
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path), options.backlog());
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (e instanceof BindException && "Address already in use".equals(e.getMessage())) {
                // CPython: OSError(EADDRINUSE, f'Address {path!r} is already in use'), naming the path.
                BindException named = new BindException("Address '" + path + "' is already in use");
                named.initCause(e);
                throw named;
            }
            throw e;
        }
        Server server = ACCESS.newServer(loop, List.of(channel), factory, options);
        if (options.startServing()) {
            ACCESS.startServing(server);
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(server);
    }

    /** @return whether {@code path} is a socket file (Python's {@code stat.S_ISSOCK}) */
    private static boolean isSocketFile(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return false;   // no Unix attributes here: leave the file, and let bind say it is in use
        }
    }

    /**
     * Python's {@code create_datagram_endpoint}: a datagram socket bound to {@code local} (any port when
     * {@code null}), connected to {@code remote} when given; names are looked up off the loop's thread.
     */
    @Async
    static <P extends DatagramProtocol> Coroutine<Endpoint<DatagramTransport, P>> createDatagramEndpoint(
            BaseEventLoop loop, Supplier<P> factory, SocketAddress local, SocketAddress remote) throws IOException {
        SocketAddress localResolved = local == null ? null : Await.on(resolved(loop, local));
        SocketAddress remoteResolved = remote == null ? null : Await.on(resolved(loop, remote));
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.configureBlocking(false);
            channel.bind(localResolved);
            if (remoteResolved != null) {
                channel.connect(remoteResolved);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        P protocol = factory.get();
        Future<Void> waiter = loop.createFuture();
        DatagramEndpoint transport = new DatagramEndpoint(loop, channel, protocol, remoteResolved, waiter);
        Await.on(madeOrUndone(waiter, transport::close));
        return Coroutine.of(new Endpoint<>(transport, protocol));
    }

    /** @return whether {@code host} is an IP address, not a name: it needs no lookup, and is no SNI name */
    static boolean isIpLiteral(String host) {
        return IP_LITERAL.matcher(host).matches();
    }

    /** @return {@code address}, its host looked up (off the loop's thread) if it is an unresolved name */
    @Async
    static Coroutine<SocketAddress> resolved(BaseEventLoop loop, SocketAddress address) throws IOException {
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).isUnresolved()) {
            InetSocketAddress a = (InetSocketAddress) address;
            InetAddress[] all = Await.on(resolve(loop, a.getHostString()));
            return Coroutine.of(new InetSocketAddress(all[0], a.getPort()));
        }
        return Coroutine.of(address);
    }
}
