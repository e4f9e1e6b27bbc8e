package dev.weft;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A single-threaded event loop: Python's {@code asyncio.AbstractEventLoop}.
 *
 * <p>All callbacks, tasks and coroutines of a loop run on the one thread that runs the loop, one at a
 * time, in a fixed order: callbacks in the order they were scheduled with {@link #callSoon}; timers
 * in deadline order, and timers with the same deadline in the order they were scheduled; a
 * {@link #runForever()} pass runs exactly the callbacks that were ready when the pass began, then the
 * callbacks of the channels that became ready while it polled, then the timers that fell due.
 *
 * <p><b>Threads.</b> {@link #callSoonThreadsafe} and {@link #dumpTasks()} may be called from any thread, and
 * {@link #isRunning()} and {@link #isClosed()} read from any thread. The other methods are not thread-safe: call
 * them on the loop's thread, or while no thread runs the loop. In debug mode ({@link #setDebug}),
 * {@link #callSoon}, {@link #callLater} and {@link #callAt} called from another thread while the loop runs throw
 * {@link IllegalStateException}. None of these methods suspends; the ones that return a {@link Coroutine} do
 * their work when it is awaited.
 *
 * <p><b>Errors in callbacks.</b> An exception a callback throws goes to the loop's exception handler
 * ({@link #setExceptionHandler}), with the callback's {@link Handle}, and the loop goes on with the next
 * callback; a {@link VirtualMachineError} other than {@link StackOverflowError} is not caught and ends the run
 * of the loop.
 *
 * <p>Every callback runs in a copy of the {@link Context} that was current when it was scheduled (or, for
 * {@link #addReader} and {@link #addWriter}, registered), and every task in its own context (see
 * {@link #createTask(Awaitable, String, Context)}), as in Python: what a callback sets is gone when it returns.
 */
public interface EventLoop extends AutoCloseable {

    /**
     * Schedules {@code callback} to run on the next pass of the loop, after the callbacks already
     * scheduled (FIFO), in a copy of the current {@link Context}. It never runs inside this call, even on the
     * loop's thread. Loop's thread only (see the class comment).
     *
     * @param callback the callback
     * @return a handle that can cancel it
     * @throws IllegalStateException when the loop is closed, or, in debug mode, when called from a thread other
     *     than the one running the loop
     * @throws NullPointerException when {@code callback} is {@code null}
     */
    Handle callSoon(Runnable callback);

    /**
     * Like {@link #callSoon}, but safe to call from any thread; wakes the loop if it is waiting. The callback
     * runs on the loop's thread, in a copy of the calling thread's current {@link Context}. The loop takes such
     * callbacks in at the start of each pass and again after polling, in the order they were handed in, and
     * queues them after the callbacks already scheduled: from one thread, they run in the order of the calls.
     * This is the way into a loop from another thread, and the way to cancel its {@link Handle} too, which is
     * not thread-safe.
     *
     * <pre>{@code
     * // on a thread that does not run the loop:
     * loop.callSoonThreadsafe(() -> queue.putNowait(line));   // a Queue of the loop
     * loop.callSoonThreadsafe(loop::stop);                     // stop() itself is not thread-safe
     * }</pre>
     *
     * @param callback the callback
     * @return a handle that can cancel it (on the loop's thread)
     * @throws IllegalStateException when the loop is closed
     * @throws NullPointerException when {@code callback} is {@code null}
     */
    Handle callSoonThreadsafe(Runnable callback);

    /**
     * Schedules {@code callback} to run {@code delay} seconds from now, in a copy of the current {@link Context}.
     *
     * @param delay seconds, may be 0 or negative (runs on the next pass that handles timers)
     * @param callback the callback
     * @return a handle that can cancel it
     * @throws IllegalArgumentException when {@code delay} is {@code NaN}
     * @throws IllegalStateException when the loop is closed, or, in debug mode, when called from a thread other
     *     than the one running the loop
     * @throws NullPointerException when {@code callback} is {@code null}
     */
    TimerHandle callLater(double delay, Runnable callback);

    /**
     * Schedules {@code callback} to run at loop time {@code when} (see {@link #time()}), in a copy of the current
     * {@link Context}.
     *
     * @param when the deadline in loop time
     * @param callback the callback
     * @return a handle that can cancel it
     * @throws IllegalArgumentException when {@code when} is {@code NaN}
     * @throws IllegalStateException when the loop is closed, or, in debug mode, when called from a thread other
     *     than the one running the loop
     * @throws NullPointerException when {@code callback} is {@code null}
     */
    TimerHandle callAt(double when, Runnable callback);

    /** @return the loop's monotonic clock, in seconds */
    double time();

    /**
     * Python's {@code loop.create_future()}. The future's done callbacks and the tasks awaiting it are scheduled on
     * this loop.
     *
     * @param <T> the result type
     * @return a new pending future bound to this loop
     */
    <T> Future<T> createFuture();

    /**
     * Wraps {@code awaitable} in a task that starts on a later pass of the loop. The task runs in a copy of the
     * current {@link Context} (made now, in O(1); none while that is empty).
     *
     * <p>Tasks start in the order they were created, each on a pass after the one that created it; a task created
     * while the loop is not running starts once it runs. Cancelled before it starts, a task never runs its
     * coroutine's body.
     *
     * @param awaitable a coroutine (or a future, which the task then awaits)
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException when the loop is closed, or {@code awaitable} is an {@code @Async} method's
     *     coroutine that was already awaited or wrapped in a task
     * @throws NullPointerException when {@code awaitable} is {@code null}
     */
    <T> Task<T> createTask(Awaitable<T> awaitable);

    /**
     * Wraps {@code awaitable} in a named task that starts on a later pass of the loop.
     *
     * @param awaitable a coroutine (or a future, which the task then awaits)
     * @param name the task's name
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException as {@link #createTask(Awaitable)}
     * @throws NullPointerException when {@code awaitable} is {@code null}
     */
    <T> Task<T> createTask(Awaitable<T> awaitable, String name);

    /**
     * Wraps {@code awaitable} in a task that runs in {@code context}: Python's
     * {@code create_task(coro, name=name, context=context)}. Every step of the task enters {@code context} itself,
     * not a copy, so what the task sets is seen in {@code context} (by {@link Context#get}, by other tasks given
     * the same context, one step at a time). A step that finds {@code context} entered (its {@link Context#run}
     * running in another thread, or the loop started inside it) does not run: the loop reports the
     * {@link IllegalStateException} to its exception handler, and the task waits, as in Python.
     *
     * @param awaitable a coroutine (or a future, which the task then awaits)
     * @param name the task's name, or {@code null} for {@code Task-N}
     * @param context the context to run in, or {@code null} for a copy of the current one
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException as {@link #createTask(Awaitable)}
     * @throws NullPointerException when {@code awaitable} is {@code null}
     */
    <T> Task<T> createTask(Awaitable<T> awaitable, String name, Context context);

    /**
     * Runs the loop until {@code awaitable} (wrapped in a task if it is a coroutine) is done, and
     * returns its result or throws its exception: Python's {@code loop.run_until_complete}. The calling thread runs
     * the loop, and is blocked until then. The exception is the original one, even a checked one; a cancelled
     * awaitable throws {@link CancelledError}. Tasks that are still pending when it returns stay pending, and run
     * again when the loop next runs.
     *
     * @param awaitable what to run
     * @param <T> the result type
     * @return the result
     * @throws IllegalStateException when the loop is closed or already running, another loop runs in this thread,
     *     {@code awaitable} is a future of another loop, or {@link #stop()} ended the run before it was done
     *     ("Event loop stopped before Future completed.")
     */
    <T> T runUntilComplete(Awaitable<T> awaitable);

    /**
     * Runs the loop in the calling thread until {@link #stop()} is called: Python's {@code loop.run_forever}. The
     * thread is blocked until then.
     *
     * @throws IllegalStateException when the loop is closed or already running, or another loop runs in this
     *     thread
     */
    void runForever();

    /**
     * Stops the loop after the current pass: callbacks scheduled during it run when the loop next runs. If the
     * loop is not running, its next run does one pass. Not thread-safe: from another thread, call
     * {@code loop.callSoonThreadsafe(loop::stop)}.
     */
    void stop();

    /**
     * Closes every async generator first iterated on this loop that has not finished (Python's
     * {@code loop.shutdown_asyncgens()}), concurrently, as {@code gather} of their {@code aclose()}; a failure to
     * close one goes to the exception handler. A generator iterated after this call is still tracked, with a
     * warning. {@link Asyncio#run} awaits it after cancelling the leftover tasks, before closing the loop.
     *
     * @return the coroutine to await
     */
    Coroutine<Void> shutdownAsyncgens();

    /**
     * Closes the loop: it can no longer run. Idempotent. The callbacks and timers still scheduled are dropped
     * without running, and unfinished tasks are neither run nor cancelled ({@link Asyncio#run} cancels them first);
     * signal handlers are removed, and the default executor is shut down without waiting for the functions it
     * still runs.
     *
     * @throws IllegalStateException when the loop is running
     */
    @Override
    void close();

    /** @return whether the loop is running; any thread */
    boolean isRunning();

    /** @return whether the loop was closed; any thread */
    boolean isClosed();

    /**
     * Runs {@code fn} on {@code executor} (the loop's default executor when {@code null}) and returns a
     * future, bound to this loop, for its result. A failure is the original exception. {@code fn} runs in a copy
     * of the caller's {@link Context}, made now (as {@code Asyncio.toThread}; Python's {@code run_in_executor}
     * leaves that to the caller): it sees the caller's values, and what it sets stays in its copy.
     *
     * <p>{@code fn} is handed to the executor now; this call never blocks or suspends. The future completes on the
     * loop's thread, on a pass after {@code fn} returns. Cancelling the future (for example, cancelling the task that
     * awaits it) does not interrupt {@code fn}: it runs to its end, and its result or exception is dropped. The
     * default executor is a pool of {@code min(32, processors + 4)} daemon threads, as Python's; {@link #close()}
     * shuts it down.
     *
     * <pre>{@code
     * Future<String> page = loop.runInExecutor(null, () -> Files.readString(path));   // blocking I/O, off the loop
     * String text = Await.on(page);                                                    // in an @Async method
     * }</pre>
     *
     * @param executor where to run, or {@code null} for the default executor
     * @param fn the blocking function
     * @param <T> the result type
     * @return a future for the result
     * @throws IllegalStateException when the loop is closed
     * @throws NullPointerException when {@code fn} is {@code null}
     */
    <T> Future<T> runInExecutor(Executor executor, Callable<T> fn);

    /**
     * Sets the handler for exceptions that nothing else handles (a failing callback, an exception
     * never retrieved). The context holds at least {@code "message"}, and {@code "exception"} where
     * there is one. {@code null} restores the default handler, which logs through
     * {@link System.Logger}. The loop makes its own reports on its thread.
     *
     * @param handler the handler, or {@code null}
     */
    void setExceptionHandler(BiConsumer<EventLoop, Map<String, Object>> handler);

    /** @return the handler set with {@link #setExceptionHandler}, or {@code null} for the default */
    BiConsumer<EventLoop, Map<String, Object>> getExceptionHandler();

    /**
     * Passes {@code context} to the exception handler, at once, on the calling thread. If the handler throws, that
     * error is logged and the default handler gets {@code context}.
     *
     * @param context at least {@code "message"}
     */
    void callExceptionHandler(Map<String, Object> context);

    /**
     * Turns debug mode on or off: slow callbacks (over 100 ms) and coroutines that were never awaited
     * are reported. A new loop starts in debug mode when the system property {@code dev.weft.debug} is
     * {@code true}, or, without that property, when the environment variable {@code WEFT_DEBUG} is set (not to
     * {@code 0} or {@code false}): Python's {@code PYTHONASYNCIODEBUG}.
     *
     * @param enabled whether to debug
     */
    void setDebug(boolean enabled);

    /** @return whether debug mode is on */
    boolean getDebug();

    /**
     * A dump of the loop's unfinished tasks, for people, oldest first: each task's name, its state and what it waits
     * on (a sleep until when in loop time, an event, another task, a future and the lock, queue or other primitive it
     * belongs to), its coroutine, and its chain of awaits, innermost first. The format may change.
     *
     * <p>Any thread. On the loop's thread, or while the loop is not running, the dump is made at once. From another
     * thread while the loop runs, it is made on the loop between two callbacks (a consistent snapshot), and waited for
     * at most a second; if the loop does not answer by then, because a callback or a step is holding it, the dump says
     * so, shows where the loop's thread is, and lists the tasks as read without the loop, which may be inconsistent.
     * The same dump is the {@code dumpTasks} operation of the loop's MBean.
     *
     * @return the dump, several lines
     */
    String dumpTasks();

    // ---- I/O: channels on the loop's selector (Python's selector event loop) ----

    /**
     * Watches {@code channel} for reading: {@code callback} runs on the loop each pass in which the channel is
     * readable (for a {@link ServerSocketChannel}: has a connection to accept), until {@link #removeReader}.
     * Python's {@code loop.add_reader}. A reader already set for the channel is replaced (it does not run
     * again).
     *
     * @param channel a non-blocking channel
     * @param callback what runs, on the loop's thread, while the channel is readable
     * @throws IllegalArgumentException when the channel is in blocking mode
     * @throws IllegalStateException when the loop is closed
     */
    void addReader(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching {@code channel} for reading: Python's {@code loop.remove_reader}. A callback already
     * scheduled for this pass does not run.
     *
     * @param channel the channel
     * @return whether a reader was set
     */
    boolean removeReader(SelectableChannel channel);

    /**
     * Watches {@code channel} for writing (for a {@link SocketChannel} whose connect is pending: for the
     * connection to complete): Python's {@code loop.add_writer}. A writer already set is replaced.
     *
     * @param channel a non-blocking channel
     * @param callback what runs, on the loop's thread, while the channel is writable
     * @throws IllegalArgumentException when the channel is in blocking mode
     * @throws IllegalStateException when the loop is closed
     */
    void addWriter(SelectableChannel channel, Runnable callback);

    /**
     * Stops watching {@code channel} for writing: Python's {@code loop.remove_writer}.
     *
     * @param channel the channel
     * @return whether a writer was set
     */
    boolean removeWriter(SelectableChannel channel);

    /**
     * Receives up to {@code n} bytes: Python's {@code loop.sock_recv}. Reads at once if data is there, else
     * waits on the loop until the channel is readable. Cancelling the await stops the wait; nothing is read.
     *
     * @param channel a connected, non-blocking channel
     * @param n the most bytes to receive, {@code >= 0}
     * @return the coroutine to await: the bytes received, empty at end of stream (or for {@code n == 0})
     * @throws IOException (when awaited) what the channel's read throws, as it is
     */
    Coroutine<byte[]> sockRecv(SocketChannel channel, int n) throws IOException;

    /**
     * Receives into {@code buffer}: Python's {@code loop.sock_recv_into}. The buffer's position moves past the
     * bytes received.
     *
     * @param channel a connected, non-blocking channel
     * @param buffer where the bytes go, up to its limit
     * @return the coroutine to await: how many bytes were received, 0 at end of stream (or for a full buffer)
     * @throws IOException (when awaited) what the channel's read throws, as it is
     */
    Coroutine<Integer> sockRecvInto(SocketChannel channel, ByteBuffer buffer) throws IOException;

    /**
     * Sends all of {@code data}: Python's {@code loop.sock_sendall}. Writes what the socket takes at once and
     * waits on the loop for room for the rest. Cancelled while waiting, some of the data may have been sent.
     *
     * @param channel a connected, non-blocking channel
     * @param data the bytes
     * @return the coroutine to await
     * @throws IOException (when awaited) what the channel's write throws, as it is
     */
    Coroutine<Void> sockSendall(SocketChannel channel, byte[] data) throws IOException;

    /**
     * Sends the remaining bytes of {@code data}, as {@link #sockSendall(SocketChannel, byte[])}; the buffer's
     * position reaches its limit.
     *
     * @param channel a connected, non-blocking channel
     * @param data the bytes from its position to its limit
     * @return the coroutine to await
     * @throws IOException (when awaited) what the channel's write throws, as it is
     */
    Coroutine<Void> sockSendall(SocketChannel channel, ByteBuffer data) throws IOException;

    /**
     * Connects {@code channel} to {@code address}: Python's {@code loop.sock_connect}. An unresolved host name
     * is looked up on the default executor, not on the loop's thread.
     *
     * @param channel an unconnected, non-blocking channel
     * @param address where to connect
     * @return the coroutine to await
     * @throws IOException (when awaited) {@link java.net.ConnectException} when refused, or what else the
     *     connect throws, as it is
     */
    Coroutine<Void> sockConnect(SocketChannel channel, SocketAddress address) throws IOException;

    /**
     * Accepts a connection: Python's {@code loop.sock_accept}.
     *
     * @param channel a bound, non-blocking server channel
     * @return the coroutine to await: the new connection, non-blocking ({@link SocketChannel#getRemoteAddress()}
     *     is Python's {@code address})
     * @throws IOException (when awaited) what the accept throws, as it is
     */
    Coroutine<SocketChannel> sockAccept(ServerSocketChannel channel) throws IOException;

    /**
     * Opens a stream connection to {@code host}:{@code port}: Python's {@code loop.create_connection}. Each
     * address of the host is tried in turn (a name is looked up off the loop's thread). The awaited pair comes
     * once the protocol's {@link BaseProtocol#connectionMade} has run.
     *
     * @param protocolFactory makes the connection's protocol (a {@link Protocol} or a {@link BufferedProtocol})
     * @param host a name or an address
     * @param port the port
     * @param <P> the protocol's type
     * @return the coroutine to await: the transport and the protocol
     * @throws IOException (when awaited) {@link java.net.ConnectException} when refused, the lookup's
     *     {@link java.net.UnknownHostException}, or what else connecting throws
     */
    <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> createConnection(Supplier<P> protocolFactory,
                                                                             String host, int port)
            throws IOException;

    /**
     * {@link #createConnection(Supplier, String, int)} over TLS: the protocol's {@code connectionMade} comes once
     * the handshake is done.
     *
     * @param protocolFactory makes the connection's protocol
     * @param host a name or an address
     * @param port the port
     * @param ssl the TLS configuration (its trust store decides which servers are trusted)
     * @param serverHostname the name the server's certificate must be for, or {@code null} for {@code host}
     * @param sslHandshakeTimeout seconds the handshake may take (Python's default: 60)
     * @param <P> the protocol's type
     * @return the coroutine to await: the transport and the protocol
     * @throws IOException (when awaited) {@link javax.net.ssl.SSLHandshakeException} for a failed handshake or
     *     certificate check, or what else connecting throws
     */
    <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> createConnection(Supplier<P> protocolFactory,
                                                                             String host, int port, SSLContext ssl,
                                                                             String serverHostname,
                                                                             double sslHandshakeTimeout)
            throws IOException;

    /**
     * Listens on {@code host}:{@code port}: Python's {@code loop.create_server} with its defaults. Each accepted
     * connection gets a protocol from the factory and a transport.
     *
     * @param protocolFactory makes each connection's protocol
     * @param host a name or an address to listen on (each of its addresses), or {@code null} for all interfaces
     * @param port the port; 0 lets the system choose ({@link Server#port()})
     * @return the coroutine to await: the server, already serving
     * @throws IOException (when awaited) what binding throws, for example {@link java.net.BindException}
     */
    Coroutine<Server> createServer(Supplier<? extends BaseProtocol> protocolFactory, String host, int port)
            throws IOException;

    /**
     * {@link #createServer(Supplier, String, int)} with options: backlog, address and port reuse, and whether to
     * serve at once.
     *
     * @param protocolFactory makes each connection's protocol
     * @param host where to listen, or {@code null} for all interfaces
     * @param port the port, or 0
     * @param options how to listen
     * @return the coroutine to await: the server
     * @throws IOException (when awaited) what binding throws
     */
    Coroutine<Server> createServer(Supplier<? extends BaseProtocol> protocolFactory, String host, int port,
                                   ServerOptions options) throws IOException;

    /**
     * Opens a stream connection to the Unix socket at {@code path}: Python's {@code loop.create_unix_connection}.
     *
     * @param protocolFactory makes the connection's protocol
     * @param path the socket file
     * @param <P> the protocol's type
     * @return the coroutine to await: the transport and the protocol
     * @throws IOException (when awaited) what connecting throws, for example when nothing listens there
     */
    <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> createUnixConnection(Supplier<P> protocolFactory,
                                                                                 Path path) throws IOException;

    /**
     * Listens on the Unix socket at {@code path}: Python 3.11's {@code loop.create_unix_server}. A socket file
     * left there by an earlier server is removed first; the file stays when the server closes.
     *
     * @param protocolFactory makes each connection's protocol
     * @param path the socket file
     * @param options how to listen (backlog, serving at once)
     * @return the coroutine to await: the server
     * @throws IOException (when awaited) what binding throws
     */
    Coroutine<Server> createUnixServer(Supplier<? extends BaseProtocol> protocolFactory, Path path,
                                       ServerOptions options) throws IOException;

    /**
     * Opens a datagram endpoint: Python's {@code loop.create_datagram_endpoint}. The socket is bound to
     * {@code localAddr} (any address and port when {@code null}) and, with {@code remoteAddr}, connected to it,
     * so that {@link DatagramTransport#sendto(byte[])} needs no address and only the peer's datagrams arrive.
     * Unresolved names are looked up off the loop's thread.
     *
     * @param protocolFactory makes the endpoint's protocol
     * @param localAddr where to bind, or {@code null}
     * @param remoteAddr the peer, or {@code null}
     * @param <P> the protocol's type
     * @return the coroutine to await: the transport and the protocol
     * @throws IOException (when awaited) what binding or connecting throws
     */
    <P extends DatagramProtocol> Coroutine<Endpoint<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, SocketAddress localAddr, SocketAddress remoteAddr) throws IOException;

    /**
     * Runs {@code callback} on the loop each time the process gets {@code signal}: Python's
     * {@code loop.add_signal_handler}. The JVM delivers signals on a thread of its own; the callback is queued as
     * by {@link #callSoonThreadsafe}, so it runs on the loop's thread. A handler already set for the signal is
     * replaced. Signals are the process's: a handler added by another loop for the same signal is replaced too.
     *
     * @param signal the signal's name without {@code SIG}: {@code "INT"}, {@code "TERM"}, {@code "HUP"},
     *     {@code "USR1"}, ...
     * @param callback what runs
     * @throws IllegalArgumentException for an unknown signal
     * @throws IllegalStateException when the signal cannot be caught (KILL, STOP, or one the JVM keeps, as QUIT)
     *     or the loop is closed
     * @throws UnsupportedOperationException when the JVM has not loaded the module {@code jdk.unsupported}, where
     *     the JDK keeps signal handling: an application run as a named module needs {@code requires jdk.unsupported;}
     */
    void addSignalHandler(String signal, Runnable callback);

    /**
     * Stops handling {@code signal}: Python's {@code loop.remove_signal_handler}. The signal gets back what it
     * had before (for INT, TERM and HUP: the JVM's own, which shuts it down).
     *
     * @param signal the signal's name
     * @return whether a handler was set
     */
    boolean removeSignalHandler(String signal);
}
