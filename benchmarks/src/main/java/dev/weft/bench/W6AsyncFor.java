package dev.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * W6: {@code async for} over an async generator of 1,000,000 items, summed in one task; ns (and B with -prof gc)
 * per item.
 *
 * <p>{@code weft} is an {@code @Async AsyncGenerator} iterated by a for-each in an {@code @Async} method,
 * {@code kotlin} a {@code flow { emit(..) }} collected, {@code kotlin_seq} a {@code sequence { yield(..) }} summed,
 * and {@code vthreads} a for-each over a hand-written {@code Iterable} in a virtual thread (the baseline: no
 * generator). CompletableFuture has none, so there is no {@code cf} method. The score is per item
 * ({@link OperationsPerInvocation}); the settings are {@link JmhDefaults}'s. The {@code vthreads} method needs
 * JDK 21+.
 */
public class W6AsyncFor extends JmhDefaults {

    static final int N = 1_000_000;
    static final int OPS = N;
    static final long EXPECTED = Workloads.expected("w6", N);

    private static long check(String system, long result) {
        return check("w6", system, EXPECTED, result);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long weft() {
        return check("weft", WeftWorkloads.INSTANCE.w6(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long vthreads() {
        return check("vthreads", VThreadWorkloads.INSTANCE.w6(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long kotlin() {
        return check("kotlin", KotlinWorkloads.INSTANCE.w6(N));
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long kotlin_seq() {
        return check("kotlin-seq", KotlinSeqWorkloads.INSTANCE.w6(N));
    }
}
