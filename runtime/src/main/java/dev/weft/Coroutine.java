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
 * <p><b>Cancellation.</b> A coroutine is cancelled through the task that runs it: {@link Task#cancel()} throws
 * {@link CancelledError} out of the {@code Await.on} where the coroutine (or one it awaits) is suspended, so its
 * {@code catch} and {@code finally} blocks run. Awaiting a completed future or a coroutine that does not suspend
 * neither suspends nor allocates.
 *
 * <p><b>Threads.</b> A coroutine runs on the thread of the loop that runs its task, one step at a time, and its
 * steps never overlap; between them, other tasks run. It may be created on any thread, but awaited only in a task.
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Integer> slowSquare(int x) {
 *     Await.on(Asyncio.sleep(1));
 *     return Coroutine.of(x * x);
 * }
 *
 * Coroutine<Integer> c = slowSquare(3);      // nothing has run yet
 * int nine = Await.on(c);                    // in an @Async method: runs it, suspending for a second
 * }</pre>
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
