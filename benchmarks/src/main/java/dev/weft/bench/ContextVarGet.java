package dev.weft.bench;

import dev.weft.Asyncio;
import dev.weft.ContextVar;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code ContextVar.get()}: ns per call. In the benchmark thread's own context (a thread that runs no loop finds
 * its slot through a thread-local): where nothing was ever set (the default is answered), with one variable set,
 * with eight (a full small table), and with twelve (a trie); and in a task, on a loop's thread, with one variable
 * set ({@link #inTask}: the loop's slot is found without the thread-local). The settings are {@link JmhDefaults}'s; run with
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main ContextVarGet}.
 */
public class ContextVarGet extends JmhDefaults {

    static final ContextVar<String> VAR = new ContextVar<>("bench", "default");

    /** The benchmark thread's own context, with {@code others} variables set before {@link #VAR}. */
    @State(Scope.Thread)
    public abstract static class Vars {
        final ContextVar<?>[] keep = new ContextVar<?>[16];

        abstract int others();

        /** On the benchmark thread, as JMH runs a thread-scoped trial setup. */
        @Setup(Level.Trial)
        public void set() {
            for (int i = 0; i < others(); i++) {
                ContextVar<Integer> v = new ContextVar<>("other" + i);
                v.set(i);
                keep[i] = v;
            }
            VAR.set("value");
        }
    }

    /** One variable set. */
    public static class One extends Vars {
        @Override
        int others() {
            return 0;
        }
    }

    /** Eight: the variable read is the last of the small array. */
    public static class Eight extends Vars {
        @Override
        int others() {
            return 7;
        }
    }

    /** Twelve: a trie. */
    public static class Twelve extends Vars {
        @Override
        int others() {
            return 11;
        }
    }

    @Benchmark
    public String neverSet() {
        return VAR.get();
    }

    @Benchmark
    public String oneSet(One state) {
        return VAR.get();
    }

    @Benchmark
    public String eightSet(Eight state) {
        return VAR.get();
    }

    @Benchmark
    public String twelveSet(Twelve state) {
        return VAR.get();
    }

    static final int READS = 1_000_000;

    @Async
    static Coroutine<Long> readMany(int n) {
        VAR.set("value");
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += VAR.get().length();
        }
        return Coroutine.of(sum);
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long inTask() {
        return Asyncio.run(readMany(READS));
    }
}
