package dev.weft.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * W5n: 1,000 awaits of a chain of 1,000 nested coroutines (each level awaits the next); ns per level, so 1,000,000 ops.
 *
 * <p>One method per system; the score is per op ({@link OperationsPerInvocation}), {@code -prof gc} adds bytes
 * per op. Fork, warm-up and measurement counts are defaults: {@code -f}, {@code -wi}, {@code -i}, {@code -w},
 * {@code -r} override them. The {@code vthreads} method needs JDK 21+; its fork runs the scheduler on one carrier.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-D" + VThreads.PARALLELISM + "=1")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class W5nAwaitChain {

    static final int N = 1_000;
    static final int OPS = N * Work.DEPTH;
    static final long EXPECTED = Workloads.expected("w5n", N);

    @Setup
    public void setup() {
        Meter.enabled = false;
    }

    private static long check(String system, long result) {
        Check.equal(system + " w5n result", EXPECTED, result);
        return result;
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
