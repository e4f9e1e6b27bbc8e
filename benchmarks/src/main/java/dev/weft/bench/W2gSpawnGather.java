package dev.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * W2g spawn and gather: 1,000,000 trivial tasks in batches of 10,000, each batch created, then awaited with one
 * gather (allOf, invokeAll, awaitAll) whose results are summed; ns per task.
 *
 * <p>One method per system; the score is per op ({@link OperationsPerInvocation}), {@code -prof gc} adds bytes
 * per op; the settings are {@link JmhDefaults}'s. The {@code vthreads} method needs JDK 21+.
 */
public class W2gSpawnGather extends JmhDefaults {

    static final int N = 1_000_000;
    static final int OPS = N;
    static final long EXPECTED = Workloads.expected("w2g", N);

    private static long check(String system, long result) {
        return check("w2g", system, EXPECTED, result);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long weft() {
        return check("weft", WeftWorkloads.INSTANCE.w2g(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long vthreads() {
        return check("vthreads", VThreadWorkloads.INSTANCE.w2g(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long cf() {
        return check("cf", CfWorkloads.INSTANCE.w2g(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long kotlin() {
        return check("kotlin", KotlinWorkloads.INSTANCE.w2g(N));
    }
}
