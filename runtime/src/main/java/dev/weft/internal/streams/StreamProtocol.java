package dev.weft.internal.streams;

import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Protocol;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.Transport;
import dev.weft.annotations.Async;
import dev.weft.internal.Access;
import dev.weft.internal.loop.BaseEventLoop;

import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The protocol under a stream connection: Python 3.11's {@code StreamReaderProtocol} with its
 * {@code FlowControlMixin}. It feeds the reader, holds {@code drain} while the transport's buffer is over its
 * high-water mark, and, for a server's connection, starts the client-connected callback in a task. One thread:
 * the loop's.
 */
public final class StreamProtocol implements Protocol {
    private static final Access ACCESS = Access.get();

    private final BaseEventLoop loop;
    private StreamReader reader;
    private final BiFunction<StreamReader, StreamWriter, Coroutine<Void>> clientConnected;
    private Transport transport;
    private boolean paused;
    /** The writers waiting in {@code drain}; made when the first has to wait (most connections never do). */
    private List<Future<Void>> drainWaiters;
    private boolean connectionLost;
    /** What the connection was lost with, once it is; {@code null} for a clean close. */
    private Throwable lostWith;
    /**
     * Done when the connection is lost: what {@code StreamWriter.waitClosed} awaits. Made when first asked for,
     * as most connections close without anyone waiting.
     */
    private Future<Void> closed;

    /**
     * @param loop the loop
     * @param reader the reader to feed
     * @param clientConnected for a server's connection, the callback to start in a task; else {@code null}
     */
    public StreamProtocol(BaseEventLoop loop, StreamReader reader,
                          BiFunction<StreamReader, StreamWriter, Coroutine<Void>> clientConnected) {
        this.loop = loop;
        this.reader = reader;
        this.clientConnected = clientConnected;
    }

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        if (reader != null) {
            reader.setTransport(t);
        }
        if (clientConnected != null) {
            StreamWriter writer = ACCESS.newStreamWriter(t, this, reader);
            Coroutine<Void> handler = clientConnected.apply(reader, writer);
            if (handler != null) {
                // As CPython 3.12 does (3.11 leaves the connection open): a handler that fails or is cancelled
                // closes its connection, and its error goes to the loop's exception handler, not astray.
                loop.createTask(handler).addDoneCallback(task -> {
                    if (!task.isCancelled() && task.exception() != null) {
                        Map<String, Object> context = new HashMap<>();
                        context.put("message", "Unhandled exception in client_connected_cb");
                        context.put("exception", task.exception());
                        context.put("transport", t);
                        loop.callExceptionHandler(context);
                    }
                    if (task.isCancelled() || task.exception() != null) {
                        t.close();
                    }
                });
            }
        }
    }

    @Override
    public void connectionLost(Throwable exc) {
        if (reader != null) {
            if (exc == null) {
                reader.feedEof();
            } else {
                reader.setException(exc);
            }
        }
        connectionLost = true;
        lostWith = exc;
        if (closed != null && !closed.isDone()) {
            settleClosed();
        }
        if (paused && drainWaiters != null) {
            for (Future<Void> w : drainWaiters) {   // wake the writers that wait in drain
                if (!w.isDone()) {
                    if (exc == null) {
                        w.setResult(null);
                    } else {
                        w.setException(exc);
                    }
                }
            }
        }
        reader = null;
        transport = null;
    }

    @Override
    public void dataReceived(byte[] data) {
        if (reader != null) {
            ACCESS.feedOwned(reader, data);   // the transport's array is the reader's now
        }
    }

    @Override
    public boolean eofReceived() {
        if (reader != null) {
            reader.feedEof();
        }
        return true;   // the writer may still send; the transport closes when the writer does
    }

    @Override
    public void pauseWriting() {
        paused = true;
    }

    @Override
    public void resumeWriting() {
        paused = false;
        if (drainWaiters != null) {
            for (Future<Void> w : drainWaiters) {
                if (!w.isDone()) {
                    w.setResult(null);
                }
            }
        }
    }

    /**
     * Python's {@code _drain_helper}: returns at once unless the transport is paused; then waits until it
     * resumes or the connection is lost.
     *
     * @return the coroutine to await
     * @throws IOException (when awaited) a {@link SocketException} when the connection was lost, as Python's
     *     {@code ConnectionResetError('Connection lost')}
     */
    @Async
    public Coroutine<Void> drainHelper() throws IOException {
        if (connectionLost) {
            throw new SocketException("Connection lost");
        }
        if (!paused) {
            return Coroutine.done();
        }
        Future<Void> waiter = loop.createFuture();
        if (drainWaiters == null) {
            drainWaiters = new ArrayList<>(2);
        }
        drainWaiters.add(waiter);
        try {
            Await.on(waiter);
        } finally {
            drainWaiters.remove(waiter);
        }
        return Coroutine.done();
    }

    /** @return whether this is a server's connection (its handler runs in a task) */
    public boolean isServerSide() {
        return clientConnected != null;
    }

    /** @return the future done when the connection is lost */
    public Future<Void> closeWaiter() {
        if (closed == null) {
            closed = loop.createFuture();
            if (connectionLost) {
                settleClosed();
            }
        }
        return closed;
    }

    private void settleClosed() {
        if (lostWith == null) {
            closed.setResult(null);
        } else {
            closed.setException(lostWith);
            closed.exception();   // retrieved: a writer nobody waits on closing is not an unhandled error
        }
    }
}
