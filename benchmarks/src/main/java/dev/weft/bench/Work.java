package dev.weft.bench;

/**
 * The workloads' shared definitions: sizes, the items passed around and the results each run must produce. The
 * items are {@code i & 127}, so boxing them hits {@link Integer}'s cache in every system: the runs measure the
 * systems' own costs, not the allocation of boxed integers.
 */
public final class Work {
    private Work() {
    }

    /** W2, W2g: tasks created, then awaited (W2g: gathered), per batch. */
    public static final int BATCH = 10_000;
    /** W4: the bounded queue's capacity. */
    public static final int QUEUE_CAPACITY = 1_000;
    /** W5n: coroutines in one chain; the outermost is awaited by the loop, each other by the one above it. */
    public static final int DEPTH = 1_000;
    /** W3, W3g: how long each sleeper sleeps by default, in seconds. */
    public static final double SLEEP_SECONDS = 1.0;

    /** The item produced for index {@code i}. */
    public static int item(int i) {
        return i & 127;
    }

    /** The sum of {@link #item} over {@code [0, n)}. */
    public static long itemSum(int n) {
        long full = n / 128;
        long rest = n % 128;
        return full * (127L * 128 / 2) + rest * (rest - 1) / 2;
    }

    /** W5n: how many inner awaits {@code n} chains make (the loop's own awaits of the outermost are not counted). */
    public static long innerLevels(int n) {
        return (long) n * (DEPTH - 1);
    }

    /** The default size of each workload, as issue 4 defines them (W5n: chains of {@link #DEPTH}). */
    public static int defaultN(String workload) {
        switch (workload) {
            case "w4":
                return 5_000_000;
            case "w5n":
                return 1_000;
            default:
                return 1_000_000;
        }
    }
}
