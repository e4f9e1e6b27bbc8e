package dev.weft;

import dev.weft.internal.FutureListener;
import dev.weft.internal.Sneaky;
import dev.weft.internal.context.ContextConsumer;
import dev.weft.internal.context.CurrentContext;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.NeverRetrieved;

import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A result that is not there yet: Python's {@code asyncio.Future}.
 *
 * <p>A future is pending until {@link #setResult}, {@link #setException} or {@link #cancel} finishes
 * it. Done callbacks are scheduled on the future's loop with {@link EventLoop#callSoon}, in the order
 * they were added, when the future finishes (or at once if it already has). Awaiting a pending
 * future suspends the awaiting task; awaiting a finished one returns at once.
 *
 * <p>No method here suspends or blocks, and none runs a callback itself: callbacks, and the tasks that await the
 * future, run on the loop's thread on a later pass. An exception a done callback throws goes to the loop's
 * exception handler. An exception nobody looked at ({@link #result()}, {@link #exception()}, an await) is
 * reported to the loop's exception handler when the future is garbage-collected ("Future exception was never
 * retrieved", or "Task ..." for a task), as in Python.
 *
 * <p>Not thread-safe: use it from its loop's thread. {@link #toCompletableFuture()} and
 * {@link Asyncio#wrapFuture} bridge to other threads.
 *
 * <pre>{@code
 * Future<String> answer = loop.createFuture();
 * loop.callLater(1.0, () -> answer.setResult("42"));
 * String a = Await.on(answer);                 // in an @Async method: resumes about 1 s later
 * }</pre>
 *
 * @param <T> the result type
 */
public non-sealed class Future<T> implements Awaitable<T> {

    static final int PENDING = 0;
    static final int CANCELLED = 1;
    static final int FINISHED = 2;
    static final int FAILED = 3;
    /** The bits of {@link #flags} that hold the state. */
    static final int STATE_MASK = 3;

    /**
     * The state (PENDING, CANCELLED, FINISHED or FAILED) in the low two bits; a {@link Task} keeps its cancel
     * requests in the bits above, so that a task, of which a program holds a million, is one field smaller.
     */
    int flags;
    /**
     * One field for every state, so a future stays small: FINISHED, the result; FAILED, the exception
     * (wrapped in {@link NeverRetrieved} until someone looks at it); CANCELLED, the cancel message or the
     * {@link CancelledError} to rethrow once; PENDING, nothing (a task keeps its pending cancel message
     * here).
     */
    Object outcome;
    BaseEventLoop loop;
    /** null, a single callback (a Consumer or a Task to wake up), or a CallbackList. */
    private Object callbacks;

    /**
     * Creates a pending future bound to the running loop, or, when none is running, to the loop that
     * first uses it.
     */
    public Future() {
        this.loop = BaseEventLoop.runningOrNull();
    }

    Future(BaseEventLoop loop) {
        this.loop = loop;
    }

    /** @return PENDING, CANCELLED, FINISHED or FAILED */
    final int state() {
        return flags & STATE_MASK;
    }

    final BaseEventLoop loop() {
        BaseEventLoop l = loop;
        if (l == null) {
            l = BaseEventLoop.runningOrNull();
            if (l == null) {
                throw new IllegalStateException("this future is not bound to an event loop yet, and no loop is"
                        + " running in thread " + Thread.currentThread().getName()
                        + "; create it with loop.createFuture() or use it inside a running loop");
            }
            loop = l;
        }
        return l;
    }

    /**
     * Binds the future to the loop running in this thread if it is not bound yet.
     *
     * @return the loop this future is bound to
     * @throws IllegalStateException when the future is not bound and no loop runs in this thread
     */
    public EventLoop getLoop() {
        return loop();
    }

    /** @return whether the future has a result, an exception, or was cancelled */
    public boolean isDone() {
        return state() != PENDING;
    }

    /** @return whether the future was cancelled */
    public boolean isCancelled() {
        return state() == CANCELLED;
    }

    /**
     * Returns the result. Throws the future's exception if it has one (the original exception, even a
     * checked one), {@link CancelledError} if it was cancelled, and {@link InvalidStateError} if it is
     * still pending. Never waits: to wait for the result, await the future.
     *
     * @return the result
     * @throws CancelledError if the future was cancelled, with the message given to {@link #cancel(String)}
     * @throws InvalidStateError if the future is pending ("Result is not set.")
     */
    @SuppressWarnings("unchecked")
    public T result() {
        switch (state()) {
            case FINISHED:
                return (T) outcome;
            case FAILED:
                markRetrieved();
                throw Sneaky.rethrow((Throwable) outcome);
            case CANCELLED:
                throw makeCancelledError();
            default:
                throw new InvalidStateError("Result is not set.");
        }
    }

    /**
     * Returns the exception the future finished with, or {@code null} if it has a result. Throws
     * {@link CancelledError} if it was cancelled and {@link InvalidStateError} if it is pending. Either way the
     * exception counts as retrieved: it is not reported when the future is collected.
     *
     * @return the exception or {@code null}
     * @throws CancelledError if the future was cancelled
     * @throws InvalidStateError if the future is pending ("Exception is not set.")
     */
    public Throwable exception() {
        switch (state()) {
            case FINISHED:
                return null;
            case FAILED:
                markRetrieved();
                return (Throwable) outcome;
            case CANCELLED:
                throw makeCancelledError();
            default:
                throw new InvalidStateError("Exception is not set.");
        }
    }

    /**
     * Finishes the future with {@code value} and schedules its done callbacks, and the tasks awaiting it, in the
     * order they were added: they run on the loop's next pass, not inside this call.
     *
     * @param value the result
     * @throws InvalidStateError if the future is already done
     */
    public void setResult(T value) {
        if (state() != PENDING) {
            throw new InvalidStateError(stateName() + ": " + this);
        }
        this.outcome = value;
        flags |= FINISHED;   // from PENDING, which is 0
        scheduleCallbacks();
    }

    /**
     * Finishes the future with {@code exception} and schedules its done callbacks, as {@link #setResult} does.
     * The tasks awaiting it get {@code exception} thrown, as it is, from their await.
     *
     * @param exception the failure, not null
     * @throws InvalidStateError if the future is already done
     * @throws NullPointerException if {@code exception} is {@code null}
     */
    public void setException(Throwable exception) {
        if (exception == null) {
            throw new NullPointerException("setException(null): an exception is required");
        }
        if (state() != PENDING) {
            throw new InvalidStateError(stateName() + ": " + this);
        }
        flags |= FAILED;
        this.outcome = exception;
        this.outcome = NeverRetrieved.watch(this, exception);
        scheduleCallbacks();
    }

    /**
     * Cancels the future: if it is pending, it becomes cancelled and its done callbacks are scheduled, as
     * {@link #setResult} does; the tasks awaiting it get {@link CancelledError} from their await.
     *
     * @return {@code false} if it was already done
     */
    public boolean cancel() {
        return cancel(null);
    }

    /**
     * Cancels the future with a message, which becomes the {@link CancelledError}'s message.
     *
     * @param msg the message, or {@code null}
     * @return {@code false} if it was already done
     */
    public boolean cancel(String msg) {
        markRetrieved();
        if (state() != PENDING) {
            return false;
        }
        flags |= CANCELLED;
        outcome = msg;
        scheduleCallbacks();
        return true;
    }

    /**
     * Adds a callback to run, through the loop, when the future is done; if it is already done, the
     * callback is scheduled at once. It runs in a copy of the {@link Context} current now, as Python's does.
     * Either way it runs on the loop's thread on a later pass, never inside this call; callbacks run in the order
     * they were added.
     *
     * @param fn the callback; it receives this future
     * @throws NullPointerException if {@code fn} is {@code null}
     */
    public void addDoneCallback(Consumer<Future<T>> fn) {
        if (fn == null) {
            throw new NullPointerException("addDoneCallback(null)");
        }
        if (CurrentContext.used) {
            BaseEventLoop l = loop;
            addCallback(ContextConsumer.bind(fn, l != null ? l.callerContext() : CurrentContext.ofThread()));
        } else {
            addCallback(fn);
        }
    }

    /**
     * Removes every registration of {@code fn} (compared with {@code equals}, whatever context it was added in).
     * Once the future is done its callbacks are already scheduled: they run anyway, and this returns 0.
     *
     * @param fn the callback
     * @return how many registrations were removed
     */
    public int removeDoneCallback(Consumer<Future<T>> fn) {
        Object cbs = callbacks;
        if (cbs == null) {
            return 0;
        }
        if (!(cbs instanceof CallbackList)) {
            if (ContextConsumer.unwrap(cbs).equals(fn)) {
                callbacks = null;
                return 1;
            }
            return 0;
        }
        CallbackList list = (CallbackList) cbs;
        int before = list.size();
        list.removeIf(c -> ContextConsumer.unwrap(c).equals(fn));
        return before - list.size();
    }

    /**
     * Returns a {@link CompletableFuture} that completes (on this future's loop thread) when this
     * future does: with its result, its original exception, or cancelled. Cancelling the returned
     * future from any thread cancels this one on its loop.
     *
     * <p>Call it on the loop's thread; the returned future may then be used from any thread. It completes through a
     * done callback, on a loop pass after this future finishes, also when this future is done already.
     *
     * @return a new completable future
     * @throws IllegalStateException when the future is not bound to a loop and no loop runs in this thread
     */
    public CompletableFuture<T> toCompletableFuture() {
        BaseEventLoop l = loop();
        CompletableFuture<T> cf = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                if (r && !l.isClosed()) {
                    try {
                        l.callSoonThreadsafe(() -> Future.this.cancel());
                    } catch (IllegalStateException closedMeanwhile) {
                        // nothing runs on a closed loop: there is nothing left to cancel there
                    }
                }
                return r;
            }
        };
        addCallback((Consumer<Future<T>>) f -> {
            if (f.isCancelled()) {
                cf.cancel(false);
            } else {
                Throwable e = f.exception();
                if (e != null) {
                    cf.completeExceptionally(e);
                } else {
                    cf.complete(f.result());
                }
            }
        });
        return cf;
    }

    // ---- internals ----

    /** Registers a task to wake when this future finishes: no allocation beyond the list. */
    final void addWaiter(Task<?> task) {
        addCallback(task);
    }

    /** @return whether {@code cb} is one of the done callbacks */
    final boolean hasCallback(Object cb) {
        Object cbs = callbacks;
        return cbs == cb || (cbs instanceof CallbackList && ((CallbackList) cbs).contains(cb));
    }

    /** Adds a done callback: a Consumer, a waiting Task or a FutureListener. */
    final void addCallback(Object cb) {
        if (state() != PENDING) {
            scheduleOne(loop(), cb);
            return;
        }
        Object cbs = callbacks;
        if (cbs == null) {
            callbacks = cb;
        } else if (cbs instanceof CallbackList) {
            ((CallbackList) cbs).add(cb);
        } else {
            CallbackList list = new CallbackList();
            list.add(cbs);
            list.add(cb);
            callbacks = list;
        }
    }

    private void scheduleCallbacks() {
        Object cbs = callbacks;
        if (cbs == null) {
            return;
        }
        callbacks = null;
        BaseEventLoop l = loop();
        if (cbs instanceof CallbackList) {
            for (Object cb : (CallbackList) cbs) {
                scheduleOne(l, cb);
            }
        } else {
            scheduleOne(l, cbs);
        }
    }

    @SuppressWarnings("unchecked")
    private void scheduleOne(BaseEventLoop l, Object cb) {
        if (cb instanceof Task) {
            l.schedule(cb);   // the task wakes up from this future, its waiter
        } else if (cb instanceof FutureListener) {
            ((FutureListener) cb).futureDone(this);
            l.schedule(cb);
        } else {
            Consumer<Future<T>> fn = (Consumer<Future<T>>) cb;
            l.schedule((Runnable) () -> fn.accept(this));
        }
    }

    /** Someone has seen the exception: do not report it when this future is collected. */
    final void markRetrieved() {
        if (state() == FAILED && outcome instanceof NeverRetrieved) {
            outcome = ((NeverRetrieved) outcome).retrieve();
        }
    }

    /** The result without side effects, for the runtime: only valid when FINISHED. */
    final Object rawResult() {
        return state() == FINISHED ? outcome : null;
    }

    /** The exception without marking it retrieved, or null. */
    final Throwable rawException() {
        if (state() != FAILED) {
            return null;
        }
        Object o = outcome;
        return o instanceof NeverRetrieved ? ((NeverRetrieved) o).exception() : (Throwable) o;
    }

    /**
     * Python's {@code _cancel_message}: the message the future was cancelled with, or null. A task that ended
     * because its coroutine threw CancelledError has none (CPython's {@code Task.__step} calls
     * {@code super().cancel()} without one): only the saved error carries it.
     */
    final String cancelMessage() {
        Object o = outcome;
        return o instanceof CancelledError ? null : (String) o;
    }

    /** Cancelled with this error (a task whose coroutine threw it): rethrown once, as Python does. */
    final void cancelWith(CancelledError e) {
        if (state() != PENDING) {
            return;
        }
        flags |= CANCELLED;
        outcome = e;
        scheduleCallbacks();
    }

    CancelledError makeCancelledError() {
        Object o = outcome;
        if (o instanceof CancelledError) {
            outcome = null;   // the saved error once, then errors with no message, as CPython 3.11 does
            return (CancelledError) o;
        }
        return o == null ? new CancelledError() : new CancelledError((String) o);
    }

    final String stateName() {
        switch (state()) {
            case PENDING:
                return "PENDING";
            case CANCELLED:
                return "CANCELLED";
            default:
                return "FINISHED";  // FINISHED or FAILED: Python calls both "finished"
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(getClass().getSimpleName().isEmpty() ? "Future" : getClass().getSimpleName());
        sb.append(' ').append(stateName().toLowerCase(Locale.ROOT));
        if (state() == FINISHED) {
            sb.append(" result=").append(outcome);
        } else if (state() == FAILED) {
            sb.append(" exception=").append(rawException());
        }
        return sb.append('>').toString();
    }

    private static final class CallbackList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        CallbackList() {
            super(4);
        }
    }
}
