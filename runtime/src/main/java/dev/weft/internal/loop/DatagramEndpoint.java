package dev.weft.internal.loop;

import dev.weft.DatagramProtocol;
import dev.weft.DatagramTransport;
import dev.weft.Future;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A datagram socket's transport: Python's {@code _SelectorDatagramTransport}. Receiving: one datagram per pass
 * the socket is readable, into the loop's read buffer, handed on as a {@code byte[]} of exactly its bytes.
 * Sending: at once while nothing is buffered, else queued whole (a datagram is never split) and sent as the
 * socket has room. An error of one send or receive goes to {@code errorReceived}; the endpoint stays open.
 * One thread: the loop's.
 */
final class DatagramEndpoint extends SelectorTransport<DatagramChannel> implements DatagramTransport {
    /** A queued datagram and where it goes. */
    private record Pending(ByteBuffer data, SocketAddress address) {
    }

    private final SocketAddress peer;
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private final Runnable readReady = this::readReady;
    private final Runnable sendReady = this::sendReady;

    DatagramEndpoint(BaseEventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress peer,
                     Future<Void> waiter) {
        super(loop, channel, null);
        this.peer = peer;
        this.protocol = protocol;
        try {
            sockname = channel.getLocalAddress();
        } catch (IOException e) {
            // closed already: the first receive says so
        }
        peername = peer;
        start(() -> ((DatagramProtocol) this.protocol).connectionMade(this), readReady, waiter);
    }

    private void readReady() {
        if (connLost != 0) {
            return;
        }
        ByteBuffer into = loop.readBuffer(MAX_SIZE);
        SocketAddress from;
        try {
            from = channel.receive(into);
        } catch (IOException e) {
            ((DatagramProtocol) protocol).errorReceived(e);
            return;
        } catch (RuntimeException e) {
            fatalError(e, "Fatal read error on datagram transport");
            return;
        }
        if (from == null) {
            return;
        }
        byte[] data = new byte[into.position()];
        into.flip().get(data);
        ((DatagramProtocol) protocol).datagramReceived(data, from);
    }

    @Override
    public void sendto(byte[] data) {
        sendto(data, null);
    }

    @Override
    public void sendto(byte[] data, SocketAddress address) {
        if (data.length == 0) {
            return;
        }
        if (peer != null) {
            if (address != null && !address.equals(peer)) {
                throw new IllegalArgumentException("Invalid address: must be null or " + peer);
            }
            address = peer;
        } else if (address == null) {
            throw new IllegalArgumentException("sendto: the endpoint has no peer, so an address is needed");
        }
        if (connLost != 0 && peer != null) {
            writeAfterLost();
            return;
        }
        if (buffer.isEmpty()) {
            try {
                if (send(ByteBuffer.wrap(data), address)) {
                    return;
                }
                loop.watchWriting(channel, sendReady);
            } catch (IOException e) {
                ((DatagramProtocol) protocol).errorReceived(e);
                return;
            }
        }
        buffer.add(new Pending(ByteBuffer.wrap(Arrays.copyOf(data, data.length)), address));
        bufferSize += data.length;
        maybePauseProtocol();
    }

    /** @return whether the socket took the datagram (else it had no room, and nothing was sent) */
    private boolean send(ByteBuffer data, SocketAddress address) throws IOException {
        return (channel.isConnected() ? channel.write(data) : channel.send(data, address)) > 0;
    }

    private void sendReady() {
        while (!buffer.isEmpty()) {
            Pending next = buffer.peek();
            try {
                if (!send(next.data(), next.address())) {
                    break;   // no room: again when writable
                }
            } catch (IOException e) {
                buffer.poll();
                bufferSize -= next.data().capacity();
                ((DatagramProtocol) protocol).errorReceived(e);
                return;
            }
            buffer.poll();
            bufferSize -= next.data().capacity();
        }
        maybeResumeProtocol();   // may close or abort
        if (buffer.isEmpty()) {
            loop.removeWriter(channel);
            if (closing) {
                drainedWhileClosing();
            }
        }
    }

    @Override
    boolean bufferIsEmpty() {
        return buffer.isEmpty();
    }

    @Override
    void clearBuffer() {
        buffer.clear();
    }
}
