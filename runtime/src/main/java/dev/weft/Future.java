package dev.weft;

import dev.weft.internal.Sneaky;

import java.util.ArrayList;
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
 * <p>Not thread-safe: use it from its loop's thread. {@link #toCompletableFuture()} and
 * {@link Asyncio#wrapFuture} bridge to other threads.
 *
 * @param <T> the result type
 */
public non-sealed class Future<T> implements Awaitable<T> {

    static final byte PENDING = 0;
    static final byte CANCELLED = 1;
    static final byte FINISHED = 2;

    byte state = PENDING;
    private Object result;
    private Throwable exception;
    String cancelMessage;
    CancelledError cancelledExc;
    BaseEventLoop loop;
    /** null, a single callback (a Consumer or a Task to wake up), or an ArrayList of them. */
    private Object callbacks;
    /** Reports the exception if this future is collected before anybody looked at it (Python's __del__). */
    private NeverRetrieved neverRetrieved;

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

    /** @return the loop this future is bound to */
    public EventLoop getLoop() {
        return loop();
    }

    /** @return whether the future has a result, an exception, or was cancelled */
    public boolean isDone() {
        return state != PENDING;
    }

    /** @return whether the future was cancelled */
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    /**
     * Returns the result. Throws the future's exception if it has one (the original exception, even a
     * checked one), {@link CancelledError} if it was cancelled, and {@link InvalidStateError} if it is
     * still pending.
     *
     * @return the result
     */
    @SuppressWarnings("unchecked")
    public T result() {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Result is not set.");
        }
        markRetrieved();
        if (exception != null) {
            throw Sneaky.rethrow(exception);
        }
        return (T) result;
    }

    /**
     * Returns the exception the future finished with, or {@code null} if it has a result. Throws
     * {@link CancelledError} if it was cancelled and {@link InvalidStateError} if it is pending.
     *
     * @return the exception or {@code null}
     */
    public Throwable exception() {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Exception is not set.");
        }
        markRetrieved();
        return exception;
    }

    /**
     * Finishes the future with {@code value} and schedules its done callbacks.
     *
     * @param value the result
     * @throws InvalidStateError if the future is already done
     */
    public void setResult(T value) {
        if (state != PENDING) {
            throw new InvalidStateError(stateName() + ": " + this);
        }
        this.result = value;
        this.state = FINISHED;
        scheduleCallbacks();
    }

    /**
     * Finishes the future with {@code exception} and schedules its done callbacks.
     *
     * @param exception the failure, not null
     * @throws InvalidStateError if the future is already done
     */
    public void setException(Throwable exception) {
        if (exception == null) {
            throw new NullPointerException("setException(null): an exception is required");
        }
        if (state != PENDING) {
            throw new InvalidStateError(stateName() + ": " + this);
        }
        this.exception = exception;
        this.state = FINISHED;
        this.neverRetrieved = NeverRetrieved.watch(this, exception);
        scheduleCallbacks();
    }

    /**
     * Cancels the future: if it is pending, it becomes cancelled and its done callbacks are scheduled.
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
        if (state != PENDING) {
            return false;
        }
        state = CANCELLED;
        cancelMessage = msg;
        scheduleCallbacks();
        return true;
    }

    /**
     * Adds a callback to run, through the loop, when the future is done; if it is already done, the
     * callback is scheduled at once.
     *
     * @param fn the callback; it receives this future
     */
    public void addDoneCallback(Consumer<Future<T>> fn) {
        if (fn == null) {
            throw new NullPointerException("addDoneCallback(null)");
        }
        addCallback(fn);
    }

    /**
     * Removes every registration of {@code fn} (compared with {@code equals}).
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
            if (cbs.equals(fn)) {
                callbacks = null;
                return 1;
            }
            return 0;
        }
        CallbackList list = (CallbackList) cbs;
        int before = list.size();
        list.removeIf(c -> c.equals(fn));
        return before - list.size();
    }

    /**
     * Returns a {@link CompletableFuture} that completes (on this future's loop thread) when this
     * future does: with its result, its original exception, or cancelled. Cancelling the returned
     * future from any thread cancels this one on its loop.
     *
     * @return a new completable future
     */
    public CompletableFuture<T> toCompletableFuture() {
        BaseEventLoop l = loop();
        CompletableFuture<T> cf = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                if (r) {
                    l.callSoonThreadsafe(() -> Future.this.cancel());
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

    final void removeWaiter(Task<?> task) {
        Object cbs = callbacks;
        if (cbs == task) {
            callbacks = null;
        } else if (cbs instanceof CallbackList) {
            ((CallbackList) cbs).remove(task);
        }
    }

    private void addCallback(Object cb) {
        if (state != PENDING) {
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
            Task<?> t = (Task<?>) cb;
            l.schedule(t.wakeup(this));
        } else {
            Consumer<Future<T>> fn = (Consumer<Future<T>>) cb;
            l.schedule(() -> fn.accept(this));
        }
    }

    /** Someone has seen the exception: do not report it when this future is collected. */
    final void markRetrieved() {
        NeverRetrieved n = neverRetrieved;
        if (n != null) {
            n.retrieved = true;
            neverRetrieved = null;
        }
    }

    /** The result without side effects, for the runtime: only valid when FINISHED without exception. */
    final Object rawResult() {
        return result;
    }

    final Throwable rawException() {
        return exception;
    }

    CancelledError makeCancelledError() {
        CancelledError e = cancelledExc;
        if (e != null) {
            cancelledExc = null;
            return e;
        }
        return cancelMessage == null ? new CancelledError() : new CancelledError(cancelMessage);
    }

    final String stateName() {
        switch (state) {
            case PENDING:
                return "PENDING";
            case CANCELLED:
                return "CANCELLED";
            default:
                return "FINISHED";
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(getClass().getSimpleName().isEmpty() ? "Future" : getClass().getSimpleName());
        sb.append(' ').append(stateName().toLowerCase(java.util.Locale.ROOT));
        if (state == FINISHED) {
            if (exception != null) {
                sb.append(" exception=").append(exception);
            } else {
                sb.append(" result=").append(result);
            }
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
