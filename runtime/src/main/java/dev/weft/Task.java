package dev.weft;

import dev.weft.internal.Access;
import dev.weft.internal.AsyncFrame;
import dev.weft.internal.Rt;
import dev.weft.internal.Sneaky;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

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
 * normally.
 *
 * @param <T> the result type
 */
public class Task<T> extends Future<T> {

    private static final AtomicLong NAME_COUNTER = new AtomicLong();
    /** How many inline awaits may nest on the Java stack before the driver starts the child itself. */
    static final int MAX_INLINE_DEPTH = 48;

    private static final byte WAIT_NONE = 0;
    private static final byte WAIT_FUTURE = 1;
    private static final byte WAIT_YIELD = 2;
    private static final byte WAIT_CHILD = 3;

    static {
        Access.install(new TaskAccess());
    }

    private final AsyncFrame<?> coro;
    /** The innermost frame: the one to resume. */
    private AsyncFrame<?> top;
    private Future<?> futWaiter;
    private boolean mustCancel;
    private int numCancelsRequested;
    private int inlineDepth;
    private byte waitKind;
    private Object resumeValue;
    private Throwable resumeExc;
    private String name;
    private Runnable stepRunnable;
    private Runnable wakeupRunnable;
    /** The intrusive list of the loop's unfinished tasks. */
    Task<?> prevLive;
    Task<?> nextLive;
    boolean live;

