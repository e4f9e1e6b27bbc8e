package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.util.List;

/** Small coroutines the integration tests await. */
final class Coros {

    private Coros() {
    }

    /** Suspends once (one loop pass), then returns {@code 2 * x}. */
    @Async
    static Coroutine<Integer> twice(int x) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(2 * x);
    }

    /** Returns {@code x} without ever suspending. */
    @Async
    static Coroutine<Integer> same(int x) {
        return Coroutine.of(x);
    }

    /** Suspends once, then returns {@code value}. */
    @Async
    static <T> Coroutine<T> later(T value) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(value);
    }

    /** Suspends once, then returns {@code value}. */
    @Async
    static Coroutine<Long> longLater(long value) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(value);
    }

    /** Suspends once, then returns {@code value}. */
    @Async
    static Coroutine<Double> doubleLater(double value) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(value);
    }

    /** Suspends once, then returns {@code value}. */
    @Async
    static Coroutine<Boolean> boolLater(boolean value) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(value);
    }

    /** Logs {@code name:start}, suspends once, logs {@code name:end}, returns {@code value}. */
    @Async
    static <T> Coroutine<T> logged(List<String> log, String name, T value) {
        log.add(name + ":start");
        Await.on(Asyncio.sleep(0));
        log.add(name + ":end");
        return Coroutine.of(value);
    }
}
