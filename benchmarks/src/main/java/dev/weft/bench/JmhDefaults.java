package dev.weft.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What every JMH benchmark class here shares (JMH inherits class annotations and {@code @Setup} from a
 * superclass): average time in ns per op, one fork whose virtual-thread scheduler has one carrier, short
 * default warm-up and measurement ({@code -f}, {@code -wi}, {@code -i}, {@code -w}, {@code -r} override
 * them), the macro timer off, and a check of every result.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-D" + VThreads.PARALLELISM + "=1")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public abstract class JmhDefaults {

    /** JMH measures; the macro benchmarks' own timer stays off. */
    @Setup
    public void disableMeter() {
        Meter.enabled = false;
    }

    /**
     * @param workload e.g. {@code w1}
     * @param system e.g. {@code weft}
     * @param expected the right result
     * @param result what the run returned
     * @return {@code result}, once checked
     */
    static long check(String workload, String system, long expected, long result) {
        Check.equal(system + " " + workload + " result", expected, result);
        return result;
    }
}
