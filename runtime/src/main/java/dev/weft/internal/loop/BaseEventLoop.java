package dev.weft.internal.loop;

import dev.weft.Awaitable;
import dev.weft.CancelledError;
import dev.weft.BaseProtocol;
import dev.weft.Context;
import dev.weft.Coroutine;
import dev.weft.DatagramProtocol;
import dev.weft.DatagramTransport;
import dev.weft.Endpoint;
import dev.weft.EventLoop;
import dev.weft.Future;
import dev.weft.Handle;
import dev.weft.Server;
import dev.weft.ServerOptions;
import dev.weft.Task;
import dev.weft.TimerHandle;
import dev.weft.Transport;
import dev.weft.internal.Access;
import dev.weft.internal.AsyncGen;
import dev.weft.internal.Clock;
import dev.weft.internal.DebugMode;
import dev.weft.internal.NeverAwaited;
import dev.weft.internal.Rt;
import dev.weft.internal.context.ContextRunnable;
import dev.weft.internal.context.CurrentContext;
import dev.weft.internal.jfr.LoopEvents;
import dev.weft.internal.jfr.LoopRecorder;
import dev.weft.internal.management.LoopRegistry;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The event loop: CPython's {@code BaseEventLoop} + {@code BaseSelectorEventLoop}.
 *
 * <p>{@link #runOnce()} is the only place callbacks run: drain the thread-safe inbox, purge cancelled
 * timers, wait on the selector until the next timer (not at all if callbacks are ready), move due
 * timers to the ready queue, then run exactly the callbacks that were ready when the pass began.
 */
public final class BaseEventLoop implements EventLoop {

    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final Access ACCESS = Access.get();
    private static final ThreadLocal<BaseEventLoop> RUNNING = new ThreadLocal<>();
    private static final ThreadLocal<BaseEventLoop> THREAD_LOOP = new ThreadLocal<>();
    /** Python's MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION. */
    private static final int MIN_SCHEDULED_TIMER_HANDLES = 100;
    private static final double MAX_SELECT_TIMEOUT = 24 * 3600;
    private static final AtomicInteger EXECUTOR_IDS = new AtomicInteger();

    private final Clock clock;
    private final long origin;
    // Package-private, not private: the loop's tests look at them (LoopProbe).
    /** Handles and plain runnables, FIFO. */
    final ReadyQueue ready = new ReadyQueue();
    final TimerQueue timers = new TimerQueue();
    private int cancelledTimers;
    private int timerSeq;
    final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    /**
     * Set after each add to {@link #inbox}, cleared by the loop before it drains: one plain load a pass instead of
     * walking the queue's head, twice a pass, when no other thread has called in (nearly always).
     */
    private volatile boolean inboxPending;
    private final Selector selector;
    /** The selector's key set, the same object for its whole life: read each pass without its open check. */
    private final Set<SelectionKey> selectorKeys;
    private volatile Thread thread;
    /**
     * {@link #thread}, in a plain field: {@link #callerContext()} (each task made) asks whether the caller is the
     * loop's thread without a volatile read. A thread reads its own writes, so it sees itself here exactly while
     * it runs the loop.
     */
    private Thread ownThread;
    private boolean stopping;
    private volatile boolean closed;
    private boolean debug = DebugMode.byDefault();
    /**
     * Whether this pass times its callbacks: in debug mode, or while a JFR recording wants the loop's events. Set
     * once a pass (and by {@link #setDebug}), so that an untimed callback costs one test of a field.
     */
    private boolean timed = debug;
    /** This loop's JFR events while a recording wants them, else {@code null}; set once a pass. */
    private LoopRecorder recording;
    /**
     * How many callbacks and task steps ran for 100 ms ({@link LoopEvents#SLOW_NANOS}) or longer while they were timed.
     * Written by the loop only; volatile for the JMX reader, which rarely sees it change.
     */
    private volatile long slowCallbacks;
    /** In a timed pass: when the last callback ended, or the pass began, on the loop's clock. */
    private long lastTick;
    private Task<?> currentTask;
    final SuspendedTasks suspended = new SuspendedTasks();
    private final TaskNumbers taskNumbers = new TaskNumbers();
    /** The unfinished async generators first iterated on this loop, in that order: Python's {@code _asyncgens}. */
    private final Set<AsyncGen> asyncgens = new LinkedHashSet<>();
    private boolean asyncgensShutDown;
    /** The task driver's scratch state: see {@link Driver}. */
    public final Driver driver = new Driver();
    private BiConsumer<EventLoop, Map<String, Object>> exceptionHandler;
    private ExecutorService defaultExecutor;
    private ByteBuffer readBuffer;
    private ByteBuffer writeBuffer;
    private final SignalHandlers signals = new SignalHandlers(this);
    private final List<Runnable> closeHooks = new ArrayList<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    /** What a test kit asks the loop to keep, or {@code null}: see {@link LoopWatch}. */
    LoopWatch watch;
    /** Set while a test steps the loop ({@link #runWithoutWaiting}): a pass never waits, so time never jumps. */
    private boolean neverWait;
    /** What {@link #enterRunning} put aside, for {@link #leaveRunning}. */
    private CurrentContext outerSlot;
    private Context outerContext;
    private boolean debugRun;

    /** A loop on the system's monotonic clock. */
    public BaseEventLoop() {
        this(Clock.SYSTEM);
    }

    /** @param clock the loop's clock (tests give a virtual one) */
    public BaseEventLoop(Clock clock) {
        this.clock = clock;
        this.origin = clock.nanoTime();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the event loop", e);
        }
        this.selectorKeys = selector.keys();
    }

    public static BaseEventLoop runningOrNull() {
        return RUNNING.get();
    }

    public static BaseEventLoop running() {
        BaseEventLoop l = RUNNING.get();
        if (l == null) {
            throw new IllegalStateException("no running event loop");
        }
        return l;
    }

    public static BaseEventLoop forThread() {
        BaseEventLoop l = RUNNING.get();
        if (l != null) {
            return l;
        }
        l = THREAD_LOOP.get();
        if (l == null || l.isClosed()) {
            l = Loops.newLoop();
            THREAD_LOOP.set(l);
        }
        return l;
    }

    public static void setThreadLoop(BaseEventLoop l) {
        if (l == null) {
            THREAD_LOOP.remove();
        } else {
            THREAD_LOOP.set(l);
        }
    }

    // ---- scheduling ----

    @Override
    public Handle callSoon(Runnable callback) {
        checkClosed();
        checkThread("callSoon");
        Handle h = traced(ACCESS.newHandle(inCallerContext(requireCallback(callback))));
        ready.add(h);
        return h;
    }

    /**
     * callSoon for the runtime's own callbacks, without a handle: a Runnable or a Task (to step or wake).
     */
    public void schedule(Object callback) {
        ready.add(callback);
    }

    @Override
    public Handle callSoonThreadsafe(Runnable callback) {
        checkClosed();
        Handle h = traced(ACCESS.newHandle(inCallerContext(requireCallback(callback))));
        inbox.add(h);
        inboxPending = true;
        selector.wakeup();
        return h;
    }

    @Override
    public TimerHandle callLater(double delay, Runnable callback) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("delay must not be NaN");
        }
        return callAt(time() + delay, callback);
    }

    @Override
    public TimerHandle callAt(double when, Runnable callback) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when must not be NaN");
        }
        checkClosed();
        checkThread("callAt");
        TimerHandle t = traced(ACCESS.newTimer(this, when, inCallerContext(requireCallback(callback))));
        timers.add(t, when, timerSeq++);
        return t;
    }

    /** Arms the timer of a sleeping task: the task is its own heap entry. */
    public void addSleep(Task<?> sleeper, double when) {
        timers.add(sleeper, when, timerSeq++);
    }

    /**
     * @param queueIndex a sleeping task's or a timer handle's position, as the timer queue keeps it
     * @return whether it says the timer is queued
     */
    public static boolean isQueued(int queueIndex) {
        return TimerQueue.isQueued(queueIndex);
    }

    /** Takes a sleeping task's timer out: its sleep was cancelled. */
    public void removeSleep(Task<?> sleeper) {
        timers.remove(sleeper);
    }

    /** @param t one of this loop's timers, just cancelled: counted while it stays queued, for the purge */
    public void timerCancelled(TimerHandle t) {
        if (TimerQueue.isQueued(ACCESS.queueIndex(t))) {
            cancelledTimers++;
        }
    }

    /**
     * The calling thread's current-context slot: on the loop's own thread while it runs, the driver, without a
     * thread-local lookup.
     *
     * @return the slot whose context a task or a callback made now copies
     */
    public CurrentContext callerContext() {
        return ownThread == Thread.currentThread() ? driver : CurrentContext.ofThread();
    }

    /** {@code callback} bound to a copy of the caller's context, or itself when that is empty (Python's Handle). */
    private Runnable inCallerContext(Runnable callback) {
        return CurrentContext.used ? ContextRunnable.bind(callback, callerContext()) : callback;
    }

    private static Runnable requireCallback(Runnable callback) {
        if (callback == null) {
            throw new NullPointerException("callback must not be null");
        }
        return callback;
    }

    @Override
    public double time() {
        return (clock.nanoTime() - origin) / 1e9;
    }

    // ---- I/O ----

    @Override
    public void addReader(SelectableChannel channel, Runnable callback) {
        watchReading(channel, callback);
    }

    /**
     * {@link #addReader}, giving the new reader, so that a sock_ operation removes only its own (Python's
     * {@code _sock_read_done}).
     *
     * @param channel a non-blocking channel
     * @param callback what runs while it is readable
     * @return the reader
     */
    public IoCallback watchReading(SelectableChannel channel, Runnable callback) {
        IoKey io = ioKey(channel, callback);
        IoCallback r = new IoCallback(inCallerContext(callback), true);
        IoCallback old = io.reader;
        io.reader = r;
        if (old != null) {
            old.cancel();
        }
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(key.interestOps() | io.readOps);
        return r;
    }

    @Override
    public boolean removeReader(SelectableChannel channel) {
        IoKey io = registered(channel);
        if (io == null || io.reader == null) {
            return false;
        }
        io.reader.cancel();
        io.reader = null;
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(key.interestOps() & ~io.readOps);
        return true;
    }

    @Override
    public void addWriter(SelectableChannel channel, Runnable callback) {
        watchWriting(channel, callback);
    }

    /**
     * {@link #addWriter}, giving the new writer (see {@link #watchReading}).
     *
     * @param channel a non-blocking channel
     * @param callback what runs while it is writable
     * @return the writer
     */
    public IoCallback watchWriting(SelectableChannel channel, Runnable callback) {
        IoKey io = ioKey(channel, callback);
        IoCallback w = new IoCallback(inCallerContext(callback), false);
        IoCallback old = io.writer;
        io.writer = w;
        if (old != null) {
            old.cancel();
        }
        SelectionKey key = channel.keyFor(selector);
        int ops = key.interestOps() & ~io.writeOps;
        io.writeOps = IoKey.writeOps(key);
        key.interestOps(ops | io.writeOps);
        return w;
    }

    @Override
    public boolean removeWriter(SelectableChannel channel) {
        IoKey io = registered(channel);
        if (io == null || io.writer == null) {
            return false;
        }
        io.writer.cancel();
        io.writer = null;
        SelectionKey key = channel.keyFor(selector);
        key.interestOps(key.interestOps() & ~io.writeOps);
        return true;
    }

    @Override
    public Coroutine<byte[]> sockRecv(SocketChannel channel, int n) throws IOException {
        return SocketOps.recv(this, channel, n);
    }

    @Override
    public Coroutine<Integer> sockRecvInto(SocketChannel channel, ByteBuffer buffer) throws IOException {
        return SocketOps.recvInto(this, channel, buffer);
    }

    @Override
    public Coroutine<Void> sockSendall(SocketChannel channel, byte[] data) throws IOException {
        return SocketOps.sendall(this, channel, ByteBuffer.wrap(data));
    }

    @Override
    public Coroutine<Void> sockSendall(SocketChannel channel, ByteBuffer data) throws IOException {
        return SocketOps.sendall(this, channel, data);
    }

    @Override
    public Coroutine<Void> sockConnect(SocketChannel channel, SocketAddress address) throws IOException {
        return SocketOps.connect(this, channel, address);
    }

    @Override
    public Coroutine<SocketChannel> sockAccept(ServerSocketChannel channel) throws IOException {
        return SocketOps.accept(this, channel);
    }

    @Override
    public <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port) throws IOException {
        return Connections.createConnection(this, protocolFactory, host, port, null, null, 0);
    }

    @Override
    public <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> createConnection(
            Supplier<P> protocolFactory, String host, int port, SSLContext ssl, String serverHostname,
            double sslHandshakeTimeout) throws IOException {
        return Connections.createConnection(this, protocolFactory, host, port, ssl,
                serverHostname != null ? serverHostname : host, sslHandshakeTimeout);
    }

    /**
     * Python's {@code loop.start_tls}: TLS on {@code transport}, whose protocol stays the application's.
     *
     * @param transport a connected stream transport of this loop
     * @param protocol its protocol
     * @param ssl the TLS configuration
     * @param serverSide whether this end is the server
     * @param serverHostname for a client, the name the certificate must be for, or {@code null}
     * @param sslHandshakeTimeout seconds the handshake may take
     * @return the coroutine to await: the new transport to write to
     */
    public Coroutine<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ssl,
                                         boolean serverSide, String serverHostname, double sslHandshakeTimeout) {
        return Connections.startTls(this, transport, protocol, ssl, serverSide, serverHostname, sslHandshakeTimeout);
    }

    @Override
    public Coroutine<Server> createServer(Supplier<? extends BaseProtocol> protocolFactory, String host, int port)
            throws IOException {
        return createServer(protocolFactory, host, port, ServerOptions.defaults());
    }

    @Override
    public Coroutine<Server> createServer(Supplier<? extends BaseProtocol> protocolFactory, String host, int port,
                                          ServerOptions options) throws IOException {
        return Connections.createServer(this, protocolFactory, host, port, options);
    }

    @Override
    public <P extends BaseProtocol> Coroutine<Endpoint<Transport, P>> createUnixConnection(
            Supplier<P> protocolFactory, Path path) throws IOException {
        return Connections.createUnixConnection(this, protocolFactory, path);
    }

    @Override
    public Coroutine<Server> createUnixServer(Supplier<? extends BaseProtocol> protocolFactory, Path path,
                                              ServerOptions options) throws IOException {
        return Connections.createUnixServer(this, protocolFactory, path, options);
    }

    @Override
    public <P extends DatagramProtocol> Coroutine<Endpoint<DatagramTransport, P>> createDatagramEndpoint(
            Supplier<P> protocolFactory, SocketAddress localAddr, SocketAddress remoteAddr) throws IOException {
        return Connections.createDatagramEndpoint(this, protocolFactory, localAddr, remoteAddr);
    }

    /**
     * Runs {@code hook} when the loop closes: what must not outlive it (a child process and its pipes' threads).
     *
     * @param hook what to close
     */
    public void closeWithLoop(Runnable hook) {
        checkClosed();
        closeHooks.add(hook);
    }

    @Override
    public void addSignalHandler(String signal, Runnable callback) {
        checkClosed();
        // The handler runs in a copy of the context current now, as Python's signal Handle does, not in the
        // signal thread's.
        signals.add(signal, inCallerContext(requireCallback(callback)));
    }

    @Override
    public boolean removeSignalHandler(String signal) {
        return signals.remove(signal);
    }

    /**
     * The loop's one buffer that transports read into before they hand the bytes on: one read at a time runs on
     * the loop, so one buffer serves them all.
     *
     * @param size how many bytes a read may take
     * @return the buffer, cleared, with room for {@code size} bytes
     */
    ByteBuffer readBuffer(int size) {
        ByteBuffer b = readBuffer;
        if (b == null || b.capacity() < size) {
            b = readBuffer = ByteBuffer.allocateDirect(size);
        }
        b.clear().limit(size);
        return b;
    }

    /**
     * Writes as much of {@code data} as the channel takes now, through the loop's one direct write buffer: no
     * wrapper per write, and no copy beyond the one a heap buffer's write makes anyway.
     *
     * @param channel a non-blocking channel
     * @param data the bytes
     * @param offset where they start
     * @param length how many
     * @return how many were written, from {@code offset}
     * @throws IOException what the write throws
     */
    int writeNow(SocketChannel channel, byte[] data, int offset, int length) throws IOException {
        ByteBuffer out = writeBuffer;
        if (out == null) {
            out = writeBuffer = ByteBuffer.allocateDirect(SelectorTransport.MAX_SIZE);
        }
        int sent = 0;
        while (sent < length) {
            int n = Math.min(out.capacity(), length - sent);
            out.clear();
            out.put(data, offset + sent, n).flip();
            int w = channel.write(out);
            sent += w;
            if (w < n) {
                break;
            }
        }
        return sent;
    }

    /**
     * Closes {@code channel} now. A channel registered with a selector closes for real only when its key leaves
     * the selector, at the selector's next poll; a listening socket would meanwhile still take connections that
     * then get reset. So the selector polls at once: what it finds ready it reports again at the next poll.
     *
     * @param channel a channel of this loop
     * @throws IOException what closing throws
     */
    public void closeChannel(SelectableChannel channel) throws IOException {
        boolean registered = channel.keyFor(selector) != null;
        channel.close();
        if (registered && !closed) {
            selector.selectNow();
            selector.selectedKeys().clear();
        }
    }

    /** The channel's IoKey on this loop's selector, registering it (with no interest yet) the first time. */
    private IoKey ioKey(SelectableChannel channel, Runnable callback) {
        checkClosed();
        requireCallback(callback);
        requireNonBlocking(channel);
        SelectionKey key = channel.keyFor(selector);
        if (key != null && key.isValid()) {
            return (IoKey) key.attachment();
        }
        if (key != null) {
            selectNow();   // a key cancelled by closing the channel: the selector lets it go at its next poll
        }
        IoKey io = new IoKey(channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT));
        try {
            channel.register(selector, 0, io);
        } catch (ClosedChannelException e) {
            throw new IllegalArgumentException("the channel is closed: " + channel, e);
        }
        return io;
    }

    /**
     * @param channel a channel to watch or to operate on from the loop
     * @throws IllegalArgumentException when it is in blocking mode: it would block the loop
     */
    static void requireNonBlocking(SelectableChannel channel) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the channel must be non-blocking (configureBlocking(false)): "
                    + channel);
        }
    }

    /** @return the channel's IoKey on this loop's selector, or {@code null} */
    private IoKey registered(SelectableChannel channel) {
        if (closed) {
            return null;
        }
        SelectionKey key = channel.keyFor(selector);
        return key != null && key.isValid() ? (IoKey) key.attachment() : null;
    }

    // ---- futures and tasks ----

    @Override
    public <T> Future<T> createFuture() {
        return ACCESS.newFuture(this);
    }

    @Override
    public <T> Task<T> createTask(Awaitable<T> awaitable) {
        return createTask(awaitable, null);
    }

    @Override
    public <T> Task<T> createTask(Awaitable<T> awaitable, String name) {
        checkClosed();
        return ACCESS.newTask(this, awaitable, name, null);
    }

    @Override
    public <T> Task<T> createTask(Awaitable<T> awaitable, String name, Context context) {
        checkClosed();
        return ACCESS.newTask(this, awaitable, name, context);
    }

    /**
     * Python's {@code ensure_future(awaitable, loop=self)}.
     *
     * @param awaitable a future (bound to this loop if unbound) or a coroutine (wrapped in a new task)
     * @param <T> the result type
     * @return the future
     * @throws IllegalStateException when the future belongs to another loop
     */
    public <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        if (awaitable instanceof Future) {
            Future<T> f = (Future<T>) awaitable;
            BaseEventLoop bound = ACCESS.loopOf(f);
            if (bound == null) {
                ACCESS.bind(f, this);
            } else if (bound != this) {
                throw new IllegalStateException("The future belongs to a different loop than the one specified"
                        + " as the loop argument");
            }
            return f;
        }
        return createTask(awaitable);
    }

    /** A task suspended for the first time: from now on only the table holds it for sure. */
    public void registerTask(Task<?> t) {
        suspended.add(t);
    }

    /** A task finished: it leaves the table, if it was in it. */
    public void unregisterTask(Task<?> t) {
        suspended.remove(t);
    }

    /** @return the N of the next {@code Task-N} of this loop */
    public int nextTaskNumber() {
        return taskNumbers.next();
    }

    /**
     * A task enters the table when it first suspends, not when it is created: a task that runs to its end in
     * one step, as most short ones do, never pays for it. Tasks start in the order they are created, and one
     * task's first step ends before the next task's begins, so the table's order (of first suspensions) is the
     * order of creation; after the tasks in it come the current task, if it has not suspended yet, and then the
     * tasks waiting in the ready queue for their first step, all created later.
     *
     * @return the unfinished tasks, oldest first
     */
    public Set<Task<?>> allTasks() {
        Set<Task<?>> tasks = suspended.snapshot();
        if (currentTask != null && !currentTask.isDone()) {
            tasks.add(currentTask);
        }
        ready.forEach(item -> {
            if (item instanceof Task && !((Task<?>) item).isDone()) {
                tasks.add((Task<?>) item);
            }
        });
        return tasks;
    }

    /** Python's {@code _enter_task}: {@code t} starts a step. */
    public void enterTask(Task<?> t) {
        if (currentTask != null) {
            throw new IllegalStateException("Cannot enter into task " + t + " while another task "
                    + currentTask + " is being executed.");
        }
        currentTask = t;
    }

    /** Python's {@code _leave_task}: {@code t}'s step is over. */
    public void leaveTask(Task<?> t) {
        if (currentTask != t) {
            throw new IllegalStateException("Leaving task " + t + " does not match the current task " + currentTask + ".");
        }
        currentTask = null;
    }

    /** @return whether the calling thread is the one running this loop */
    public boolean isLoopThread() {
        return thread == Thread.currentThread();
    }

    /** @return the task running a step, or {@code null} */
    public Task<?> currentTask() {
        return currentTask;
    }

    /**
     * A future on this loop that completes (on this loop's thread) when {@code stage} does: Python's
     * {@code wrap_future}. Cancellation goes both ways, as {@code _chain_future} does: a cancelled stage cancels the
     * future, and cancelling the future (its awaiting task cancelled, a timeout) cancels the stage, through
     * {@code toCompletableFuture().cancel(false)} when the stage allows it.
     */
    public <T> Future<T> wrapStage(CompletionStage<T> stage) {
        Future<T> f = ACCESS.newFuture(this);
        f.addDoneCallback(done -> {
            if (done.isCancelled()) {
                try {
                    stage.toCompletableFuture().cancel(false);
                } catch (UnsupportedOperationException e) {
                    // a stage that cannot be cancelled from outside: it runs to its end, unheard
                }
            }
        });
        stage.whenComplete((v, e) -> {
            Runnable complete = () -> {
                if (f.isDone()) {
                    return;
                }
                if (e != null) {
                    Throwable cause = Rt.unwrap(e);
                    if (cause instanceof CancelledError) {
                        f.cancel(cause.getMessage());   // the stage was cancelled (unwrap made it a CancelledError)
                    } else {
                        f.setException(cause);
                    }
                } else {
                    f.setResult(v);
                }
            };
            if (isLoopThread()) {
                complete.run();
            } else if (!closed) {
                callSoonThreadsafe(complete);
            }
        });
        return f;
    }

    // ---- running ----

    @Override
    @SuppressWarnings("unchecked")
    public <T> T runUntilComplete(Awaitable<T> awaitable) {
        checkClosed();
        checkNotRunning();
        boolean newTask = !(awaitable instanceof Future);
        Future<T> f = ensureFuture(awaitable);
        Consumer<Future<T>> stopper = fut -> stop();
        f.addDoneCallback(stopper);
        try {
            runForever();
        } catch (Throwable t) {
            if (newTask && f.isDone() && !f.isCancelled()) {
                f.exception();
            }
            throw t;
        } finally {
            f.removeDoneCallback(stopper);
        }
        if (!f.isDone()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return f.result();
    }

    @Override
    public void runForever() {
        enterRunning();
        LoopRegistry.started(this);   // its MBean, if it runs for a while
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            LoopRegistry.stopped(this);
            leaveRunning();
        }
    }

    /** The loop starts running in this thread: what {@link #runForever} and {@link #runWithoutWaiting} share. */
    private void enterRunning() {
        checkClosed();
        checkNotRunning();
        thread = Thread.currentThread();
        ownThread = thread;
        RUNNING.set(this);
        // The driver is the thread's current-context slot while the loop runs; the thread's own context is put
        // aside (its bound thread-locals cleared) and comes back when the loop stops.
        outerSlot = CurrentContext.startLoop(driver);
        outerContext = ACCESS.enterContext(outerSlot, null);
        debugRun = debug;
        if (debugRun) {
            NeverAwaited.debugLoop(true);
        }
    }

    private void leaveRunning() {
        if (debugRun) {
            NeverAwaited.debugLoop(false);
        }
        stopping = false;
        thread = null;
        ownThread = null;
        RUNNING.remove();
        CurrentContext outer = outerSlot;
        Context context = outerContext;
        outerSlot = null;
        outerContext = null;
        CurrentContext.stopLoop(driver, outer);
        ACCESS.leaveContext(outer, null, context);
    }

    // ---- stepping from outside (the test kit's TestLoop) ----

    /**
     * Runs passes of the loop in the calling thread, as {@link #runForever} does (tasks see it as the running
     * loop), but no pass waits for I/O or moves a virtual clock, and before each pass {@code again} decides whether
     * there is one: kotlinx-coroutines-test's scheduler stepping, for a loop that a test drives from outside.
     * {@code again} runs outside the passes and may move the clock ({@link #advanceClockToNanos}).
     *
     * @param again asked before each pass; {@code false} ends the run
     * @throws IllegalStateException when the loop is closed or running, or another loop runs in this thread
     */
    public void runWithoutWaiting(java.util.function.BooleanSupplier again) {
        enterRunning();
        neverWait = true;
        try {
            while (again.getAsBoolean()) {
                runOnce();
            }
        } finally {
            neverWait = false;
            leaveRunning();
        }
    }

    /**
     * @return whether a pass made now would run something without time moving: a callback or a task is ready,
     *     another thread has handed one in, or a timer is due
     */
    public boolean hasCurrentWork() {
        if (!ready.isEmpty() || inboxPending) {
            return true;
        }
        double next = nextTimerWhen();
        return next != Double.POSITIVE_INFINITY && next < time() + 1e-9;   // runOnce's test of a due timer
    }

    /**
     * Drops the cancelled timers at the head of the queue, as a pass does.
     *
     * @return when the next live timer is due, in loop time, or {@link Double#POSITIVE_INFINITY} when none is
     */
    public double nextTimerWhen() {
        Object t;
        while ((t = timers.peek()) instanceof TimerHandle && ((TimerHandle) t).isCancelled()) {
            timers.poll();
            cancelledTimers--;
        }
        return timers.isEmpty() ? Double.POSITIVE_INFINITY : timers.peekWhen();
    }

    /** @return the loop's time in whole nanoseconds since it was made: {@link #time()} without rounding */
    public long clockNanos() {
        return clock.nanoTime() - origin;
    }

    /**
     * Moves a virtual clock forward to {@code nanos} ({@link #clockNanos()}); never back.
     *
     * @param nanos the loop time to move to, in nanoseconds
     * @throws IllegalStateException when the clock is not virtual
     */
    public void advanceClockToNanos(long nanos) {
        if (!clock.isVirtual()) {
            throw new IllegalStateException("the loop's clock is not virtual: only time can move it");
        }
        clock.advance(nanos - clockNanos());
    }

    // ---- what a test kit watches ----

    /**
     * Makes the loop keep what a test kit checks when a test ends ({@link LoopWatch}). From now on, on the loop's
     * thread or before it runs.
     *
     * @param w the watch
     */
    public void watch(LoopWatch w) {
        this.watch = w;
    }

    /** @return the loop's watch, or {@code null} */
    public LoopWatch watch() {
        return watch;
    }

    /**
     * A server or transport of this loop opened: a watched loop keeps it, with where, until {@link #closed}.
     *
     * @param resource the server or transport
     */
    public void opened(Object resource) {
        LoopWatch w = watch;
        if (w != null) {
            w.opened(resource, currentTask);
        }
    }

    /** @param resource a server or transport of this loop, now closing or closed */
    public void closed(Object resource) {
        LoopWatch w = watch;
        if (w != null) {
            w.closed(resource);
        }
    }

    /**
     * @param task a task of this loop
     * @return where it was created, if it was created while the loop was in debug mode, else {@code null}
     */
    public Throwable createdAt(Task<?> task) {
        synchronized (createdAt) {
            return createdAt.get(task);
        }
    }

    /**
     * One pass of the loop: Python's {@code _run_once}. Tests step a loop with it; called on its own, outside
     * {@link #runForever}, it leaves the thread's context slot as it is, so code that reads context variables
     * belongs in a running loop.
     */
    public void runOnce() {
        observe();
        drainInbox();
        int scheduled = timers.size();
        if (scheduled > MIN_SCHEDULED_TIMER_HANDLES && cancelledTimers * 2 > scheduled) {
            timers.purgeCancelled();
            cancelledTimers = 0;
        } else {
            Object t;
            while ((t = timers.peek()) instanceof TimerHandle && ((TimerHandle) t).isCancelled()) {
                timers.poll();
                cancelledTimers--;
            }
        }

        double timeout;
        if (!ready.isEmpty() || stopping) {
            timeout = 0;
        } else if (!timers.isEmpty()) {
            timeout = Math.min(Math.max(0, timers.peekWhen() - time()), MAX_SELECT_TIMEOUT);
        } else {
            timeout = MAX_SELECT_TIMEOUT;
        }
        waitFor(timeout);
        drainInbox();

        // Read the clock only when a timer may be due: a pass with none costs no clock read.
        double endTime = timers.isEmpty() ? 0 : time() + 1e-9;
        while (!timers.isEmpty() && timers.peekWhen() < endTime) {
            Object t = timers.poll();
            if (t instanceof Task) {
                ACCESS.timerFired((Task<?>) t);
                ready.add(t);   // a sleeping task: it wakes on the next pass
            } else if (((TimerHandle) t).isCancelled()) {
                cancelledTimers--;
            } else {
                ready.add(t);   // its callback runs in this pass
            }
        }

        int ntodo = ready.size();
        boolean timedPass = timed;
        long passStart = 0;
        if (timedPass) {
            passStart = lastTick = clock.nanoTime();   // each callback's end is the next one's start: one read each
        }
        for (int i = 0; i < ntodo; i++) {
            Object item = ready.poll();
            if (item instanceof Task) {
                runCallback((Task<?>) item, null);
            } else if (item instanceof Handle) {
                Handle h = (Handle) item;
                Runnable cb = ACCESS.takeCallback(h);
                if (cb != null) {
                    runCallback(cb, h);
                }
            } else {
                runCallback(item, null);
            }
        }
        if (timedPass) {
            LoopRecorder rec = recording;
            if (rec != null) {
                rec.passEnd(ntodo, lastTick - passStart);
            }
        }
    }

    /**
     * Whether this pass is timed: debug mode, or a JFR recording that wants the loop's events. The recorder lives
     * while recordings want it, and goes with what it held when they stop.
     */
    private void observe() {
        if (LoopEvents.on()) {
            if (recording == null) {
                recording = new LoopRecorder();
            }
            timed = true;
        } else {
            if (recording != null) {
                recording = null;
            }
            timed = debug;
        }
    }

    private void drainInbox() {
        if (!inboxPending) {
            return;
        }
        inboxPending = false; // before draining: a callback added after the drain sets it again
        Object h;
        while ((h = inbox.poll()) != null) {
            ready.add(h);
        }
    }

    private void waitFor(double timeoutSeconds) {
        if (timeoutSeconds <= 0 || inboxPending || neverWait) {
            if (selectorKeys.isEmpty()) {
                return;
            }
            selectNow();
            return;
        }
        if (clock.isVirtual() && timeoutSeconds < MAX_SELECT_TIMEOUT) {
            // Virtual time jumps to the next timer. With no timer, only another thread can wake the
            // loop: block for real, as below.
            clock.advance((long) Math.ceil(timeoutSeconds * 1e9));
            selectNow();
            return;
        }
        long millis = (long) Math.ceil(timeoutSeconds * 1000);
        try {
            selector.select(onReady, Math.max(1, millis));
        } catch (IOException e) {
            throw new UncheckedIOException("the event loop's selector failed", e);
        }
    }

    private void selectNow() {
        try {
            selector.selectNow(onReady);
        } catch (IOException e) {
            throw new UncheckedIOException("the event loop's selector failed", e);
        }
    }

    /**
     * Python's {@code _process_events}, for one ready channel: queues its reader and its writer after the
     * callbacks already ready. The selector hands the channels over in the order the system reported them, as
     * Python's selector lists them, and without a selected-key set to fill and clear.
     */
    private void onReady(SelectionKey key) {
        IoKey io = (IoKey) key.attachment();
        int readyOps;
        try {
            readyOps = key.readyOps();
        } catch (CancelledKeyException closed) {
            return;   // the channel was closed after the poll
        }
        IoCallback r = io.reader;
        boolean readable = (readyOps & io.readOps) != 0 && r != null;
        if (readable) {
            ready.add(r);
        }
        IoCallback w = io.writer;
        boolean writable = (readyOps & io.writeOps) != 0 && w != null;
        if (writable) {
            ready.add(w);
        }
        LoopRecorder rec = recording;
        if (rec != null) {
            rec.ioReady(key, readable, writable);
        }
    }

    /**
     * In debug mode, where each callback was scheduled (Python's handle traceback): shown when it runs slowly or
     * fails. Nothing is kept outside debug mode.
     */
    private final Map<Handle, Throwable> scheduledAt = new WeakHashMap<>();

    private <H extends Handle> H traced(H handle) {
        if (debug) {
            Throwable where = new Throwable("the callback was scheduled here");
            synchronized (scheduledAt) {
                scheduledAt.put(handle, where);
            }
        }
        return handle;
    }

    /** In debug mode, where each task was created (Python's task source traceback): shown when a step runs slowly. */
    private final Map<Task<?>, Throwable> createdAt = new WeakHashMap<>();

    /**
     * A task was created while the loop debugs: remembers where. Loop thread or any, as tasks are made.
     *
     * @param task the new task
     */
    public void taskCreated(Task<?> task) {
        Throwable where = new Throwable("the task was created here");
        synchronized (createdAt) {
            createdAt.put(task, where);
        }
    }

    private Throwable scheduledAt(Handle h) {
        if (h == null) {
            return null;
        }
        synchronized (scheduledAt) {
            return scheduledAt.remove(h);
        }
    }

    private void runCallback(Object cb, Handle h) {
        boolean timedNow = timed;   // a callback may turn debug mode on: it was not timed, and ends untimed
        if (timedNow) {
            beginTimed(cb);
        }
        try {
            if (cb instanceof Task) {
                ACCESS.runScheduled((Task<?>) cb);   // a step leaves its context itself
            } else {
                try {
                    ((Runnable) cb).run();
                } finally {
                    if (CurrentContext.used && driver.current != null) {
                        dropContext();
                    }
                }
            }
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e;
            }
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Exception in callback " + (h != null ? h : cb));
            ctx.put("exception", e);
            if (h != null) {
                ctx.put("handle", h);
                Throwable where = debug ? scheduledAt(h) : null;
                if (where != null) {
                    ctx.put("handle_traceback", where);
                }
            }
            callExceptionHandler(ctx);
        }
        if (timedNow) {
            endTimed(cb, h);
        }
    }

    /**
     * A timed callback begins (debug mode, or a JFR recording): out of line, so that an untimed one pays only the
     * test of {@link #timed}.
     */
    private void beginTimed(Object cb) {
        LoopRecorder rec = recording;
        if (rec != null) {
            rec.before(cb);
        }
    }

    /**
     * A timed callback ended: it ran since the previous one ended ({@link #lastTick}). Its JFR events, the count of
     * slow ones, and debug mode's warning.
     */
    private void endTimed(Object cb, Handle h) {
        long now = clock.nanoTime();
        long took = now - lastTick;
        lastTick = now;
        LoopRecorder rec = recording;
        if (rec != null) {
            rec.after(cb, h, took);
        }
        if (took >= LoopEvents.SLOW_NANOS) {
            slowCallbacks++;   // the loop's thread is the only writer
        }
        if (debug) {
            Throwable where = scheduledAt(h);
            if (where == null && cb instanceof Task) {
                synchronized (createdAt) {
                    where = createdAt.get(cb);
                }
            }
            if (took >= LoopEvents.SLOW_NANOS) {
                LOG.log(System.Logger.Level.WARNING, String.format(Locale.ROOT,
                        "Executing %s took %.3f seconds", LoopEvents.describe(cb, h), took / 1e9), where);
            }
        }
    }

    /**
     * A callback that ran in the loop's empty context set a variable, which made a context: as Python's handle's
     * copy, it ends with the callback.
     */
    private void dropContext() {
        ACCESS.leaveContext(driver, null, null);
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed) {
            return;
        }
        signals.removeAll();
        closed = true;
        for (Runnable hook : closeHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + hook + " with the loop failed", e);
            }
        }
        closeHooks.clear();
        taskNumbers.giveBack();
        ready.clear();
        inbox.clear();
        timers.clear();
        ExecutorService ex = defaultExecutor;
        defaultExecutor = null;
        if (ex != null) {
            ex.shutdown();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the event loop's selector failed", e);
        }
    }

    /**
     * A generator first iterated on this loop (Python's first-iteration hook). Loop thread only.
     *
     * @param gen its state
     */
    public void addAsyncgen(AsyncGen gen) {
        if (asyncgensShutDown) {
            LOG.log(System.Logger.Level.WARNING, "asynchronous generator " + gen
                    + " was scheduled after loop.shutdownAsyncgens() call");
        }
        asyncgens.add(gen);
    }

    /**
     * @param gen a generator's state
     * @return whether it was in this loop's set (it has finished, or is closed now)
     */
    public boolean removeAsyncgen(AsyncGen gen) {
        return asyncgens.remove(gen);
    }

    @Override
    public Coroutine<Void> shutdownAsyncgens() {
        asyncgensShutDown = true;
        List<AsyncGen> closing = new ArrayList<>(asyncgens);
        asyncgens.clear();
        return AsyncGen.closeAll(this, closing);
    }

    /** Shuts the default executor down and waits for its threads: Python's shutdown_default_executor. */
    public void shutdownDefaultExecutor() {
        ExecutorService ex = defaultExecutor;
        defaultExecutor = null;
        if (ex == null) {
            return;
        }
        ex.shutdown();
        try {
            while (!ex.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.log(System.Logger.Level.WARNING, "the default executor is still running tasks after a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the thread running the loop, or {@code null} when it is not running; any thread */
    Thread loopThread() {
        return thread;
    }

    /** @return the name of the thread running the loop, or {@code null} when it is not running; any thread */
    public String threadName() {
        Thread t = thread;
        return t == null ? null : t.getName();
    }

    /**
     * Any thread; the loop's thread alone writes the count, so another thread reads a recent value.
     *
     * @return how many callbacks and task steps took 100 ms or longer while they were timed (in debug mode, or while
     *         a JFR recording wanted the loop's events)
     */
    public long slowCallbackCount() {
        return slowCallbacks;
    }

    @Override
    public String dumpTasks() {
        return TaskDump.of(this);
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---- executors ----

    @Override
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        checkClosed();
        if (fn == null) {
            throw new NullPointerException("runInExecutor: fn must not be null");
        }
        Executor ex = executor != null ? executor : defaultExecutor();
        CompletableFuture<T> cf = new CompletableFuture<>();
        // fn runs in a copy of the caller's context, made now; on the worker, Context.run's switch. The future is
        // completed outside it: its callbacks belong to whoever added them.
        Context context = ACCESS.ownCopy(callerContext().current);
        ex.execute(() -> {
            CurrentContext slot = CurrentContext.ofThread();
            Context previous = ACCESS.enterContext(slot, context);
            T result = null;
            Throwable failure = null;
            try {
                result = fn.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                ACCESS.leaveContext(slot, context, previous);
            }
            if (failure != null) {
                cf.completeExceptionally(failure);
            } else {
                cf.complete(result);
            }
        });
        return wrapStage(cf);
    }

    private ExecutorService defaultExecutor() {
        ExecutorService ex = defaultExecutor;
        if (ex == null) {
            int max = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
            int id = EXECUTOR_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, "weft-executor-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            ThreadPoolExecutor tpe = new ThreadPoolExecutor(
                    max, max, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
            tpe.allowCoreThreadTimeOut(true);
            ex = tpe;
            defaultExecutor = ex;
        }
        return ex;
    }

    // ---- errors and debug ----

    @Override
    public void setExceptionHandler(BiConsumer<EventLoop, Map<String, Object>> handler) {
        this.exceptionHandler = handler;
    }

    @Override
    public BiConsumer<EventLoop, Map<String, Object>> getExceptionHandler() {
        return exceptionHandler;
    }

    @Override
    public void callExceptionHandler(Map<String, Object> context) {
        BiConsumer<EventLoop, Map<String, Object>> h = exceptionHandler;
        if (h == null) {
            defaultExceptionHandler(context);
            return;
        }
        try {
            h.accept(this, context);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "Unhandled error in exception handler", e);
            defaultExceptionHandler(context);
        }
    }

    public void defaultExceptionHandler(Map<String, Object> context) {
        Object message = context.get("message");
        Object exc = context.get("exception");
        StringBuilder sb = new StringBuilder(String.valueOf(message != null ? message : "Unhandled exception in event loop"));
        for (Map.Entry<String, Object> e : context.entrySet()) {
            if (!e.getKey().equals("message") && !e.getKey().equals("exception")) {
                sb.append('\n').append(e.getKey()).append(": ").append(e.getValue());
            }
        }
        if (exc instanceof Throwable) {
            LOG.log(System.Logger.Level.ERROR, sb.toString(), (Throwable) exc);
        } else {
            LOG.log(System.Logger.Level.ERROR, sb.toString());
        }
    }

    @Override
    public void setDebug(boolean enabled) {
        this.debug = enabled;
        this.timed = enabled || recording != null;
        this.lastTick = clock.nanoTime();   // turned on in a callback: the next callback is timed from here
    }

    @Override
    public boolean getDebug() {
        return debug;
    }

    // ---- checks ----

    private void checkClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    private void checkNotRunning() {
        if (isRunning()) {
            throw new IllegalStateException("This event loop is already running");
        }
        if (RUNNING.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
    }

    private void checkThread(String what) {
        Thread t = thread;
        if (debug && t != null && t != Thread.currentThread()) {
            throw new IllegalStateException("Non-thread-safe operation " + what
                    + " invoked on an event loop other than the current one");
        }
    }

    @Override
    public String toString() {
        return "<EventLoop running=" + isRunning() + " closed=" + closed + " debug=" + debug + ">";
    }
}
