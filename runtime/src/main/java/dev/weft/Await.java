package dev.weft;

import dev.weft.internal.NotWoven;

import java.util.concurrent.CompletionStage;

/**
 * The suspension point: {@code Await.on(x)} is Python's {@code await x}.
 *
 * <p>{@code Await.on} may only appear inside a method annotated {@code @Async} (or a lambda whose
 * functional method returns {@link Coroutine}). The Weft weaver replaces every call with a
 * suspension point of the enclosing state machine, so these method bodies only ever run in code that
 * was not woven: they then throw {@link IllegalStateException} saying why (the javaagent refused the class,
 * and its reasons; the agent runs but the method is not {@code @Async}; or nothing wove the code, and how
 * to weave it). They never block.
 */
public final class Await {

    private Await() {
    }

    /**
     * Awaits {@code awaitable}: suspends the current task until it has a result and returns it, or
     * throws its exception (the original exception, never a wrapper). Awaiting something that is
     * already finished does not suspend.
     *
     * <p>Cancelling the awaiting task while it waits on a future cancels that future: for a plain future this
     * call then throws {@link CancelledError}, and a {@link Task} awaited is cancelled with the awaiting one
     * ({@link Asyncio#shield} prevents that). Awaiting a coroutine, the cancellation reaches the await where
     * the coroutine waits.
     *
     * @param awaitable a coroutine (run inline, once) or a future
     * @param <T> the result type
     * @return the result
     */
    public static <T> T on(Awaitable<T> awaitable) {
        throw new IllegalStateException(NotWoven.message());
    }

    /**
     * Awaits a {@link CompletionStage} (for example a {@code CompletableFuture} completed on any
     * thread). The task resumes on its event loop thread. A failure is rethrown as its original
     * cause, never a {@code CompletionException} or {@code ExecutionException}; a stage cancelled throws
     * {@link CancelledError}. A completed {@code CompletableFuture} does not suspend. Cancelling the
     * awaiting task cancels the stage ({@code toCompletableFuture().cancel(false)}) where the stage allows
     * it.
     *
     * @param stage the stage to wait for
     * @param <T> the result type
     * @return the result
     */
    public static <T> T on(CompletionStage<T> stage) {
        throw new IllegalStateException(NotWoven.message());
    }

    /**
     * Like {@link #on(Awaitable)}, but declares that the awaited coroutine may throw the checked
     * exception {@code E}, so that Java lets the caller {@code catch} it:
     * <pre>{@code
     * try {
     *     String body = Await.on(download(url), IOException.class);
     * } catch (IOException e) { ... }
     * }</pre>
     *
     * @param awaitable a coroutine or a future
     * @param throwing the checked exception type the caller wants to catch
     * @param <T> the result type
     * @param <E> the declared exception type
     * @return the result
     * @throws E when the awaited coroutine throws it
     */
    public static <T, E extends Exception> T on(Awaitable<T> awaitable, Class<E> throwing) throws E {
        throw new IllegalStateException(NotWoven.message());
    }

    /**
     * Like {@link #on(CompletionStage)}, but declares the checked exception {@code E} so that the
     * caller can catch the stage's original cause.
     *
     * @param stage the stage to wait for
     * @param throwing the checked exception type the caller wants to catch
     * @param <T> the result type
     * @param <E> the declared exception type
     * @return the result
     * @throws E when the stage fails with it
     */
    public static <T, E extends Exception> T on(CompletionStage<T> stage, Class<E> throwing) throws E {
        throw new IllegalStateException(NotWoven.message());
    }

    /**
     * {@code yield value} in an async generator: an {@code @Async} method returning {@link AsyncGenerator}. The value
     * is the result of the step ({@code anext()}, {@code asend()}, {@code athrow()}) that runs the body; the body
     * suspends here until the next step, and this call then gives what {@link AsyncGenerator#asend} sent
     * ({@code null} for {@code anext()}), or throws what {@link AsyncGenerator#athrow} threw (or the
     * {@link GeneratorExit} of {@link AsyncGenerator#aclose}). Anywhere else it is an error at weave time.
     *
     * @param value the value to yield
     * @param <S> the type of what {@code asend} sends
     * @return what {@code asend} sent, or {@code null}
     */
    public static <S> S yield(Object value) {
        throw new IllegalStateException(NotWoven.message());
    }
}
