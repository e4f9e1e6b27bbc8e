package dev.weft;

import java.net.SocketAddress;

/**
 * What a datagram endpoint's transport calls: Python's {@code asyncio.DatagramProtocol}. Every method runs on the
 * loop's thread; the defaults do nothing. {@link #connectionMade} comes first, on a pass after the endpoint is
 * made, then the datagrams in the order received, and {@link BaseProtocol#connectionLost} last.
 */
public interface DatagramProtocol extends BaseProtocol {

    /**
     * The endpoint is ready: the first call.
     *
     * @param transport the endpoint's transport, to send with and to close
     */
    default void connectionMade(DatagramTransport transport) {
    }

    /**
     * A datagram arrived.
     *
     * @param data its bytes (exactly the datagram's), the protocol's to keep
     * @param address who sent it
     */
    default void datagramReceived(byte[] data, SocketAddress address) {
    }

    /**
     * A send or a receive failed (for example {@link java.net.PortUnreachableException} on a connected endpoint
     * whose peer is not listening); the endpoint stays open. A datagram whose send failed is not sent again.
     *
     * @param exc the error
     */
    default void errorReceived(Exception exc) {
    }
}
