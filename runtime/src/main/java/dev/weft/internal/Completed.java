package dev.weft.internal;

import dev.weft.Coroutine;

/**
 * A coroutine that is finished from the start: {@code Coroutine.of(value)} and
 * {@code Coroutine.done()}. Internal.
 *
 * @param <T> the result type
 */
public final class Completed<T> extends Coroutine<T> {

    /** {@code Coroutine.done()}: stateless, so it may be awaited any number of times. */
    public static final Completed<Void> DONE = new Completed<>(null, true);

    private final T value;
    private final boolean reusable;
    private boolean taken;

    /**
     * @param value the result
     */
    public Completed(T value) {
        this(value, false);
    }

    private Completed(T value, boolean reusable) {
        this.value = value;
        this.reusable = reusable;
    }

    /**
     * Returns the value, once.
     *
     * @return the value
     * @throws IllegalStateException on a second take of a single-use coroutine
     */
    public T take() {
        if (!reusable) {
            if (taken) {
                throw new IllegalStateException("cannot reuse already awaited coroutine " + this
                        + ": a coroutine can be awaited (or wrapped in a task) only once");
            }
            taken = true;
        }
        return value;
    }

    @Override
    public String toString() {
        return reusable ? "<coroutine Coroutine.done()>" : "<coroutine Coroutine.of(" + value + ")>";
    }
}
