package dev.weft;

import java.util.Iterator;

/**
 * Something to iterate asynchronously: Python's {@code __aiter__}. Inside an {@code @Async} method, an enhanced
 * {@code for} over an {@code AsyncIterable} is {@code async for}: each step awaits {@link AsyncIterator#anext()},
 * and {@link StopAsyncIteration} ends the loop.
 *
 * <p>It extends {@link Iterable} only so that the enhanced {@code for} compiles; {@link #iterator()} itself cannot
 * iterate without suspending, and says so.
 *
 * @param <T> the items
 */
public interface AsyncIterable<T> extends Iterable<T> {

    /** @return the iterator: Python's {@code __aiter__} */
    AsyncIterator<T> aiter();

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
