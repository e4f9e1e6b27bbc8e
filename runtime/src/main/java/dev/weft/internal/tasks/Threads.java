package dev.weft.internal.tasks;

import dev.weft.Await;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Future;
import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Between the loop and other threads: Python's {@code asyncio.to_thread} and {@code run_coroutine_threadsafe}. */
public final class Threads {

    private Threads() {
    }

    /**
     * Runs the blocking {@code fn} on the loop's default executor and awaits its result; a failure is rethrown
     * as the original exception.
     *
     * @param fn the blocking function
     * @param <T> the result type
     * @return the coroutine to await
     */
    @Async
    public static <T> Coroutine<T> toThread(Callable<T> fn) {
        EventLoop loop = BaseEventLoop.running();
        T value = Await.on(loop.runInExecutor(null, fn));
        return Coroutine.of(value);
    }

    /**
     * Submits {@code coroutine} to {@code loop} from any thread. The returned future completes with the
     * coroutine's result or original exception; cancelling it cancels the task on its loop.
     *
     * @param coroutine the coroutine
     * @param loop a loop, usually running in another thread
     * @param <T> the result type
     * @return a future usable from any thread
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Awaitable<T> coroutine, EventLoop loop) {
        if (!(coroutine instanceof Coroutine)) {
            throw new IllegalArgumentException("A coroutine object is required");
        }
        BaseEventLoop l = (BaseEventLoop) loop;
        Future<?>[] task = {null};
        CompletableFuture<T> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                if (r && !l.isClosed()) {
                    l.callSoonThreadsafe(() -> {
                        if (task[0] != null) {
                            task[0].cancel();
                        }
                    });
                }
                return r;
            }
        };
        l.callSoonThreadsafe(() -> {
            if (result.isCancelled()) {
                return;
            }
            try {
                Future<T> f = l.ensureFuture(coroutine);
                task[0] = f;
                f.addDoneCallback(done -> {
                    if (done.isCancelled()) {
                        result.cancel(false);
                    } else if (done.exception() != null) {
                        result.completeExceptionally(done.exception());
                    } else {
                        result.complete(done.result());
                    }
                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
                throw t;
            }
        });
        return result;
    }
}
