package dev.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * W5: 1,000,000 awaits of an already finished coroutine in one loop; ns (and B with -prof gc) per await.
 *
 * <p>One method per system; the score is per op ({@link OperationsPerInvocation}), {@code -prof gc} adds bytes
 * per op; the settings are {@link JmhDefaults}'s. The {@code vthreads} method needs JDK 21+.
 */
public class W5AwaitDone extends JmhDefaults {

    static final int N = 1_000_000;
    static final int OPS = N;
    static final long EXPECTED = Workloads.expected("w5", N);

    private static long check(String system, long result) {
        return check("w5", system, EXPECTED, result);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long weft() {
        return check("weft", WeftWorkloads.INSTANCE.w5(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long vthreads() {
        return check("vthreads", VThreadWorkloads.INSTANCE.w5(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long cf() {
        return check("cf", CfWorkloads.INSTANCE.w5(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long kotlin() {
        return check("kotlin", KotlinWorkloads.INSTANCE.w5(N));
    }
}
