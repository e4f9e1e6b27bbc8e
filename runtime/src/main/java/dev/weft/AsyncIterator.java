package dev.weft;

import dev.weft.internal.AsyncDefaults;

/**
 * An async iterator: Python's {@code __anext__}. Each {@link #anext()} gives a coroutine for the next item; at
 * the end it throws {@link StopAsyncIteration} (when awaited). It is its own {@link AsyncIterable}.
 *
 * @param <T> the items
 */
public interface AsyncIterator<T> extends AsyncIterable<T> {

    /**
     * @return the coroutine to await: the next item; each call takes one
     * @throws StopAsyncIteration (when awaited) at the end
     */
    Coroutine<T> anext();

    /**
     * Python's {@code anext(it, default)}. Only {@link StopAsyncIteration} becomes the default; any other error
     * of the step is thrown as it is.
     *
     * @param defaultValue what the end gives instead of {@link StopAsyncIteration}
     * @return the coroutine to await: the next item, or {@code defaultValue} at the end
     */
    default Coroutine<T> anext(T defaultValue) {
        return AsyncDefaults.anextOr(this, defaultValue);
    }

    /** @return this iterator */
    @Override
    default AsyncIterator<T> aiter() {
        return this;
    }
}
