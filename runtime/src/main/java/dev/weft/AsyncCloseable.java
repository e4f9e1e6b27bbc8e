package dev.weft;

import dev.weft.internal.AsyncDefaults;

/**
 * An async context manager: Python's {@code __aexit__}. Inside an {@code @Async} method, try-with-resources over
 * an {@code AsyncCloseable} is {@code async with}: {@link #aclose()} is awaited when the block ends normally,
 * {@link #aexit(Throwable)} when it throws.
 *
 * <pre>{@code
 * try (StreamWriter writer = Await.on(Asyncio.openConnection(host, port)).writer()) {
 *     writer.write(request);
 *     Await.on(writer.drain());
 * }   // awaits writer.aclose(): closed, and the close waited for
 * }</pre>
 */
public interface AsyncCloseable extends AutoCloseable {

    /** @return the coroutine to await: closes */
    Coroutine<Void> aclose();

    /**
     * The block threw {@code error}: Python's {@code __aexit__} with an exception. The default awaits
     * {@link #aclose()} and does not suppress.
     *
     * @param error what the block threw
     * @return the coroutine to await: {@code true} suppresses {@code error}
     */
    default Coroutine<Boolean> aexit(Throwable error) {
        return AsyncDefaults.acloseThenFalse(this);
    }

    /**
     * Not a close: an async resource closes by awaiting {@link #aclose()}; try-with-resources does that only inside
     * woven {@code @Async} code. A type may override this with a synchronous close.
     *
     * @throws IllegalStateException unless overridden
     */
    @Override
    default void close() {
        throw new IllegalStateException(getClass().getName() + " is an AsyncCloseable: await its aclose(), or use it"
                + " in try-with-resources inside an @Async method (async with)");
    }
}
