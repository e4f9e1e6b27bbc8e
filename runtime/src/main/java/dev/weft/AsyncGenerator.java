package dev.weft;

import dev.weft.internal.AsyncGen;

/**
 * An async generator object (PEP 525): what calling an {@code @Async} method that returns {@code AsyncGenerator<T>}
 * gives. Calling the method runs none of its body; each {@link #anext()} resumes the body in the awaiting task until
 * its next {@link Await#yield(Object) Await.yield(value)} (the step's result) or its end ({@link StopAsyncIteration}).
 * <pre>{@code
 * @Async
 * static AsyncGenerator<Integer> ticks(int n) {
 *     for (int i = 0; i < n; i++) {
 *         Await.on(Asyncio.sleep(0.1));
 *         Await.yield(i);
 *     }
 *     return AsyncGenerator.done();
 * }
 *
 * @Async
 * static Coroutine<Void> main() {
 *     for (int i : ticks(3)) {        // async for
 *         System.out.println(i);
 *     }
 *     return Coroutine.done();
 * }
 * }</pre>
 *
 * <p>Semantics are CPython 3.11's: one step at a time ({@code "anext(): asynchronous generator is already running"}
 * otherwise); an exception thrown by the body ends the generator and reaches the awaiting task (a
 * {@link StopAsyncIteration} the body throws becomes an {@link IllegalStateException}); {@link #aclose()} throws
 * {@link GeneratorExit} into the body at its {@code yield}, so its {@code finally} blocks run, and a body that yields
 * again then fails with {@link IllegalStateException}. A generator first iterated on a running loop belongs to it:
 * {@link EventLoop#shutdownAsyncgens()} (which {@link Asyncio#run} calls) closes it if unfinished, and one that is
 * collected unfinished is closed by a task on that loop.
 *
 * <p><b>Cancellation.</b> Cancelling the task that awaits {@link #anext()} throws {@link CancelledError} into the
 * body at the {@code Await.on} where it is suspended; unless the body catches it, the generator ends (its
 * {@code finally} blocks run) and the error reaches the task.
 *
 * <p>Threads: use a generator from the tasks of one loop. Iterating allocates nothing per item: {@link #anext()}
 * reuses the coroutine of the previous step once that has finished.
 *
 * @param <T> the items
 */
public final class AsyncGenerator<T> implements AsyncIterator<T>, AsyncCloseable {
    final AsyncGen gen;   // package-private: Task's bridge hands it to Rt for async for
    private Coroutine<Object> step;

    AsyncGenerator(AsyncGen gen) {
        this.gen = gen;
    }

    /**
     * Ends an async generator's body: {@code return AsyncGenerator.done();} (Python's generator falling off its
     * end). The weaver replaces it; called elsewhere it gives a generator that has already finished.
     *
     * @param <T> the items
     * @return a finished generator
     */
    public static <T> AsyncGenerator<T> done() {
        return new AsyncGenerator<>(AsyncGen.empty());
    }

    /**
     * Python's {@code __anext__}.
     *
     * @return the coroutine to await: the next value the body yields
     * @throws StopAsyncIteration (when awaited) once the body has ended
     * @throws IllegalStateException (when awaited) while another step of this generator runs
     */
    @Override
    @SuppressWarnings("unchecked")
    public Coroutine<T> anext() {
        gen.firstIteration(this);
        Coroutine<Object> s = gen.anext(step);
        step = s;
        return (Coroutine<T>) s;
    }

    /**
     * Python's {@code asend(value)}: resumes the body with {@code value} as the result of the {@code Await.yield}
     * it waits at.
     *
     * @param value what the pending {@code Await.yield} gives; must be {@code null} before the first step
     * @return the coroutine to await: the next value the body yields
     * @throws StopAsyncIteration (when awaited) once the body has ended
     * @throws IllegalArgumentException (when awaited) for a non-null value before the first step
     */
    @SuppressWarnings("unchecked")
    public Coroutine<T> asend(Object value) {
        gen.firstIteration(this);
        Coroutine<Object> s = gen.asend(step, value);
        step = s;
        return (Coroutine<T>) s;
    }

    /**
     * Python's {@code athrow(error)}: throws {@code error} into the body at the {@code Await.yield} it waits at.
     * Before the first step it ends the generator and throws {@code error} without running the body; after the
     * end it does nothing.
     *
     * @param error what to throw
     * @return the coroutine to await: the next value the body yields (having caught {@code error})
     * @throws StopAsyncIteration (when awaited) when the body catches {@code error} and returns
     */
    @SuppressWarnings("unchecked")
    public Coroutine<T> athrow(Throwable error) {
        gen.firstIteration(this);
        return (Coroutine<T>) gen.athrow(error);
    }

    /**
     * Python's {@code aclose()}: throws {@link GeneratorExit} into the body at its {@code Await.yield}, so that its
     * {@code finally} blocks run (they may await). Closing a generator not started or finished does nothing.
     *
     * @return the coroutine to await
     * @throws IllegalStateException (when awaited) when the body yields instead of ending
     */
    @Override
    @SuppressWarnings("unchecked")
    public Coroutine<Void> aclose() {
        gen.firstIteration(this);
        return (Coroutine<Void>) (Coroutine<?>) gen.aclose();
    }

    /** @return whether the body runs a step now (Python's {@code ag_running}) */
    public boolean isRunning() {
        return gen.isRunning();
    }

    /** @return whether the body has ended: returned, thrown or closed */
    public boolean isFinished() {
        return gen.isFinished();
    }

    @Override
    public String toString() {
        return gen.toString();
    }
}
