package dev.weft;

import dev.weft.internal.Completed;

/**
 * A coroutine object: what calling an {@code @Async} method returns (Python's coroutine object).
 *
 * <p>Creating a coroutine runs none of its body. The body runs when the coroutine is awaited with
 * {@code Await.on} (inline, in the awaiting task, without a trip through the event loop) or when it
 * is wrapped in a task ({@link Asyncio#createTask}, {@link Asyncio#gather}, {@link Asyncio#run}).
 * A coroutine can be awaited (or wrapped) once; a second attempt throws
 * {@link IllegalStateException}.
 *
 * <p>Inside an {@code @Async} method, {@code return Coroutine.of(value)} ends the coroutine with
 * {@code value} and {@code return Coroutine.done()} ends it with no value; the weaver turns both
 * into a plain return, so they allocate nothing there.
 *
 * @param <T> the type of the coroutine's result
 */
public abstract non-sealed class Coroutine<T> implements Awaitable<T> {

    /** For the runtime and woven code only. */
    protected Coroutine() {
    }

    /**
     * A coroutine that is already finished with {@code value}: awaiting it returns {@code value}
     * at once, without suspending.
     *
     * @param value the result, may be {@code null}
     * @param <T> the result type
     * @return a fresh, single-use coroutine
     */
    public static <T> Coroutine<T> of(T value) {
        return new Completed<>(value);
    }

    /**
     * A coroutine that is already finished with no value ({@code null}). Awaiting it never
     * suspends. It holds no state, so the same instance may be awaited any number of times.
     *
     * @return the shared finished coroutine
     */
    public static Coroutine<Void> done() {
        return Completed.DONE;
    }
}
