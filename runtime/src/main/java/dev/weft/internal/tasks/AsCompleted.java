package dev.weft.internal.tasks;

import dev.weft.Await;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Queue;
import dev.weft.TimeoutError;
import dev.weft.TimerHandle;
import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** {@code Asyncio.asCompleted}: Python 3.11's {@code asyncio.as_completed}, around a {@link Queue} of the finished. */
public final class AsCompleted {

    private AsCompleted() {
    }

    /**
     * The awaitables' results in the order they finish. Each element is a coroutine to await; the first gives
     * the first result (or throws the first failure). After {@code timeout} seconds the remaining coroutines
     * throw {@link TimeoutError}.
     *
     * @param awaitables coroutines (wrapped in tasks now, in argument order) and futures
     * @param timeout seconds, infinite for none
     * @param <T> the result type
     * @return as many coroutines as distinct awaitables
     */
    public static <T> Iterable<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables,
                                                        double timeout) {
        BaseEventLoop loop = BaseEventLoop.forThread();
        Queue<Future<?>> done = new Queue<>();
        Set<Future<?>> todo = new LinkedHashSet<>();
        IdentityHashMap<Awaitable<?>, Boolean> seen = new IdentityHashMap<>();
        for (Awaitable<? extends T> a : awaitables) {
            if (seen.put(a, Boolean.TRUE) == null) {
                todo.add(loop.ensureFuture(a));
            }
        }
        TimerHandle[] timeoutHandle = {null};
        Consumer<Future<?>> onCompletion = new Consumer<>() {
            @Override
            public void accept(Future<?> f) {
                if (todo.isEmpty()) {
                    return;   // the timeout came first
                }
                todo.remove(f);
                done.putNowait(f);
                if (todo.isEmpty() && timeoutHandle[0] != null) {
                    timeoutHandle[0].cancel();
                }
            }
        };
        for (Future<?> f : todo) {
            addCallback(f, onCompletion);
        }
        if (!todo.isEmpty() && timeout != WaitFor.NO_TIMEOUT) {
            timeoutHandle[0] = loop.callLater(timeout, () -> {
                for (Future<?> f : todo) {
                    removeCallback(f, onCompletion);
                    done.putNowait(TIMED_OUT);
                }
                todo.clear();
            });
        }
        List<Coroutine<T>> result = new ArrayList<>(todo.size());
        for (int i = 0, n = todo.size(); i < n; i++) {
            result.add(waitForOne(done));
        }
        return result;
    }

    /** The dummy the timeout queues for each future still pending: Python's {@code None}. */
    private static final Future<Object> TIMED_OUT = new Future<>();

    @Async
    @SuppressWarnings("unchecked")
    private static <T> Coroutine<T> waitForOne(Queue<Future<?>> done) {
        Future<?> f = Await.on(done.get());
        if (f == TIMED_OUT) {
            throw new TimeoutError();
        }
        return Coroutine.of((T) f.result());
    }

    @SuppressWarnings("unchecked")
    private static <T> void addCallback(Future<T> f, Consumer<Future<?>> cb) {
        f.addDoneCallback((Consumer<Future<T>>) (Consumer<?>) cb);
    }

    @SuppressWarnings("unchecked")
    private static <T> void removeCallback(Future<T> f, Consumer<Future<?>> cb) {
        f.removeDoneCallback((Consumer<Future<T>>) (Consumer<?>) cb);
    }
}
