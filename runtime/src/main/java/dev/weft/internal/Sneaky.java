package dev.weft.internal;

/** Rethrows any throwable, checked or not, without wrapping it. */
public final class Sneaky {
    private Sneaky() {
    }

    /**
     * Throws {@code t} as it is. Declared to return an exception so callers can write
     * {@code throw Sneaky.rethrow(t)} and keep the compiler's flow analysis.
     *
     * @param t the throwable to throw
     * @return never returns
     */
    public static RuntimeException rethrow(Throwable t) {
        throw Sneaky.<RuntimeException>doThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E doThrow(Throwable t) throws E {
        throw (E) t;
    }
}
