package dev.weft;

/**
 * Something {@code Await.on(...)} can suspend on: Python's awaitable.
 *
 * <p>There are exactly two kinds: a {@link Coroutine} (runs inline in the awaiting task, once) and
 * a {@link Future} (a result that some other party sets, possibly later; a {@link Task} is one).
 *
 * @param <T> the type of the value the await produces
 */
public sealed interface Awaitable<T> permits Coroutine, Future {
}
