package dev.weft;

import dev.weft.internal.Access;
import dev.weft.internal.AsyncFrame;
import dev.weft.internal.AsyncTraces;
import dev.weft.internal.AsyncGen;
import dev.weft.internal.FutureListener;
import dev.weft.internal.Rt;
import dev.weft.internal.Sleep;
import dev.weft.internal.Sneaky;
import dev.weft.internal.context.CurrentContext;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.Driver;
import dev.weft.internal.streams.StreamProtocol;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A coroutine running on an event loop: Python's {@code asyncio.Task}.
 *
 * <p>A task starts on a later pass of its loop than the one that created it (tasks start in creation
 * order). It runs its coroutine until the coroutine suspends on a pending future, then resumes it when
 * that future is done; awaiting another coroutine runs that coroutine inline in the same task. When the
 * coroutine returns, the task's result is set; when it throws, the task's exception is set; when it
 * throws {@link CancelledError}, the task is cancelled.
 *
 * <p>{@link #cancel()} asks the task to stop: {@link CancelledError} is thrown at the suspension point
 * where the coroutine is waiting (or at its start, if it has not started), so its own {@code catch} and
 * {@code finally} blocks run. A coroutine that catches the error and returns completes the task
 * normally. A task cancelled before its first step never runs its coroutine's body.
 *
 * <pre>{@code
 * Task<Void> worker = Asyncio.createTask(work());
 * Await.on(Asyncio.sleep(1));
 * worker.cancel();
 * try {
 *     Await.on(worker);                        // waits until worker has handled the cancellation
 * } catch (CancelledError e) {
 *     // worker ended cancelled: its finally blocks have run
 * }
 * }</pre>
 *
 * <p>Like every {@link Future}, a task is not thread-safe: use it on its loop's thread. From another thread,
 * cancel it with {@code loop.callSoonThreadsafe(task::cancel)}, or through the
 * {@link java.util.concurrent.CompletableFuture} of {@link Asyncio#runCoroutineThreadsafe}.
 *
 * <p>Every step runs in the task's {@link Context}: a copy of the context current where the task was created
 * (made in O(1) when it is made, and not at all while that context is empty), or the context given to
 * {@link EventLoop#createTask(Awaitable, String, Context)}.
 *
 * @param <T> the result type
 */
public class Task<T> extends Future<T> {

    /*
     * A task's states, on four fields: waiter, timerIndex, the bits of Future.flags, and Future.outcome.
     *
     *  state              | waiter          | timerIndex      | entered by                      | left by
     * --------------------+-----------------+-----------------+---------------------------------+-------------------------------
     *  SCHEDULED          | null            | -1              | start(), a yield (sleep(0))     | the loop: runScheduled -> step
     *  RUNNING            | null            | -1              | step()                          | a suspension (below), or DONE
     *  AWAITING_FUTURE    | the Future      | -1              | Rt's park (the task is one of   | the future's completion
     *                     |                 |                 |   the future's callbacks)       |   schedules it: wakeupFromFuture
     *  AWAITING_EVENT     | the Event       | -1              | parkOnEvent                     | Event.set -> EVENT_SET;
     *                     |                 |                 |                                 |   cancel -> EVENT_CANCELLED
     *  EVENT_SET          | EVENT_SET       | -1              | wakeFromEvent (scheduled)       | the loop: step(TRUE)
     *  EVENT_CANCELLED    | EVENT_CANCELLED | -1              | cancel() while AWAITING_EVENT   | the loop: step(CancelledError)
     *  ASLEEP             | this, or a      | queued (a heap  | sleep(delay > 0): the task is   | its timer -> TIMER_FIRED;
     *                     |   Sleep with    |   index, or a   |   its own timer                 |   cancel -> TIMER_CANCELLED
     *                     |   the result    |   RUN position) |                                 |
     *  TIMER_FIRED        | as ASLEEP       | TIMER_FIRED     | the loop took the timer out     | the loop: -> TIMER_DUE, again
     *                     |                 |                 |   (scheduled)                   |   scheduled (Python's extra pass)
     *  TIMER_DUE          | as ASLEEP       | TIMER_DUE       | TIMER_FIRED, or sleep(0, value) | the loop: step(the result)
     *  TIMER_CANCELLED    | as ASLEEP       | TIMER_CANCELLED | cancel() while ASLEEP           | the loop: step(CancelledError)
     *  DONE               | null            | -1              | finish(): flags' state bits     | (final)
     *                     |                 |                 |   leave PENDING                 |
     *
     * Across all of them: flags counts the cancel requests (cancelling()) and holds MUST_CANCEL while a request
     * waits for the next step, whose CancelledError then carries the message kept in outcome (outcome holds
     * the result or exception only once DONE). suspendedIndex is the task's slot in the loop's table of
     * suspended tasks from its first suspension until it is DONE. The driver's scratch state is the loop's
     * Driver, not the task's.
     */

    // A task's own bits in Future.flags, above the state's two.
    /** The coroutine must get a CancelledError at its next step. */
    private static final int MUST_CANCEL = 1 << 30;
    /** The task has a name of its own, in {@link #NAMES}. */
    private static final int NAMED = 1 << 29;
    /**
     * The task has a context of its own ({@link #context} is not null): its steps switch to it. A bit here, not a
     * test of the field, so that a step tests it with MUST_CANCEL, in the one test it makes anyway.
     */
    private static final int IN_CONTEXT = 1 << 31;
    /** The pending cancel requests are counted in bits 2 to 28. */
    private static final int CANCELS_SHIFT = 2;
    private static final int ONE_CANCEL = 1 << CANCELS_SHIFT;
    private static final int CANCELS_MASK = (NAMED - 1) & ~STATE_MASK;
    /**
     * The names given to tasks (rare: most are {@code Task-N}), kept off the task so that a task is one field
     * smaller. Weak, so that a named task is collected as any other.
     */
    private static final Map<Task<?>, String> NAMES =
            Collections.synchronizedMap(new WeakHashMap<>());
    /** {@link #timerIndex} of a task whose sleep timer went off: it wakes on the next pass, as Python's does. */
    private static final int TIMER_FIRED = -2;
    /** {@link #timerIndex} of a task whose sleep is over (or whose {@code sleep(0, result)} yielded): it runs next. */
    private static final int TIMER_DUE = -3;
    /** {@link #timerIndex} of a task whose sleep was cancelled: it runs next, with CancelledError. */
    private static final int TIMER_CANCELLED = -4;
    /** {@link #waiter} after the event the task waited on was set, until the task runs. */
    private static final Object EVENT_SET = new Object();
    /** {@link #waiter} after the task was cancelled while it waited on an event, until it runs. */
    private static final Object EVENT_CANCELLED = new Object();

    static {
        Access.install(new Bridge());
    }

    // Fields are few on purpose: a suspended task is what a program holds a million of.
    /** The innermost frame, the one to resume; once the task is done, its coroutine. */
    private AsyncFrame<?> top;
    /**
     * What the task waits for: a Future, an Event, a {@link Sleep} that holds the sleep's result, or the task
     * itself for a sleep without one; then what woke it. A plain sleep points at the task, not at a shared
     * constant: storing a reference to an object elsewhere in the heap into a task the collector has moved to
     * the old generation costs a card-table write, one per task going to sleep.
     */
    private Object waiter;
    /** N of the name {@code Task-N} (0 for a task created with a name). */
    private final int id;
    /**
     * While the task sleeps: its position in the loop's timer queue (the task is its own timer), then one of the
     * TIMER_ states until it runs; otherwise -1.
     */
    private int timerIndex = -1;
    /** The task's slot in its loop's table of suspended tasks: -1 until it first suspends, and once it is done. */
    private int suspendedIndex = -1;
    /**
     * The context the task's steps run in: its own copy of its creator's, or the one given to {@code createTask}.
     * {@code null} while it is empty, so that a program which never sets a context variable stores nothing here and
     * switches nothing on a step; the first {@code set} in a step makes one, which the task then keeps.
     */
    private Context context;

    /**
     * Only stores its arguments, so that every caller can inline it: a constructor the JIT compiles on its own
     * (when it becomes hot before its caller does) grows past the size it inlines, and then each of its stores
     * pays the collector's write barrier, which a store into an object just allocated in the same compiled code
     * does not.
     */
    private Task(BaseEventLoop loop, AsyncFrame<?> top, int id) {
        super(loop);
        this.top = top;
        this.id = id;
    }

    /**
     * Wraps {@code awaitable} in a new task of {@code loop}, scheduled to start. It joins the loop's table of
     * unfinished tasks when it first suspends ({@link BaseEventLoop#liveTasks}). It runs in {@code context}, or,
     * when that is {@code null}, in a copy of the caller's current context.
     */
    static <T> Task<T> start(BaseEventLoop loop, Awaitable<T> awaitable, String name, Context context) {
        AsyncFrame<?> coro = frameFor(awaitable);
        coro.claim();
        // As in Python, only a task without a name takes a number.
        Task<T> t = new Task<>(loop, coro, name == null ? loop.nextTaskNumber() : 0);
        coro.task = t;
        if (context == null && CurrentContext.used) {
            // Python's copy_context(): O(1), and nothing at all while the caller's context is empty.
            context = Context.ownCopy(loop.callerContext().current);
        }
        if (context != null) {
            t.context = context;
            t.flags |= IN_CONTEXT;
        }
        if (name != null) {
            t.setName(name);
        }
        if (loop.getDebug()) {
            loop.taskCreated(t);   // where, for its slow steps' warnings
        }
        loop.schedule(t);
        return t;
    }

    private static AsyncFrame<?> frameFor(Awaitable<?> awaitable) {
        if (awaitable instanceof AsyncFrame) {
            return (AsyncFrame<?>) awaitable;
        }
        if (awaitable == null) {
            throw new NullPointerException("a task needs a coroutine, got null");
        }
        return new AwaitingFrame<>(awaitable);
    }

    /** @return the task's name: the one given, or {@code Task-N} in creation order */
    public String getName() {
        String n = (flags & NAMED) != 0 ? NAMES.get(this) : null;
        return n != null ? n : "Task-" + id;
    }

    /** @param name the new name */
    public void setName(String name) {
        NAMES.put(this, String.valueOf(name));
        flags |= NAMED;
    }

    /** @return the coroutine the task runs: the outermost frame of its chain of awaits */
    public Coroutine<?> getCoro() {
        AsyncFrame<?> f = top;
        while (f != null && f.caller != null) {
            f = f.caller;
        }
        return f;
    }

    /**
     * Where the task is, as Python's {@code Task.get_stack()}: {@link #getStack(int)} with no limit.
     *
     * @return the elements, innermost first
     */
    public List<StackTraceElement> getStack() {
        return getStack(Integer.MAX_VALUE);
    }

    /**
     * Where the task is, innermost first, with the user's methods and source lines (Python's
     * {@code Task.get_stack(limit=...)}): while the task is suspended, the chain of {@code @Async} methods that await
     * one another, each at the line of the await it waits in (a task that has not started yet is at its
     * coroutine's first line); while it runs (called from the task itself), the Java stack down to its coroutine
     * followed by that chain, the loop's own frames left out; once it failed, its exception's stack trace; once it
     * returned or was cancelled, nothing. The runtime's hand-written frames are not shown.
     *
     * <p>Not thread-safe: call it on the loop's thread (a task dump, {@code EventLoop}'s, takes it there for any
     * thread). Costs a walk of the chain; nothing is recorded while the task runs.
     *
     * @param limit at most this many elements (the innermost ones)
     * @return the elements, innermost first
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public List<StackTraceElement> getStack(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        int s = state();
        if (s == FAILED) {
            StackTraceElement[] st = ((Throwable) outcome).getStackTrace();
            return List.of(java.util.Arrays.copyOf(st, Math.min(limit, st.length)));
        }
        if (s != PENDING) {
            return List.of();
        }
        AsyncFrame<?> f = top;
        if (f == null) {
            return List.of();
        }
        if (loop.currentTask() == this && loop.isLoopThread()) {
            List<StackTraceElement> here = AsyncTraces.running(f, 1);   // 1: getStack itself
            return List.copyOf(here.subList(0, Math.min(limit, here.size())));
        }
        return Collections.unmodifiableList(AsyncTraces.chain(f, limit));
    }

    /** Prints {@link #getStack()} to {@code System.err}, as Python's {@code Task.print_stack()}. */
    public void printStack() {
        printStack(System.err);
    }

    /**
     * Prints where the task is, as Python's {@code Task.print_stack(file=...)} in Java's format: a header naming
     * the task, then one {@code at} line per element of {@link #getStack()}, innermost first; a failed task's
     * exception is printed after its trace.
     *
     * @param out where to print
     */
    public void printStack(java.io.PrintStream out) {
        List<StackTraceElement> stack = getStack();
        StringBuilder sb = new StringBuilder();
        if (stack.isEmpty()) {
            sb.append("No stack for ").append(this).append('\n');
        } else {
            sb.append(state() == FAILED ? "Traceback for " : "Stack for ").append(this)
                    .append(" (innermost first):\n");
            for (StackTraceElement e : stack) {
                sb.append("\tat ").append(e).append('\n');
            }
        }
        if (state() == FAILED) {
            Throwable t = (Throwable) outcome;
            sb.append(t).append('\n');
        }
        out.print(sb);
        out.flush();
    }

    /**
     * Tasks do not support {@code setResult}: their coroutine sets the result.
     *
     * @throws IllegalStateException always
     */
    @Override
    public void setResult(T value) {
        throw new IllegalStateException("Task does not support setResult operation");
    }

    /**
     * Tasks do not support {@code setException}: their coroutine sets it by throwing.
     *
     * @throws IllegalStateException always
     */
    @Override
    public void setException(Throwable exception) {
        throw new IllegalStateException("Task does not support setException operation");
    }

    /**
     * Requests cancellation: {@link CancelledError} is thrown into the coroutine at its suspension point
     * on a later pass. If the task awaits another future, that future is cancelled (which in turn
     * wakes the task); a task it awaits is cancelled too, unless it awaits it through {@link Asyncio#shield}.
     * Never suspends, and never runs the coroutine inside this call.
     *
     * <p>Each call on a pending task counts as one request ({@link #cancelling()}), whether or not the awaited
     * future could be cancelled. A task that is cancelled while its own step runs gets the {@link CancelledError}
     * at its next suspension; if its coroutine returns first, the task ends cancelled.
     *
     * @param msg the error's message, or {@code null}
     * @return {@code false} if the task is already done, else {@code true}
     */
    @Override
    public boolean cancel(String msg) {
        markRetrieved();
        if (isDone()) {
            return false;
        }
        flags = (flags & ~CANCELS_MASK) | ((flags + ONE_CANCEL) & CANCELS_MASK);
        Object w = waiter;
        if (w instanceof Future && w != this) {   // w == this: a plain sleep, below
            if (((Future<?>) w).cancel(msg)) {
                // The waiter's cancellation wakes this task; keep the waiter: it may be a task that
                // ignores the cancellation, so we may need to cancel it again.
                return true;
            }
        } else if (w instanceof Event) {
            outcome = msg;   // the message of the CancelledError the wake-up throws
            cancelEventWait((Event) w);
            return true;
        } else if (w == EVENT_CANCELLED) {
            flags |= MUST_CANCEL;   // cancelled already: the first message stands
            return true;
        } else if (w == this || w instanceof Sleep) {
            if (BaseEventLoop.isQueued(timerIndex)) {
                // Asleep: the timer comes out and the task wakes on the next pass, as when Python's sleep
                // future is cancelled.
                loop.removeSleep(this);
                timerIndex = TIMER_CANCELLED;
                outcome = msg;   // the message of the CancelledError the wake-up throws
                loop.schedule(this);
                return true;
            }
            if (timerIndex == TIMER_CANCELLED) {
                // Cancelled already: as with Python's sleep future, the first message stands.
                flags |= MUST_CANCEL;
                return true;
            }
            // The timer went off (the future has its result): the wake-up throws, as below.
        }
        flags |= MUST_CANCEL;
        outcome = msg;   // pending: the message for the CancelledError the next step throws
        return true;
    }

    /**
     * Python 3.11's {@code Task.cancelling()}. {@link TaskGroup} and {@link Timeout} use it to tell their own
     * cancellation from another one.
     *
     * @return the number of pending cancellation requests ({@link #cancel} calls minus {@link #uncancel} calls)
     */
    public int cancelling() {
        return (flags & CANCELS_MASK) >>> CANCELS_SHIFT;
    }

    /**
     * Takes back one cancellation request: Python 3.11's {@code Task.uncancel()}. The count never goes below 0.
     * It does not stop a {@link CancelledError} already on its way to the coroutine.
     *
     * @return the remaining number of requests
     */
    public int uncancel() {
        if ((flags & CANCELS_MASK) != 0) {
            flags -= ONE_CANCEL;
        }
        return cancelling();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Task ").append(stateName().toLowerCase(Locale.ROOT));
        sb.append(" name='").append(getName()).append("' coro=").append(getCoro());
        if (state() == FINISHED) {
            sb.append(" result=").append(rawResult());
        } else if (state() == FAILED) {
            sb.append(" exception=").append(rawException());
        }
        return sb.append('>').toString();
    }

    // ---- the driver ----

    /** The loop runs a scheduled task: a first step, a step after a yield, or a wake-up from its waiter. */
    final void runScheduled() {
        // Identity checks first: they cost a compare each, a type check costs loads.
        Object w = waiter;
        if (w == EVENT_SET) {
            step(Boolean.TRUE, null);
        } else if (w == null) {
            step(null, null);
        } else if (w == this) {
            wakeupFromSleep(null);
        } else if (w == EVENT_CANCELLED) {
            step(null, makePendingCancelledError());
        } else if (w instanceof Future) {
            wakeupFromFuture((Future<?>) w);
        } else {
            wakeupFromSleep(((Sleep<?>) w).result);
        }
    }

    private void wakeupFromFuture(Future<?> f) {
        if (!f.isDone()) {
            throw new IllegalStateException("task " + this + " woken while its waiter " + f + " is not done");
        }
        switch (f.state()) {
            case CANCELLED:
                step(null, f.makeCancelledError());
                break;
            case FAILED:
                f.markRetrieved();
                step(null, (Throwable) f.outcome);
                break;
            default:
                step(f.outcome, null);
                break;
        }
    }

    private void wakeupFromSleep(Object result) {
        switch (timerIndex) {
            case TIMER_FIRED:
                // Python's timer sets the sleep future's result; the future's callback wakes the task a pass later.
                timerIndex = TIMER_DUE;
                loop.schedule(this);
                return;
            case TIMER_DUE:
                timerIndex = -1;
                step(result, null);
                return;
            case TIMER_CANCELLED:
                timerIndex = -1;
                step(null, makePendingCancelledError());
                return;
            default:
                throw new IllegalStateException("task " + this + " woken while it sleeps (timer " + timerIndex + ")");
        }
    }

    /** An {@link Event} wait parks the task on the event, without a future: {@link Event#set} or {@link #cancel} wakes it. */
    final void parkOnEvent(AsyncFrame<?> frame, Event event) {
        top = frame;
        waiter = event;
        loop.driver.waitKind = Driver.WAIT_FUTURE;
        if ((flags & MUST_CANCEL) != 0) {
            // Cancelled while running: the wait is cancelled at once, as a future waiter would be.
            flags &= ~MUST_CANCEL;
            cancelEventWait(event);
        }
    }

    /** Takes this task off {@code event} and wakes it with the CancelledError of the message in {@link #outcome}. */
    private void cancelEventWait(Event event) {
        event.removeWaiter(this);
        waiter = EVENT_CANCELLED;
        loop.schedule(this);
    }

    /** The event this task waits on was set. */
    final void wakeFromEvent() {
        waiter = EVENT_SET;
        loop.schedule(this);
    }

    /**
     * {@code sleep(delay, result)} parks the task without a future: the task is its own timer, and the timer or
     * {@link #cancel} wakes it. A delay {@code <= 0} gives up one pass of the loop.
     *
     * @param frame the frame to resume
     * @param delay seconds
     * @param result what the wake-up gives
     * @return {@link Rt#SUSPEND}
     */
    final Object sleep(AsyncFrame<?> frame, double delay, Object result) {
        if (delay <= 0 && result == null) {
            return Rt.yieldOnce(frame);
        }
        BaseEventLoop l = loop;
        top = frame;
        waiter = result == null ? this : new Sleep<>(delay, result);   // this: see waiter
        l.driver.waitKind = Driver.WAIT_FUTURE;
        if ((flags & MUST_CANCEL) != 0) {
            // Cancelled while running: the sleep is cancelled at once, as Python's sleep future would be.
            flags &= ~MUST_CANCEL;
            timerIndex = TIMER_CANCELLED;
            l.schedule(this);
        } else if (delay > 0) {
            l.addSleep(this, l.time() + delay);
        } else {
            timerIndex = TIMER_DUE;   // sleep(0, result): the next pass
            l.schedule(this);
        }
        return Rt.SUSPEND;
    }

    /**
     * Runs the coroutine from its suspension point, which gets {@code value} or throws {@code exc}, in the task's
     * context: Python's {@code self._context.run(self.__step)}. A task without one (nothing set a variable where it
     * was made) runs in the loop's empty context as it is: no test beyond the one of {@link #flags} a step made
     * before contexts, and one of a static flag after the run; nothing switched. The switches are calls out of
     * line, so that this method keeps the size and shape the JIT inlines.
     */
    private void step(Object value, Throwable exc) {
        if (isDone()) {
            throw new InvalidStateError("step(): already done: " + this + ", " + exc);
        }
        if ((flags & (IN_CONTEXT | MUST_CANCEL)) != 0) {
            if ((flags & IN_CONTEXT) != 0) {
                enterContext();
            }
            if ((flags & MUST_CANCEL) != 0) {
                if (!(exc instanceof CancelledError)) {
                    exc = makePendingCancelledError();
                }
                flags &= ~MUST_CANCEL;
            }
        }
        waiter = null;
        BaseEventLoop l = loop;
        l.enterTask(this);
        try {
            run(value, exc, l);
        } finally {
            l.leaveTask(this);
            // One check covers both cases: a task with a context entered it (Context.run inside the step puts back
            // what it found), and one without has one now only if the step's first set made it.
            if (CurrentContext.used && l.driver.current != null) {
                leaveContext(l.driver);
            }
        }
    }

    /**
     * A step enters the task's context first: a shared context that another thread runs in (or that the loop was
     * started in) refuses the step, which then does not run, nothing changed: the loop reports the error, as
     * Python's Handle._run does.
     */
    private void enterContext() {
        Context.enter(loop.driver, context);
    }

    /**
     * The step is over: back to the loop's empty context. A step that set a variable in its empty context made
     * one: the task keeps it.
     */
    private void leaveContext(Driver d) {
        Context c = context;
        Context now = Context.leave(d, c, null);
        if (c == null) {
            context = now;
            flags |= IN_CONTEXT;
        }
    }

    private CancelledError makePendingCancelledError() {
        Object msg = outcome;
        outcome = null;
        return msg == null ? new CancelledError() : new CancelledError((String) msg);
    }

    private void run(Object value, Throwable exc, BaseEventLoop l) {
        Driver d = l.driver;
        AsyncFrame<?> f = top;
        Throwable traced = null;   // the exception whose trace has this task's chain already
        while (true) {
            Object r;
            if (exc != null && f.label == 0) {
                // Throwing into a coroutine that has not started: its body never runs.
                r = null;
            } else {
                d.resumeValue = value;
                d.resumeExc = exc;
                d.waitKind = 0;
                // d.inlineDepth is 0 here: every inline await puts it back as it leaves, even by throwing.
                try {
                    r = f.step();
                    exc = null;
                } catch (Throwable t) {
                    exc = t;
                    r = null;
                    d.inlineDepth = 0;   // should be already; an error thrown while unwinding could skip a reset
                    if (t != traced) {
                        traceThrough(t, f, l);
                        traced = t;
                    }
                }
                d.resumeValue = null;
                d.resumeExc = null;
                d.suspendedFrame = null;
            }
            if (exc == null && r == Rt.SUSPEND) {
                switch (d.waitKind) {
                    case Driver.WAIT_YIELD:
                        l.schedule(this);
                        // fall through: suspended, as for a future
                    case Driver.WAIT_FUTURE:
                        if (suspendedIndex < 0) {
                            l.registerTask(this);   // the first suspension
                        }
                        return;
                    case Driver.WAIT_CHILD:
                        f = top;
                        value = null;
                        continue;
                    case Driver.WAIT_YIELDED:
                        // An async generator's body yielded: its step takes the value (see internal.AsyncGen).
                        AsyncFrame<?> step = f.caller;
                        top = step;
                        f = step;
                        value = null;
                        continue;
                    default:
                        throw new IllegalStateException("coroutine " + f + " suspended without awaiting anything");
                }
            }
            f.label = AsyncFrame.DONE;
            AsyncFrame<?> c = f.caller;
            f.caller = null;
            if (c != null) {
                top = c;
                f = c;
                value = exc == null ? r : null;
                continue;
            }
            top = f;   // the root frame: getCoro() still finds it
            finish(r, exc);
            return;
        }
    }

    /**
     * The frames awaiting {@code f} are not on the Java stack: puts them in the trace of what {@code f} threw
     * (cancellations, which are not failures, pay for it only in debug mode). Out of line: run() stays small.
     */
    private static void traceThrough(Throwable t, AsyncFrame<?> f, BaseEventLoop l) {
        if (!(t instanceof CancelledError) || l.getDebug()) {
            AsyncTraces.augment(t, f);
        }
    }

    @SuppressWarnings("unchecked")
    private void finish(Object result, Throwable exc) {
        if (exc == null) {
            if ((flags & MUST_CANCEL) != 0) {
                flags &= ~MUST_CANCEL;
                Object msg = outcome;
                outcome = null;
                super.cancel((String) msg);
            } else {
                outcome = null;
                super.setResult((T) result);
            }
        } else if (exc instanceof CancelledError) {
            outcome = null;
            cancelWith((CancelledError) exc);
        } else {
            outcome = null;
            super.setException(exc);
            if (exc instanceof VirtualMachineError) {
                loop.unregisterTask(this);
                throw (VirtualMachineError) exc;
            }
        }
        loop.unregisterTask(this);
    }

    /** The bridge ({@link Access}): the machinery's way into the package-private state of tasks, futures and handles. */
    private static final class Bridge extends Access {
        @Override
        public int enterInline(Task<?> task, int depth) {
            Driver dr = task.loop.driver;
            int saved = dr.inlineDepth;
            int d = Math.max(saved, depth);
            if (d >= Rt.MAX_DEPTH) { // read here, not copied: Rt initialises after Task
                return -1;
            }
            dr.inlineDepth = d + 3; // an inline await nests three Java frames (Rt, invoke, body); a direct call one
            return saved;
        }

        @Override
        public void exitInline(Task<?> task, int saved) {
            task.loop.driver.inlineDepth = saved;
        }

        @Override
        public int inlineDepth(Task<?> task) {
            return task.loop.driver.inlineDepth;
        }

        @Override
        public void setSuspended(Task<?> task, AsyncFrame<?> frame) {
            task.loop.driver.suspendedFrame = frame;
        }

        @Override
        public AsyncFrame<?> takeSuspended(Task<?> task) {
            Driver d = task.loop.driver;
            AsyncFrame<?> f = d.suspendedFrame;
            d.suspendedFrame = null;
            return f;
        }

        @Override
        public AsyncFrame<?> peekSuspended(Task<?> task) {
            return task.loop.driver.suspendedFrame;
        }

        @Override
        public void park(Task<?> task, AsyncFrame<?> frame, Future<?> future) {
            if (future == task) {
                throw new IllegalStateException("Task cannot await on itself: " + task);
            }
            if (future.loop != null && future.loop != task.loop) {
                throw new IllegalStateException("Task " + task + " got Future " + future
                        + " attached to a different loop");
            }
            if (future.loop == null) {
                future.loop = task.loop;
            }
            task.top = frame;
            task.loop.driver.waitKind = Driver.WAIT_FUTURE;
            future.addWaiter(task);
            task.waiter = future;
            if ((task.flags & MUST_CANCEL) != 0 && future.cancel((String) task.outcome)) {
                task.flags &= ~MUST_CANCEL;
                task.outcome = null;
            }
        }

        @Override
        public void yieldOnce(Task<?> task, AsyncFrame<?> frame) {
            task.top = frame;
            task.loop.driver.waitKind = Driver.WAIT_YIELD;
        }

        @Override
        public Object sleep(AsyncFrame<?> frame, double delay, Object result) {
            return frame.task.sleep(frame, delay, result);
        }

        @Override
        public void startChild(Task<?> task, AsyncFrame<?> child) {
            task.top = child;
            task.loop.driver.waitKind = Driver.WAIT_CHILD;
        }

        @Override
        public Object takeResume(Task<?> task) {
            Driver d = task.loop.driver;
            Throwable e = d.resumeExc;
            if (e != null) {
                d.resumeExc = null;
                throw Sneaky.rethrow(e);
            }
            Object v = d.resumeValue;
            d.resumeValue = null;
            return v;
        }

        @Override
        public Object resultOf(Future<?> future) {
            return future.result();
        }

        @Override
        public Future<?> wrapStage(Task<?> task, CompletionStage<?> stage) {
            return task.loop.wrapStage(stage);
        }
    
        @Override
        public <T> AsyncGenerator<T> newGenerator(AsyncGen gen) {
            return new AsyncGenerator<>(gen);
        }

        @Override
        public Iterator<Object> forLoop(AsyncGenerator<?> generator) {
            return generator.gen.forLoop(generator);
        }

        @Override
        public <T> Task<T> newTask(BaseEventLoop loop, Awaitable<T> awaitable, String name, Context context) {
            return start(loop, awaitable, name, context);
        }

        @Override
        public <T> Future<T> newFuture(BaseEventLoop loop) {
            return new Future<>(loop);
        }

        @Override
        public BaseEventLoop loopOf(Future<?> future) {
            return future.loop;
        }

        @Override
        public void bind(Future<?> future, BaseEventLoop loop) {
            future.loop = loop;
        }

        @Override
        public void runScheduled(Task<?> task) {
            task.runScheduled();
        }

        @Override
        public void timerFired(Task<?> task) {
            task.timerIndex = TIMER_FIRED;
        }

        @Override
        public int queueIndex(Object timer) {
            return timer instanceof TimerHandle ? ((TimerHandle) timer).queueIndex : ((Task<?>) timer).timerIndex;
        }

        @Override
        public void queueIndex(Object timer, int index) {
            if (timer instanceof TimerHandle) {
                ((TimerHandle) timer).queueIndex = index;
            } else {
                ((Task<?>) timer).timerIndex = index;
            }
        }

        @Override
        public int suspendedIndex(Task<?> task) {
            return task.suspendedIndex;
        }

        @Override
        public void suspendedIndex(Task<?> task, int index) {
            task.suspendedIndex = index;
        }

        @Override
        public boolean timerFiredOnly(Task<?> task) {
            return task.timerIndex == TIMER_FIRED;
        }

        @Override
        public AsyncFrame<?> topFrame(Task<?> task) {
            return task.top;
        }

        @Override
        public Object waiterOf(Task<?> task) {
            return task.waiter;
        }

        @Override
        public Throwable failureOf(Future<?> future) {
            return future.state() == FAILED ? future.rawException() : null;
        }

        @Override
        public TimerHandle newTimer(BaseEventLoop owner, double when, Runnable callback) {
            return new TimerHandle(owner, when, callback);
        }

        @Override
        public void addListener(Future<?> future, FutureListener listener) {
            future.addCallback(listener);
        }

        @Override
        public boolean hasCallback(Future<?> future, Object callback) {
            return future.hasCallback(callback);
        }

        @Override
        public CancelledError makeCancelledError(Future<?> future) {
            return future.makeCancelledError();
        }

        @Override
        public String cancelMessage(Future<?> future) {
            return future.cancelMessage();
        }

        @Override
        public Server newServer(BaseEventLoop loop, List<ServerSocketChannel> channels,
                                Supplier<? extends BaseProtocol> factory, ServerOptions options) throws IOException {
            return new Server(loop, channels, factory, options);
        }

        @Override
        public void startServing(Server server) {
            server.start();
        }

        @Override
        public StreamWriter newStreamWriter(Transport transport, StreamProtocol protocol, StreamReader reader) {
            return new StreamWriter(transport, protocol, reader);
        }

        @Override
        public void feedOwned(StreamReader reader, byte[] data) {
            reader.feed(data, true);
        }

        @Override
        public Subprocess newSubprocess(BaseEventLoop loop, Process process, StreamWriter stdin, StreamReader stdout,
                                        StreamReader stderr) {
            return new Subprocess(loop, process, stdin, stdout, stderr);
        }

        @Override
        public Handle newHandle(Runnable callback) {
            return new Handle(callback);
        }

        @Override
        public Context ownCopy(Context context) {
            return Context.ownCopy(context);
        }

        @Override
        public Context enterContext(CurrentContext slot, Context context) {
            return Context.enter(slot, context);
        }

        @Override
        public Context leaveContext(CurrentContext slot, Context context, Context previous) {
            return Context.leave(slot, context, previous);
        }

        @Override
        public Runnable takeCallback(Handle handle) {
            Runnable cb = handle.callback;
            handle.callback = null;
            return handle.cancelled ? null : cb;
        }
    }

    /** Adapts a future or a finished coroutine to the frame protocol, so a task can run it. */
    static final class AwaitingFrame<T> extends AsyncFrame<T> {
        private Awaitable<T> awaitable;

        AwaitingFrame(Awaitable<T> awaitable) {
            this.awaitable = awaitable;
        }

        @Override
        protected Object invoke() {
            if (label == 0) {
                Awaitable<T> a = awaitable;
                awaitable = null;
                label = 1;
                return Rt.await(a, this);
            }
            return Rt.resume(this);
        }

        @Override
        public String methodName() {
            return "await " + awaitable;
        }
    }
}
