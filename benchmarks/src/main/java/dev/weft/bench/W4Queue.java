package dev.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * W4 queue: one producer, one consumer, a bounded queue of 1,000, 5,000,000 items; ns per item.
 *
 * <p>One method per system; the score is per op ({@link OperationsPerInvocation}), {@code -prof gc} adds bytes
 * per op; the settings are {@link JmhDefaults}'s. The {@code vthreads} method needs JDK 21+.
 */
public class W4Queue extends JmhDefaults {

    static final int N = 5_000_000;
    static final int OPS = N;
    static final long EXPECTED = Workloads.expected("w4", N);

    private static long check(String system, long result) {
        return check("w4", system, EXPECTED, result);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long weft() {
        return check("weft", WeftWorkloads.INSTANCE.w4(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long vthreads() {
        return check("vthreads", VThreadWorkloads.INSTANCE.w4(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long cf() {
        return check("cf", CfWorkloads.INSTANCE.w4(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long kotlin() {
        return check("kotlin", KotlinWorkloads.INSTANCE.w4(N));
    }
}
