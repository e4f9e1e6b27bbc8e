package dev.weft;

/**
 * What {@code hold()} gives once it has acquired a {@link Lock}, {@link Semaphore}, {@link BoundedSemaphore} or
 * {@link Condition}: closing it releases. Python's {@code async with lock:}, written as try-with-resources:
 *
 * <pre>{@code
 * try (Held held = Await.on(lock.hold())) {
 *     ...   // the lock is held here
 * }         // and released here, however the block ends
 * }</pre>
 *
 * <p>The acquire happens before the {@code try} block starts, so a task cancelled while it waits in {@code hold()}
 * releases nothing it did not acquire (the mistake a hand-written acquire inside {@code try} makes with a
 * semaphore). Use it from the loop's thread, once per {@code hold()}.
 */
@FunctionalInterface
public interface Held extends AutoCloseable {

    /**
     * Releases what {@code hold()} acquired. Never suspends. Each call releases once: closing it twice releases
     * twice (for a {@link Lock} no longer held, {@link Lock#release()}'s {@link IllegalStateException}).
     */
    @Override
    void close();
}
