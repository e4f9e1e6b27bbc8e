package dev.weft.internal.tasks;

import dev.weft.Awaitable;
import dev.weft.Future;
import dev.weft.internal.Access;
import dev.weft.internal.loop.BaseEventLoop;

import java.util.function.Consumer;

/** {@code Asyncio.shield}: Python's {@code asyncio.shield}. */
public final class Shield {
    private static final Access ACCESS = Access.get();

    private Shield() {
    }

    /**
     * Protects {@code awaitable} from cancellation: cancelling the task that awaits the returned future cancels
     * only that await; the inner task runs on to the end. If the inner task is cancelled itself, the returned
     * future is cancelled too.
     *
     * @param awaitable a coroutine (wrapped in a task now) or a future
     * @param <T> the result type
     * @return a future that follows the inner one
     */
    public static <T> Future<T> shield(Awaitable<T> awaitable) {
        BaseEventLoop bound = awaitable instanceof Future ? ACCESS.loopOf((Future<?>) awaitable) : null;
        BaseEventLoop loop = bound != null ? bound : BaseEventLoop.forThread();
        Future<T> inner = loop.ensureFuture(awaitable);
        if (inner.isDone()) {
            return inner;
        }
        Future<T> outer = loop.createFuture();
        Consumer<Future<T>> innerDone = i -> {
            if (outer.isCancelled()) {
                if (!i.isCancelled()) {
                    i.exception();   // retrieved: its failure is not reported as never retrieved
                }
                return;
            }
            if (i.isCancelled()) {
                outer.cancel();
            } else {
                Throwable exc = i.exception();
                if (exc != null) {
                    outer.setException(exc);
                } else {
                    outer.setResult(i.result());
                }
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(o -> {
            if (!inner.isDone()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }
}
