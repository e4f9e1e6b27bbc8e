package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an echo round trip allocates on the loop's thread in steady state, counted by the JVM
 * ({@code ThreadMXBean.getThreadAllocatedBytes}): a count of bytes, not a time, so it does not depend on the
 * machine's load.
 */
@Timeout(60)
class IoAllocationTest {

    private static final int WARMUP = 20_000;
    private static final int MEASURED = 20_000;
    private static final int SIZE = 64;

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Sends SIZE bytes from its own buffer, waits for all of them back, again and again; counts meanwhile. */
    static final class PingClient implements BufferedProtocol {
        final ByteBuffer out = ByteBuffer.allocate(SIZE);
        final ByteBuffer in = ByteBuffer.allocate(SIZE);
        final Future<Long> done;
        Transport transport;
        int trips;
        long start;

        PingClient(Future<Long> done) {
            this.done = done;
            for (int i = 0; i < SIZE; i++) {
                out.put(i, (byte) i);
            }
        }

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
            transport.write(out.clear());
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return in;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            if (in.hasRemaining()) {
                return;
            }
            in.clear();
            trips++;
            if (trips == WARMUP) {
                start = allocated();
            } else if (trips == WARMUP + MEASURED) {
                done.setResult(allocated() - start);
                transport.close();
                return;
            }
            transport.write(out.clear());
        }
    }

    static final class BufferedEcho implements BufferedProtocol {
        final ByteBuffer buffer = ByteBuffer.allocate(65536);
        Transport transport;

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
            transport.write(buffer.flip());
            buffer.clear();
        }
    }

    static final class Echo implements Protocol {
        Transport transport;

        @Override
        public void connectionMade(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    @Async
    static Coroutine<Void> streamEcho(StreamReader reader, StreamWriter writer) {
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
            throw new AssertionError(e);
        }
        writer.close();
        return Coroutine.done();
    }

    /**
     * Both ends on one loop, the client a {@link PingClient} (which allocates nothing): the bytes the loop's
     * thread allocated per round trip over {@value #MEASURED} round trips after {@value #WARMUP}.
     */
    @Async
    static Coroutine<Long> perRoundTrip(String server) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        Server s = switch (server) {
            case "buffered" -> Await.on(loop.createServer(BufferedEcho::new, "127.0.0.1", 0));
            case "protocol" -> Await.on(loop.createServer(Echo::new, "127.0.0.1", 0));
            default -> Await.on(Asyncio.startServer(IoAllocationTest::streamEcho, "127.0.0.1", 0));
        };
        Future<Long> done = loop.createFuture();
        Await.on(loop.createConnection(() -> new PingClient(done), "127.0.0.1", s.port()));
        long bytes = Await.on(done);
        s.close();
        Await.on(s.waitClosed());
        return Coroutine.of(bytes / MEASURED);
    }

    @Test
    void aBufferedProtocolEchoAllocatesNothingPerRoundTrip() throws IOException {
        long perTrip = Asyncio.run(perRoundTrip("buffered"));
        assertEquals(0, perTrip, "bytes allocated per round trip");
    }

    @Test
    void aProtocolEchoAllocatesOnlyTheDataItHandsOver() throws IOException {
        long perTrip = Asyncio.run(perRoundTrip("protocol"));
        assertTrue(perTrip <= SIZE + 16, perTrip + " bytes allocated per round trip");   // one byte[SIZE]
    }

    /**
     * The data, and what a read that suspends costs: the frame of {@code read} (its one state save) and the
     * small wait object it parks with on the reader's event (no future per wait, unlike CPython). 72 bytes
     * together when the JIT leaves both (as with {@code -XX:-DoEscapeAnalysis}); it sometimes removes the wait.
     */
    @Test
    void aStreamEchoAllocatesTheDataAndOneFramePerSuspendedRead() throws IOException {
        long perTrip = Asyncio.run(perRoundTrip("streams"));
        assertTrue(perTrip <= SIZE + 16 + 72, perTrip + " bytes allocated per round trip");
    }
}
