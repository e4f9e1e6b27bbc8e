package dev.weft.bench;

/** Result checks: a workload whose result is wrong fails, and so does the benchmark run. */
public final class Check {
    private Check() {
    }

    /** Thrown when a workload computed the wrong result. */
    public static final class WrongResult extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongResult(String message) {
            super(message);
        }
    }

    /** Fails unless {@code actual == expected}. */
    public static void equal(String what, long expected, long actual) {
        if (expected != actual) {
            throw new WrongResult(what + ": expected " + expected + ", got " + actual);
        }
    }

    /** Fails with {@code message} unless {@code condition}. */
    public static void that(boolean condition, String message) {
        if (!condition) {
            throw new WrongResult(message);
        }
    }

    static RuntimeException unchecked(Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException(e);
    }
}
