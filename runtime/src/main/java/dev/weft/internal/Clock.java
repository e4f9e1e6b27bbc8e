package dev.weft.internal;

/**
 * The loop's time source. The system clock is {@link System#nanoTime()}; a virtual clock (for
 * tests) jumps forward instead of sleeping, so timeouts are exact and instant. Internal.
 */
public interface Clock {

    /** The real monotonic clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    /** @return the current time in nanoseconds */
    long nanoTime();

    /** @return whether waiting advances this clock instead of sleeping */
    default boolean isVirtual() {
        return false;
    }

    /**
     * Moves a virtual clock forward. The system clock ignores it.
     *
     * @param nanos how far
     */
    default void advance(long nanos) {
    }
}
