package dev.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * W5n: 1,000 awaits of a chain of 1,000 nested coroutines (each level awaits the next); ns per level, so 1,000,000 ops.
 *
 * <p>One method per system; the score is per op ({@link OperationsPerInvocation}), {@code -prof gc} adds bytes
 * per op; the settings are {@link JmhDefaults}'s. The {@code vthreads} method needs JDK 21+.
 */
public class W5nAwaitChain extends JmhDefaults {

    static final int N = 1_000;
    static final int OPS = N * Work.DEPTH;
    static final long EXPECTED = Workloads.expected("w5n", N);

    private static long check(String system, long result) {
        return check("w5n", system, EXPECTED, result);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long weft() {
        return check("weft", WeftWorkloads.INSTANCE.w5n(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long vthreads() {
        return check("vthreads", VThreadWorkloads.INSTANCE.w5n(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long cf() {
        return check("cf", CfWorkloads.INSTANCE.w5n(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long kotlin() {
        return check("kotlin", KotlinWorkloads.INSTANCE.w5n(N));
    }
}
