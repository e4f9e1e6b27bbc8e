package dev.weft.internal;

import dev.weft.AsyncCloseable;
import dev.weft.AsyncGenerator;
import dev.weft.AsyncIterable;
import dev.weft.AsyncIterator;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.StopAsyncIteration;
import dev.weft.annotations.Async;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The async bodies of the default methods of {@link AsyncIterable}, {@link AsyncIterator} and {@link AsyncCloseable}.
 * Internal.
 */
public final class AsyncDefaults {

    private AsyncDefaults() {
    }

    /** {@code anext(it, default)}. */
    @Async
    public static <T> Coroutine<T> anextOr(AsyncIterator<T> it, T defaultValue) {
        try {
            return Coroutine.of(Await.on(it.anext()));
        } catch (StopAsyncIteration e) {
            return Coroutine.of(defaultValue);
        }
    }

    /** The default {@code __aexit__}: close, do not suppress. */
    @Async
    public static Coroutine<Boolean> acloseThenFalse(AsyncCloseable resource) {
        Await.on(resource.aclose());
        return Coroutine.of(false);
    }

    /** {@code [x async for x in items]}. */
    @Async
    public static <T> Coroutine<List<T>> toList(AsyncIterable<T> items) {
        List<T> list = new ArrayList<>();
        for (T x : items) {
            list.add(x);
        }
        return Coroutine.of(list);
    }

    /** {@code (f(x) async for x in items)}. */
    @Async
    public static <T, R> AsyncGenerator<R> map(AsyncIterable<T> items, Function<? super T, ? extends R> f) {
        for (T x : items) {
            Await.yield(f.apply(x));
        }
        return AsyncGenerator.done();
    }

    /** {@code (x async for x in items if p(x))}. */
    @Async
    public static <T> AsyncGenerator<T> filter(AsyncIterable<T> items, Predicate<? super T> p) {
        for (T x : items) {
            if (p.test(x)) {
                Await.yield(x);
            }
        }
        return AsyncGenerator.done();
    }

    /** The first {@code n} items. */
    @Async
    public static <T> AsyncGenerator<T> take(AsyncIterable<T> items, int n) {
        if (n == 0) {
            return AsyncGenerator.done();
        }
        int left = n;
        for (T x : items) {
            Await.yield(x);
            if (--left == 0) {
                break;
            }
        }
        return AsyncGenerator.done();
    }
}
