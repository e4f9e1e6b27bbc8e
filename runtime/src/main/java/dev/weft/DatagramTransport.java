package dev.weft;

import java.net.SocketAddress;

/**
 * A datagram endpoint on the loop: Python's {@code asyncio.DatagramTransport}. It receives on its own and hands
 * each datagram to its protocol; {@link #sendto} sends at once, or buffers while the socket has no room. Use it
 * from the loop's thread; no method suspends. Datagrams are sent whole, in the order given; the buffer has no limit
 * of its own: above its high-water mark the protocol's {@link BaseProtocol#pauseWriting} is called. An error of one
 * send goes to {@link DatagramProtocol#errorReceived}, not to the caller, and the endpoint stays open.
 */
public interface DatagramTransport {

    /**
     * Sends one datagram to the endpoint's peer (it must have one: {@code remoteAddr} given when created).
     *
     * @param data the bytes; an empty array sends nothing
     * @throws IllegalArgumentException when the endpoint has no peer
     */
    void sendto(byte[] data);

    /**
     * Sends one datagram.
     *
     * @param data the bytes; the transport does not keep the array after the call returns; an empty array sends
     *     nothing
     * @param address where to, or {@code null} for the endpoint's peer
     * @throws IllegalArgumentException when the endpoint has a peer and {@code address} is another, or has none
     *     and {@code address} is {@code null}
     */
    void sendto(byte[] data, SocketAddress address);

    /** Closes the endpoint once the buffer is sent; {@link BaseProtocol#connectionLost} gets {@code null}. */
    void close();

    /** Closes now, dropping the buffer; {@link BaseProtocol#connectionLost} gets {@code null} on the next pass. */
    void abort();

    /** @return whether the endpoint is closing or closed */
    boolean isClosing();

    /** @return how many bytes wait to be sent */
    int getWriteBufferSize();

    /**
     * The write buffer's water marks, as {@link Transport#setWriteBufferLimits}.
     *
     * @param high the high mark, or -1
     * @param low the low mark, or -1
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * {@code "sockname"}, {@code "peername"} (a {@link SocketAddress}, {@code null} without a peer),
     * {@code "socket"} (the {@link java.nio.channels.DatagramChannel}).
     *
     * @param name the key
     * @return the value, or {@code null}
     */
    Object getExtraInfo(String name);

    /** @return the protocol */
    BaseProtocol getProtocol();
}
