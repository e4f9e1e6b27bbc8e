package dev.weft.internal;

import dev.weft.AsyncCloseable;
import dev.weft.AsyncIterator;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.StopAsyncIteration;
import dev.weft.annotations.Async;

/** The async bodies of {@link AsyncIterator}'s and {@link AsyncCloseable}'s default methods. Internal. */
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
}
