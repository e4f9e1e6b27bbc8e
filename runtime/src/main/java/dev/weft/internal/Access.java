package dev.weft.internal;

import dev.weft.AsyncGenerator;
import dev.weft.Awaitable;
import dev.weft.BaseProtocol;
import dev.weft.CancelledError;
import dev.weft.Context;
import dev.weft.Future;
import dev.weft.Handle;
import dev.weft.Server;
import dev.weft.ServerOptions;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.Subprocess;
import dev.weft.Task;
import dev.weft.TimerHandle;
import dev.weft.Transport;
import dev.weft.internal.context.CurrentContext;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.streams.StreamProtocol;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.nio.channels.ServerSocketChannel;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The bridge between the public package and the machinery: the operations on {@code dev.weft}'s
 * package-private state and constructors (tasks, futures, handles, servers, stream writers, child processes) that
 * {@link Rt}, the loop ({@code dev.weft.internal.loop}), the asyncio functions ({@code internal.tasks}), streams and
 * subprocesses need, so that the public package exposes nothing extra. Grouped by who uses them. Internal.
 *
 * <p>Start-up order: {@code dev.weft.Task}'s static initializer installs the one implementation. Whoever
 * needs the bridge calls {@link #get()}, which first makes sure that {@code Task} is initialized; so the
 * bridge is there whichever side a program touches first (a woven method calls {@code Rt} before any task
 * exists; a program that only makes a loop never touches {@code Rt}). Classes on hot paths keep it in a
 * static final field, read once as they initialize.
 */
public abstract class Access {
    private static volatile Access instance;

    /** For {@code dev.weft.Task} only. */
    protected Access() {
    }

    /**
     * Installs the bridge; only the first call counts.
     *
     * @param access the implementation
     */
    public static synchronized void install(Access access) {
        if (instance == null) {
            instance = access;
        }
    }

    /** @return the bridge, after initializing {@code dev.weft.Task}, which installs it */
    public static Access get() {
        Access a = instance;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Task.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("the Weft runtime cannot initialize dev.weft.Task", e);
            }
            a = instance;
        }
        return a;
    }

    // ---- for Rt: the running task's suspension points ----

    /**
     * Enters one more level of inline await on the task's Java stack.
     *
     * @param task the task
     * @param depth the awaiting body's own depth (direct calls count it in a parameter)
     * @return the depth to restore with {@link #exitInline}, or -1 when the depth is exhausted and the
     *     child must be started from the driver
     */
    public abstract int enterInline(Task<?> task, int depth);

    /**
     * @param task the task whose inline await returned or threw
     * @param saved what {@link #enterInline} returned
     */
    public abstract void exitInline(Task<?> task, int saved);

    /**
     * @param task the running task
     * @return the inline depth of the frame the driver or an inline await is about to run
     */
    public abstract int inlineDepth(Task<?> task);

    /**
     * Publishes the frame that just suspended, for its caller to link ({@link Rt#adopt}).
     *
     * @param task the running task
     * @param frame the suspended frame, or {@code null} to clear
     */
    public abstract void setSuspended(Task<?> task, AsyncFrame<?> frame);

    /**
     * @param task the running task
     * @return the frame that last suspended and is not yet linked to its caller, cleared; or {@code null}
     */
    public abstract AsyncFrame<?> takeSuspended(Task<?> task);

    /**
     * @param task the running task
     * @return the frame that last suspended and is not yet linked to its caller (or {@link Rt}'s marker of a
     *     {@code null} result), left in place; or {@code null}
     */
    public abstract AsyncFrame<?> peekSuspended(Task<?> task);

    /**
     * Suspends {@code frame} until {@code future} is done.
     *
     * @param task the running task
     * @param frame the innermost frame, which the task resumes later
     * @param future the pending future
     */
    public abstract void park(Task<?> task, AsyncFrame<?> frame, Future<?> future);

    /**
     * Suspends {@code frame} for exactly one pass of the loop ({@code sleep(0)}).
     *
     * @param task the running task
     * @param frame the innermost frame
     */
    public abstract void yieldOnce(Task<?> task, AsyncFrame<?> frame);

    /**
     * {@code sleep(delay, result)}: parks {@code frame}'s task until the delay is over.
     *
     * @param frame the sleeping frame
     * @param delay seconds, not NaN ({@code <= 0}: one pass of the loop)
     * @param result what the await gives
     * @return {@link Rt#SUSPEND}
     */
    public abstract Object sleep(AsyncFrame<?> frame, double delay, Object result);

    /**
     * Asks the driver to start {@code child} from the bottom of the Java stack (the inline depth is
     * exhausted); {@code child.caller} is already linked.
     *
     * @param task the running task
     * @param child the coroutine to start
     */
    public abstract void startChild(Task<?> task, AsyncFrame<?> child);

    /**
     * Returns the value the task was resumed with, or throws the exception it was resumed with.
     *
     * @param task the running task
     * @return the value
     */
    public abstract Object takeResume(Task<?> task);

    /**
     * The result of a done future, or its original exception thrown.
     *
     * @param future a done future
     * @return the result
     */
    public abstract Object resultOf(Future<?> future);

    /**
     * Binds a {@link java.util.concurrent.CompletionStage} to the task's loop as a future.
     *
     * @param task the running task
     * @param stage the stage
     * @return a future completed on the loop thread when the stage completes
     */
    public abstract Future<?> wrapStage(Task<?> task, CompletionStage<?> stage);

    // ---- for the loop: tasks, futures and handles it creates, runs and queues ----

    /**
     * @param gen the state of a new async generator
     * @param <T> the items
     * @return the public generator over it
     */
    public abstract <T> AsyncGenerator<T> newGenerator(AsyncGen gen);

    /**
     * @param generator an async generator
     * @return the iterator of an {@code async for} over it ({@link AsyncGen#forLoop})
     */
    public abstract Iterator<Object> forLoop(AsyncGenerator<?> generator);

    /**
     * Wraps {@code awaitable} in a new task of {@code loop}, scheduled to start.
     *
     * @param loop the loop
     * @param awaitable a coroutine or a future
     * @param name the task's name, or {@code null} for {@code Task-N}
     * @param context the context the task runs in, or {@code null} for a copy of the caller's
     * @param <T> the result type
     * @return the task
     */
    public abstract <T> Task<T> newTask(BaseEventLoop loop, Awaitable<T> awaitable, String name, Context context);

    /**
     * @param loop the loop
     * @param <T> the result type
     * @return a new pending future bound to {@code loop}
     */
    public abstract <T> Future<T> newFuture(BaseEventLoop loop);

    /**
     * @param future a future
     * @return the loop it is bound to, or {@code null} while unbound
     */
    public abstract BaseEventLoop loopOf(Future<?> future);

    /**
     * Binds an unbound future to {@code loop}.
     *
     * @param future a future whose {@link #loopOf} is {@code null}
     * @param loop the loop
     */
    public abstract void bind(Future<?> future, BaseEventLoop loop);

    /**
     * The loop runs a scheduled task: a first step, a step after a yield, or a wake-up.
     *
     * @param task the task taken from the ready queue
     */
    public abstract void runScheduled(Task<?> task);

    /**
     * The loop took a sleeping task out of its timer queue: it is due.
     *
     * @param task the sleeping task
     */
    public abstract void timerFired(Task<?> task);

    /**
     * @param timer a sleeping {@link Task} or a {@link TimerHandle}
     * @return its position in its loop's timer queue, as the queue last set it
     */
    public abstract int queueIndex(Object timer);

    /**
     * @param timer a sleeping {@link Task} or a {@link TimerHandle}
     * @param index its new position in its loop's timer queue
     */
    public abstract void queueIndex(Object timer, int index);

    /**
     * @param task a task
     * @return its slot in its loop's table of suspended tasks, or -1
     */
    public abstract int suspendedIndex(Task<?> task);

    /**
     * @param task a task
     * @param index its new slot in its loop's table of suspended tasks, or -1
     */
    public abstract void suspendedIndex(Task<?> task, int index);

    // ---- for the loop's observers: JFR events and task dumps (loop thread, or a loop that is not running) ----

    /**
     * @param task a task
     * @return whether its next run only moves a fired sleep timer on, a pass before it steps (no step)
     */
    public abstract boolean timerFiredOnly(Task<?> task);

    /**
     * @param task a task
     * @return its innermost frame (the one to resume), or its coroutine once done
     */
    public abstract AsyncFrame<?> topFrame(Task<?> task);

    /**
     * @param task a task
     * @return what it waits for: a Future, an Event, a Sleep, the task itself (a plain sleep), another object (woken,
     *         scheduled), or {@code null} (running, or scheduled to start or after a yield)
     */
    public abstract Object waiterOf(Task<?> task);

    /**
     * @param future a future
     * @return its exception if it failed, else {@code null}; unlike {@code exception()}, it marks nothing retrieved
     */
    public abstract Throwable failureOf(Future<?> future);

    /**
     * @param owner the loop whose queue the timer goes into
     * @param when the deadline in loop time
     * @param callback what runs then
     * @return a new timer handle
     */
    public abstract TimerHandle newTimer(BaseEventLoop owner, double when, Runnable callback);

    /**
     * @param callback what the handle runs
     * @return a new handle for {@code callSoon}
     */
    public abstract Handle newHandle(Runnable callback);

    /**
     * Takes the callback of a handle about to run, leaving it empty.
     *
     * @param handle a handle from the ready queue
     * @return its callback, or {@code null} if it was cancelled
     */
    public abstract Runnable takeCallback(Handle handle);

    // ---- for the asyncio functions (dev.weft.internal.tasks) ----

    /**
     * Adds a listener as a done callback of {@code future}: it hears of the completion, and the loop runs it.
     *
     * @param future the future
     * @param listener the listener
     */
    public abstract void addListener(Future<?> future, FutureListener listener);

    /**
     * @param future a pending future
     * @param callback a done callback (a Consumer, a Task or a FutureListener)
     * @return whether {@code callback} is one of the future's done callbacks
     */
    public abstract boolean hasCallback(Future<?> future, Object callback);

    /**
     * Python's {@code Future._make_cancelled_error()}: the CancelledError to raise for a cancelled future.
     *
     * @param future a cancelled future
     * @return the error
     */
    public abstract CancelledError makeCancelledError(Future<?> future);

    /**
     * @param future a cancelled future
     * @return the message it was cancelled with, or {@code null}
     */
    public abstract String cancelMessage(Future<?> future);

    // ---- for the loop's servers ----

    /**
     * @param loop the loop
     * @param channels bound, non-blocking listening channels
     * @param factory makes each connection's protocol
     * @param options the backlog (the most connections accepted in one pass) and TLS
     * @return a server, not serving yet
     * @throws IOException when a channel's address cannot be read
     */
    public abstract Server newServer(BaseEventLoop loop, List<ServerSocketChannel> channels,
                                     Supplier<? extends BaseProtocol> factory, ServerOptions options)
            throws IOException;

    /**
     * Python's {@code Server._start_serving}.
     *
     * @param server the server
     */
    public abstract void startServing(Server server);

    // ---- for streams ----

    /**
     * @param transport the connection's transport
     * @param protocol its stream protocol
     * @param reader its reader
     * @return the connection's writer
     */
    public abstract StreamWriter newStreamWriter(Transport transport, StreamProtocol protocol, StreamReader reader);

    /**
     * Feeds {@code data} to {@code reader}, which may keep the array itself: nobody else holds it.
     *
     * @param reader the reader
     * @param data the bytes a transport read
     */
    public abstract void feedOwned(StreamReader reader, byte[] data);

    // ---- for subprocesses ----

    /**
     * @param loop the loop
     * @param process the started process
     * @param stdin its stdin's writer, or {@code null}
     * @param stdout its stdout's reader, or {@code null}
     * @param stderr its stderr's reader, or {@code null}
     * @return the child
     */
    public abstract Subprocess newSubprocess(BaseEventLoop loop, Process process, StreamWriter stdin,
                                             StreamReader stdout, StreamReader stderr);

    // ---- for contexts (internal.context, the loop) ----

    /**
     * @param context a context, or {@code null} (empty)
     * @return a copy of it that only its owner (a callback) can reach, sharing its mapping; {@code null} for
     *         {@code null}
     */
    public abstract Context ownCopy(Context context);

    /**
     * Makes {@code context} current in the calling thread's {@code slot}.
     *
     * @param slot the calling thread's current-context slot
     * @param context the context, or {@code null} for a new empty one
     * @return the context that was current, for {@link #leaveContext}
     * @throws IllegalStateException if {@code context} is shared and already entered
     */
    public abstract Context enterContext(CurrentContext slot, Context context);

    /**
     * Undoes {@link #enterContext}.
     *
     * @param slot the calling thread's current-context slot
     * @param context the context entered
     * @param previous what {@code enterContext} returned
     * @return the context current at the end (for {@code null}, the one a first set made, or {@code null})
     */
    public abstract Context leaveContext(CurrentContext slot, Context context, Context previous);
}
