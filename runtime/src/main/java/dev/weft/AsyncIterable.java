package dev.weft;

import dev.weft.internal.AsyncDefaults;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import java.util.Iterator;

/**
 * Something to iterate asynchronously: Python's {@code __aiter__}. Inside an {@code @Async} method, an enhanced
 * {@code for} over an {@code AsyncIterable} is {@code async for}: each step awaits {@link AsyncIterator#anext()},
 * and {@link StopAsyncIteration} ends the loop.
 *
 * <p>It extends {@link Iterable} only so that the enhanced {@code for} compiles; {@link #iterator()} itself cannot
 * iterate without suspending, and says so.
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Integer> total(AsyncIterable<Integer> numbers) {
 *     int sum = 0;
 *     for (int n : numbers) {          // async for: each step awaits anext()
 *         sum += n;
 *     }
 *     return Coroutine.of(sum);
 * }
 * }</pre>
 *
 * <p>The steps run in the iterating task, on its loop's thread. A {@code break} or an exception out of the loop
 * leaves the iterator as it is; cancelling the iterating task throws {@link CancelledError} out of the step that
 * waits.
 *
 * @param <T> the items
 */
public interface AsyncIterable<T> extends Iterable<T> {

    /** @return the iterator: Python's {@code __aiter__} */
    AsyncIterator<T> aiter();

    /**
     * {@code [x async for x in self]}: every item, in order. Cancelled, it loses the items taken so far.
     *
     * @return the coroutine to await: a new list of the items
     */
    default Coroutine<List<T>> toList() {
        return AsyncDefaults.toList(this);
    }

    /**
     * {@code (f(x) async for x in self)}: a lazy async generator; it iterates this one as it is iterated.
     *
     * @param f applied to each item, on the loop thread
     * @param <R> the new items
     * @return the mapped items
     */
    default <R> AsyncGenerator<R> map(Function<? super T, ? extends R> f) {
        return AsyncDefaults.map(this, f);
    }

    /**
     * {@code (x async for x in self if p(x))}: a lazy async generator of the items {@code p} accepts.
     *
     * @param p the test, on the loop thread
     * @return the accepted items
     */
    default AsyncGenerator<T> filter(Predicate<? super T> p) {
        return AsyncDefaults.filter(this, p);
    }

    /**
     * The first {@code n} items, lazily: after the {@code n}-th it stops without asking this one for more (this one
     * is left as it is, as {@code break} leaves it in Python).
     *
     * @param n how many, at least 0
     * @return at most {@code n} items
     */
    default AsyncGenerator<T> take(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("take(" + n + "): a count must not be negative");
        }
        return AsyncDefaults.take(this, n);
    }

    /**
     * Not an iteration: an enhanced {@code for} over an async iterable is {@code async for} only inside woven
     * {@code @Async} code.
     *
     * @throws IllegalStateException always
     */
    @Override
    default Iterator<T> iterator() {
        throw new IllegalStateException("for-each over " + getClass().getName()
                + ", an AsyncIterable, needs an @Async method (woven): there it is async for; elsewhere await aiter().anext()");
    }
}
