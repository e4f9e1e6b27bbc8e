package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Datagram endpoints on 127.0.0.1 against CPython 3.11's trace. */
@Timeout(60)
class DatagramTest {

    static String py(byte[] b) {
        return "b'" + new String(b, StandardCharsets.US_ASCII) + "'";
    }

    static final class EchoServer implements DatagramProtocol {
        final List<String> log;
        DatagramTransport t;

        EchoServer(List<String> log) {
            this.log = log;
        }

        @Override
        public void connectionMade(DatagramTransport transport) {
            t = transport;
            log.add("server made");
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress address) {
            log.add("server got " + py(data));
            t.sendto(new String(data, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII),
                    address);
        }
    }

    static final class Client implements DatagramProtocol {
        final List<String> log;
        final Queue<Object> q;

        Client(List<String> log, Queue<Object> q) {
            this.log = log;
            this.q = q;
        }

        @Override
        public void connectionMade(DatagramTransport transport) {
            log.add("client made");
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress address) {
            log.add("client got " + py(data));
            q.putNowait(data);
        }

        @Override
        public void errorReceived(Exception exc) {
            log.add("client error " + exc.getClass().getSimpleName());
            q.putNowait(exc);
        }

        @Override
        public void connectionLost(Throwable exc) {
            log.add("client lost " + exc);
        }
    }

    /*
     * Python 3.11: an echo endpoint on ("127.0.0.1", 0); a client endpoint with remote_addr; two datagrams there
     * and back; the server closed; one more datagram (the peer's port is unreachable); the client closed:
     *   server made / client made / server got b'one' / client got b'ONE' / server got b'two' / client got b'TWO' /
     *   client error ConnectionRefusedError / still open True / client lost None
     * Java reports the unreachable port as java.net.PortUnreachableException.
     */
    @Async
    static Coroutine<List<String>> echo() throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> log = new ArrayList<>();
        Endpoint<DatagramTransport, EchoServer> server = Await.on(loop.createDatagramEndpoint(
                () -> new EchoServer(log), new InetSocketAddress("127.0.0.1", 0), null));
        InetSocketAddress at = (InetSocketAddress) server.transport().getExtraInfo("sockname");
        Queue<Object> q = new Queue<>();
        Endpoint<DatagramTransport, Client> client = Await.on(loop.createDatagramEndpoint(
                () -> new Client(log, q), null, at));
        for (String w : List.of("one", "two")) {
            client.transport().sendto(w.getBytes(StandardCharsets.US_ASCII));
            Await.on(q.get());
        }
        server.transport().close();
        Await.on(Asyncio.sleep(0.05));
        client.transport().sendto("nobody".getBytes(StandardCharsets.US_ASCII));
        Await.on(q.get());
        log.add("still open " + (client.transport().isClosing() ? "False" : "True"));
        client.transport().close();
        Await.on(Asyncio.sleep(0.05));
        return Coroutine.of(log);
    }

    @Test
    void datagramsGoThereAndBackAndAnUnreachablePeerIsAnErrorNotAClose() throws IOException {
        assertEquals(List.of("server made", "client made", "server got b'one'", "client got b'ONE'",
                "server got b'two'", "client got b'TWO'", "client error PortUnreachableException", "still open True",
                "client lost null"), Asyncio.run(echo()));
    }

    @Test
    void aPeerlessEndpointNeedsAnAddress() throws IOException {
        assertEquals("sendto: the endpoint has no peer, so an address is needed", Asyncio.run(peerless()));
    }

    @Async
    static Coroutine<String> peerless() throws IOException {
        Endpoint<DatagramTransport, DatagramProtocol> ep = Await.on(Asyncio.getRunningLoop().createDatagramEndpoint(
                () -> new DatagramProtocol() { }, new InetSocketAddress("127.0.0.1", 0), null));
        try {
            ep.transport().sendto(new byte[] {1});
            return Coroutine.of("sent");
        } catch (IllegalArgumentException e) {
            return Coroutine.of(e.getMessage());
        } finally {
            ep.transport().close();
        }
    }
}
