package dev.weft.internal.tasks;

import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.ReturnWhen;
import dev.weft.TimerHandle;
import dev.weft.WaitResult;
import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/** {@code Asyncio.wait}: Python's {@code asyncio.wait} and its {@code _wait}. */
public final class Wait {

    private Wait() {
    }

    /**
     * Waits until {@code when} is met or {@code timeout} seconds passed. Nothing is cancelled; the futures still
     * pending are in {@link WaitResult#pending()}. The sets keep the order of {@code fs}.
     *
     * @param fs the futures (tasks), at least one
     * @param timeout seconds, infinite for none
     * @param when when to return
     * @param <T> the result type
     * @return the coroutine to await, giving the done and pending sets
     */
    @Async
    @SuppressWarnings("unchecked")
    public static <T> Coroutine<WaitResult<T>> wait(Collection<? extends Future<? extends T>> fs, double timeout,
                                                     ReturnWhen when) {
        if (fs.isEmpty()) {
            throw new IllegalStateException("Set of Tasks/Futures is empty.");
        }
        if (when == null) {
            throw new IllegalStateException("Invalid return_when value: null");
        }
        BaseEventLoop loop = BaseEventLoop.running();
        Set<Future<T>> futures = new LinkedHashSet<>();
        for (Future<? extends T> f : fs) {
            futures.add((Future<T>) f);
        }
        Future<Void> waiter = loop.createFuture();
        TimerHandle timeoutHandle = timeout == WaitFor.NO_TIMEOUT
                ? null : loop.callLater(timeout, () -> WaitFor.releaseWaiter(waiter));
        int[] counter = {futures.size()};
        Consumer<Future<T>> onCompletion = f -> {
            counter[0]--;
            if (counter[0] <= 0 || when == ReturnWhen.FIRST_COMPLETED
                    || (when == ReturnWhen.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null)) {
                if (timeoutHandle != null) {
                    timeoutHandle.cancel();
                }
                WaitFor.releaseWaiter(waiter);
            }
        };
        for (Future<T> f : futures) {
            f.addDoneCallback(onCompletion);
        }
        try {
            Await.on(waiter);
        } finally {
            if (timeoutHandle != null) {
                timeoutHandle.cancel();
            }
            for (Future<T> f : futures) {
                f.removeDoneCallback(onCompletion);
            }
        }
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : futures) {
            if (f.isDone()) {
                done.add(f);
            } else {
                pending.add(f);
            }
        }
        return Coroutine.of(new WaitResult<>(done, pending));
    }
}
