package dev.weft.internal.tasks;

import dev.weft.Await;
import dev.weft.Awaitable;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.TimeoutError;
import dev.weft.TimerHandle;
import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;

import java.util.function.Consumer;

/** {@code Asyncio.waitFor}: Python 3.11's {@code asyncio.wait_for}. */
public final class WaitFor {
    /** No timeout: Python's {@code None}. */
    static final double NO_TIMEOUT = Double.POSITIVE_INFINITY;

    private WaitFor() {
    }

    /**
     * Awaits {@code awaitable} for at most {@code timeout} seconds. On timeout the inner future is cancelled and
     * awaited, then {@link TimeoutError} is thrown, unless the inner task swallowed the cancellation and
     * returned a value, which is then returned. Cancelling the awaiting task cancels the inner one too.
     *
     * @param awaitable a coroutine (wrapped in a task) or a future
     * @param timeout seconds; infinite for none; 0 or less: only if already done
     * @param <T> the result type
     * @return the coroutine to await
     */
    @Async
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double timeout) {
        BaseEventLoop loop = BaseEventLoop.running();
        if (timeout == NO_TIMEOUT) {
            T value = Await.on(awaitable);
            return Coroutine.of(value);
        }
        if (timeout <= 0) {
            Future<T> fut = loop.ensureFuture(awaitable);
            if (fut.isDone()) {
                return Coroutine.of(fut.result());
            }
            Await.on(cancelAndWait(fut, loop));
            try {
                return Coroutine.of(fut.result());
            } catch (CancelledError e) {
                throw timeoutError(e);
            }
        }
        Future<Void> waiter = loop.createFuture();
        TimerHandle timeoutHandle = loop.callLater(timeout, () -> releaseWaiter(waiter));
        Consumer<Future<T>> cb = f -> releaseWaiter(waiter);
        Future<T> fut = loop.ensureFuture(awaitable);
        fut.addDoneCallback(cb);
        try {
            try {
                Await.on(waiter);
            } catch (CancelledError e) {
                if (fut.isDone()) {
                    return Coroutine.of(fut.result());
                }
                fut.removeDoneCallback(cb);
                Await.on(cancelAndWait(fut, loop));
                throw e;
            }
            if (fut.isDone()) {
                return Coroutine.of(fut.result());
            }
            fut.removeDoneCallback(cb);
            Await.on(cancelAndWait(fut, loop));
            try {
                return Coroutine.of(fut.result());
            } catch (CancelledError e) {
                throw timeoutError(e);
            }
        } finally {
            timeoutHandle.cancel();
        }
    }

    /** Python's {@code _cancel_and_wait}: cancels {@code fut} and waits until it is done, without being cancellable through it. */
    @Async
    private static <T> Coroutine<Void> cancelAndWait(Future<T> fut, BaseEventLoop loop) {
        Future<Void> waiter = loop.createFuture();
        Consumer<Future<T>> cb = f -> releaseWaiter(waiter);
        fut.addDoneCallback(cb);
        try {
            fut.cancel();
            Await.on(waiter);
        } finally {
            fut.removeDoneCallback(cb);
        }
        return Coroutine.done();
    }

    /** Python's {@code _release_waiter}. */
    static void releaseWaiter(Future<Void> waiter) {
        if (!waiter.isDone()) {
            waiter.setResult(null);
        }
    }

    private static TimeoutError timeoutError(Throwable cause) {
        TimeoutError e = new TimeoutError();
        e.initCause(cause);
        return e;
    }
}
