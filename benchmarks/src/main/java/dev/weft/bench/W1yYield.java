package dev.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * W1y yield: two tasks each yield ({@code sleep(0)}) 1,000,000 times; ns per yield.
 *
 * <p>One method per system; the score is per op ({@link OperationsPerInvocation}), {@code -prof gc} adds bytes
 * per op; the settings are {@link JmhDefaults}'s. The {@code vthreads} method needs JDK 21+.
 */
public class W1yYield extends JmhDefaults {

    static final int N = 1_000_000;
    static final int OPS = 2 * N;
    static final long EXPECTED = Workloads.expected("w1y", N);

    private static long check(String system, long result) {
        return check("w1y", system, EXPECTED, result);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long weft() {
        return check("weft", WeftWorkloads.INSTANCE.w1y(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long vthreads() {
        return check("vthreads", VThreadWorkloads.INSTANCE.w1y(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long cf() {
        return check("cf", CfWorkloads.INSTANCE.w1y(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long kotlin() {
        return check("kotlin", KotlinWorkloads.INSTANCE.w1y(N));
    }
}
