package dev.weft.internal.loop;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * What the loop keeps on a channel's selection key: its reader and writer (Python's {@code (reader, writer)} key
 * data) and the interest operations each stands for. The key stays registered while the channel is open, with
 * no interest once both are gone, so that adding a reader again never meets a cancelled key. One thread: the
 * loop's.
 */
final class IoKey {
    IoCallback reader;
    IoCallback writer;
    /** The interest the reader stands for: OP_READ, or OP_ACCEPT for a server channel. */
    final int readOps;
    /** The interest the writer stands for: OP_WRITE, or OP_CONNECT while a connect is pending. */
    int writeOps;

    IoKey(int readOps) {
        this.readOps = readOps;
    }

    /** @return the interest a writer of {@code key}'s channel stands for now */
    static int writeOps(SelectionKey key) {
        return key.channel() instanceof SocketChannel && ((SocketChannel) key.channel()).isConnectionPending()
                ? SelectionKey.OP_CONNECT : key.channel().validOps() & SelectionKey.OP_WRITE;
    }
}