    Task(BaseEventLoop loop, Awaitable<T> awaitable, String name) {
        super(loop);
        this.coro = frameFor(awaitable);
        this.coro.claim();
        this.coro.task = this;
        this.top = coro;
        this.name = name != null ? name : "Task-" + NAME_COUNTER.incrementAndGet();
        loop.schedule(stepper());
        loop.registerTask(this);
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

    /** @return the task's name */
    public String getName() {
        return name;
    }

    /** @param name the new name */
    public void setName(String name) {
        this.name = String.valueOf(name);
    }

    /** @return the coroutine the task runs */
    public Coroutine<?> getCoro() {
        return coro;
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
     * wakes the task).
     *
     * @param msg the error's message, or {@code null}
     * @return {@code false} if the task is already done
     */
    @Override
    public boolean cancel(String msg) {
        markRetrieved();
        if (isDone()) {
            return false;
        }
        numCancelsRequested++;
        if (futWaiter != null && futWaiter.cancel(msg)) {
            // The waiter's cancellation wakes this task; keep futWaiter: it may be a task that ignores
            // the cancellation, so we may need to cancel it again.
            return true;
        }
        mustCancel = true;
        cancelMessage = msg;
        return true;
    }

    /** @return the number of pending cancellation requests ({@link #cancel} calls minus {@link #uncancel} calls) */
    public int cancelling() {
        return numCancelsRequested;
    }

    /**
     * Takes back one cancellation request.
     *
     * @return the remaining number of requests
     */
    public int uncancel() {
        if (numCancelsRequested > 0) {
            numCancelsRequested--;
        }
        return numCancelsRequested;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Task ").append(stateName().toLowerCase(java.util.Locale.ROOT));
        sb.append(" name='").append(name).append("' coro=").append(coro);
        if (state == FINISHED) {
            Throwable e = rawException();
            sb.append(e != null ? " exception=" + e : " result=" + rawResult());
        }
        return sb.append('>').toString();
    }

    // ---- the driver ----

    private Runnable stepper() {
        Runnable r = stepRunnable;
        if (r == null) {
            r = () -> step(null);
            stepRunnable = r;
        }
        return r;
    }

    /** The callback that resumes the task when {@code future}, its waiter, is done (Python's __wakeup). */
    Runnable wakeup(Future<?> future) {
        Runnable r = wakeupRunnable;
        if (r == null) {
            r = this::wakeupFromWaiter;
            wakeupRunnable = r;
        }
        return r;
    }

    private void wakeupFromWaiter() {
        Future<?> f = futWaiter;
        if (f == null || !f.isDone()) {
            throw new IllegalStateException("task " + this + " woken while its waiter " + f + " is not done");
        }
        if (f.state == CANCELLED) {
            step(f.makeCancelledError());
        } else if (f.rawException() != null) {
            f.markRetrieved();
            step(f.rawException());
        } else {
            resumeValue = f.rawResult();
            step(null);
        }
    }

    private void step(Throwable exc) {
        if (isDone()) {
            throw new InvalidStateError("step(): already done: " + this + ", " + exc);
        }
        if (mustCancel) {
            if (!(exc instanceof CancelledError)) {
                exc = makeCancelledError();
            }
            mustCancel = false;
        }
        futWaiter = null;
        BaseEventLoop l = loop;
        l.enterTask(this);
        try {
            run(exc);
        } finally {
            l.leaveTask(this);
        }
    }

    private void run(Throwable exc) {
        AsyncFrame<?> f = top;
        Object value = resumeValue;
        resumeValue = null;
        while (true) {
            Object r;
            if (exc != null && f.label == 0 && f.status != AsyncFrame.DONE) {
                // Throwing into a coroutine that has not started: its body never runs.
                r = null;
            } else {
                resumeValue = value;
                resumeExc = exc;
                waitKind = WAIT_NONE;
                inlineDepth = 0;
                try {
                    r = f.step();
                    exc = null;
                } catch (Throwable t) {
                    exc = t;
                    r = null;
                }
                resumeValue = null;
                resumeExc = null;
            }
            if (exc == null && r == Rt.SUSPEND) {
                switch (waitKind) {
                    case WAIT_FUTURE:
                        return;
                    case WAIT_YIELD:
                        loop.schedule(stepper());
                        return;
                    case WAIT_CHILD:
                        f = top;
                        value = null;
                        continue;
                    default:
                        throw new IllegalStateException("coroutine " + f + " suspended without awaiting anything");
                }
            }
            f.status = AsyncFrame.DONE;
            AsyncFrame<?> c = f.caller;
            f.caller = null;
            if (c != null) {
                top = c;
                f = c;
                value = exc == null ? r : null;
                continue;
            }
            top = null;
            finish(r, exc);
            return;
        }
    }

    @SuppressWarnings("unchecked")
    private void finish(Object result, Throwable exc) {
        if (exc == null) {
            if (mustCancel) {
                mustCancel = false;
                super.cancel(cancelMessage);
            } else {
                super.setResult((T) result);
            }
        } else if (exc instanceof CancelledError) {
            cancelledExc = (CancelledError) exc;
            super.cancel(null);
            cancelMessage = exc.getMessage();
        } else {
            super.setException(exc);
            if (exc instanceof VirtualMachineError) {
                throw (VirtualMachineError) exc;
            }
        }
        loop.unregisterTask(this);
    }

    /** Bridges the internal package's suspension points to this task's state. */
    private static final class TaskAccess extends Access {
        @Override
        public boolean enterInline(Task<?> task) {
            if (task.inlineDepth >= MAX_INLINE_DEPTH) {
                return false;
            }
            task.inlineDepth++;
            return true;
        }

        @Override
        public void exitInline(Task<?> task) {
            task.inlineDepth--;
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
            task.waitKind = WAIT_FUTURE;
            future.addWaiter(task);
            task.futWaiter = future;
            if (task.mustCancel && future.cancel(task.cancelMessage)) {
                task.mustCancel = false;
            }
        }

        @Override
        public void yieldOnce(Task<?> task, AsyncFrame<?> frame) {
            task.top = frame;
            task.waitKind = WAIT_YIELD;
        }

        @Override
        public void startChild(Task<?> task, AsyncFrame<?> child) {
            task.top = child;
            task.waitKind = WAIT_CHILD;
        }

        @Override
        public Object takeResume(Task<?> task) {
            Throwable e = task.resumeExc;
            if (e != null) {
                task.resumeExc = null;
                throw Sneaky.rethrow(e);
            }
            Object v = task.resumeValue;
            task.resumeValue = null;
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
