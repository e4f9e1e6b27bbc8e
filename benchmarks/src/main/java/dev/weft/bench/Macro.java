package dev.weft.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one workload in one system without JMH: warm-up rounds, then measured rounds, one {@code RESULT} line per
 * metric per measured round on standard output (benchmarks/run.sh parses them):
 *
 * <pre>
 * java -cp benchmarks.jar dev.weft.bench.Macro SYSTEM WORKLOAD [--n N] [--rounds R] [--warmup W | --warmup-time T]
 *     [--sleep S]
 *
 * RESULT weft w1 time_per_op 123.400 ns
 * RESULT weft w1 alloc_per_op 0.000 B
 * </pre>
 *
 * <p>SYSTEM is weft, vthreads, cf, kotlin or kotlin-seq (W6 only: Kotlin's {@code sequence {}}); WORKLOAD is w1, w1y,
 * w2, w2g, w3, w3g, w4, w5, w5n or w6. {@code time_per_op} is per switch (w1: two per round trip), per yield (w1y),
 * per task (w2, w2g), per item (w4, w6), per await (w5) and per level of a chain (w5n, where {@code time_per_chain} is per await of a whole chain of
 * {@link Work#DEPTH} and N counts chains). {@code alloc_per_op} is the heap allocated in the measured section per
 * op. A round but W3's and W3g's repeats the workload until its measured sections add up to
 * {@link #MIN_ROUND_NANOS} and reports means over its runs (with the default N only W5, W5n and W6, of a few
 * milliseconds a run at most, repeat). W3 and W3g (W3 awaited with one gather) print {@code wall} (s, from the first task
 * created to the last one awaited, including the heap measurement's GCs), {@code rss_peak} (MiB, VmHWM of the
 * process so far) and {@code heap_per_task} (B: live heap after full GCs while all N tasks are suspended, minus the
 * live heap before any was created, over N).
 *
 * <p>Every round checks its result; a wrong one prints {@code FAIL ...} on standard error and exits with 1.
 * vthreads on a JDK older than 21 prints {@code SKIP vthreads WORKLOAD needs JDK 21+} and exits with 0, and so does a
 * pair that {@link Workloads#skipReason} rules out ({@code SKIP cf w6 n/a: ...}). For
 * vthreads the scheduler gets one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}) unless the command
 * line sets another value.
 */
public final class Macro {
    private Macro() {
    }

    /**
     * Default warm-up: at least this many rounds, and more until this much time has passed (up to a cap). The
     * cap is high enough that a workload of a millisecond a round (W5, W5n) still warms up for the whole time:
     * stopping after a fixed few rounds measured some processes while the JIT still worked on the other core.
     */
    static final int AUTO_WARMUP_ROUNDS = 2;
    static final double AUTO_WARMUP_SECONDS = 3;
    static final int AUTO_WARMUP_MAX_ROUNDS = 100_000;

    static final List<String> SYSTEMS = List.of("weft", "vthreads", "cf", "kotlin", "kotlin-seq");
    static final List<String> WORKLOADS = List.of("w1", "w1y", "w2", "w2g", "w3", "w3g", "w4", "w5",
            "w5n", "w6");

    private static final String USAGE = "usage: Macro SYSTEM WORKLOAD [--n N] [--rounds R] [--warmup W | --warmup-time T]"
            + " [--sleep S]\n"
            + "  SYSTEM   " + String.join(" | ", SYSTEMS) + "\n"
            + "  WORKLOAD " + String.join(" | ", WORKLOADS) + "\n"
            + "  --n N      size (default: w4 5000000, w5n 1000 chains, others 1000000)\n"
            + "  --rounds R measured rounds (default 5)\n"
            + "  --warmup W warm-up rounds, not reported (default: at least 2, and more until 3 s have passed)\n"
            + "  --warmup-time T  warm up for at least 2 rounds and T seconds instead\n"
            + "  --sleep S  w3, w3g: seconds each task sleeps (default 1)";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length < 2) {
            System.err.println(USAGE);
            return 2;
        }
        String system = args[0];
        String workload = args[1];
        if (!SYSTEMS.contains(system) || !WORKLOADS.contains(workload)) {
            System.err.println("unknown system or workload: " + system + " " + workload);
            System.err.println(USAGE);
            return 2;
        }
        int n = Work.defaultN(workload);
        int rounds = 5;
        int warmup = -1; // auto: AUTO_WARMUP_ROUNDS rounds and warmupSeconds
        double warmupSeconds = AUTO_WARMUP_SECONDS;
        double sleep = Work.SLEEP_SECONDS;
        try {
            for (int i = 2; i < args.length; i++) {
                String opt = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(opt + " needs a value");
                }
                String value = args[++i].replace("_", "");
                switch (opt) {
                    case "--n":
                        n = Integer.parseInt(value);
                        break;
                    case "--rounds":
                        rounds = Integer.parseInt(value);
                        break;
                    case "--warmup":
                        warmup = Integer.parseInt(value);
                        break;
                    case "--warmup-time":
                        warmupSeconds = Double.parseDouble(value);
                        warmup = -1;
                        break;
                    case "--sleep":
                        sleep = Double.parseDouble(value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + opt);
                }
            }
            if (n <= 0 || rounds < 0 || (warmup < 0 && warmup != -1) || !(sleep >= 0) || !(warmupSeconds >= 0)) {
                throw new IllegalArgumentException(
                        "--n must be positive, --rounds, --warmup, --warmup-time and --sleep not negative");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 2;
        }

        String notHere = Workloads.skipReason(system, workload);
        if (notHere != null) {
            System.out.println("SKIP " + system + " " + workload + " " + notHere);
            return 0;
        }
        if (system.equals("vthreads")) {
            VThreads.singleCarrierByDefault();
            if (!VThreads.AVAILABLE) {
                System.out.println("SKIP vthreads " + workload + " needs JDK 21+");
                return 0;
            }
        }
        System.err.printf(Locale.ROOT, "# %s %s n=%d warmup=%s rounds=%d java=%s%s%n", system, workload, n,
                warmup < 0 ? "auto " + warmupSeconds + " s" : Integer.toString(warmup), rounds, Runtime.version(), system.equals("vthreads")
                        ? " " + VThreads.PARALLELISM + "=" + System.getProperty(VThreads.PARALLELISM) : "");

        Workloads impl = Workloads.of(system);
        long expected = Workloads.expected(workload, n);
        try {
            long warmupStart = System.nanoTime();
            int warmed = 0;
            List<String> last = List.of();
            while (warmup < 0
                    ? warmed < AUTO_WARMUP_ROUNDS || (System.nanoTime() - warmupStart < warmupSeconds * 1e9
                            && warmed < AUTO_WARMUP_MAX_ROUNDS)
                    : warmed < warmup) {
                last = runRound(impl, system, workload, n, sleep, expected);
                warmed++;
            }
            if (warmed > 0) {
                System.err.printf(Locale.ROOT, "# warm-up: %d rounds in %.1f s, the last: %s%n", warmed,
                        (System.nanoTime() - warmupStart) / 1e9, String.join(", ", last));
            }
            for (int round = 0; round < rounds; round++) {
                for (String l : runRound(impl, system, workload, n, sleep, expected)) {
                    System.out.println("RESULT " + l);
                }
            }
        } catch (RuntimeException | Error e) {
            System.err.println("FAIL " + system + " " + workload + ": " + e);
            e.printStackTrace();
            return 1;
        }
        return 0;
    }

    /**
     * A round runs the workload, then again until the measured sections add up to this much, and reports the
     * means per op over all the runs. W5 and W5n take about a millisecond a run: one run alone is a sample too
     * short to average out the machine's own hiccups, which then decided whole processes. W3 and W3g run once.
     */
    static final long MIN_ROUND_NANOS = 100_000_000L;

    /**
     * Runs the workload (once for W3 and W3g; else until the measured sections reach {@link #MIN_ROUND_NANOS}), checks
     * every result and returns the round's metrics as RESULT lines without the word RESULT.
     */
    private static List<String> runRound(Workloads impl, String system, String workload, int n, double sleep,
            long expected) {
        long elapsed = 0;
        long bytes = 0;
        boolean bytesKnown = true;
        int runs = 0;
        do {
            Meter.reset();
            long result = invoke(impl, workload, n, sleep);
            Check.equal(system + " " + workload + " result", expected, result);
            Check.that(Meter.endNanos != 0, system + " " + workload + " did not measure itself");
            if (isSleepers(workload)) {
                return w3Metrics(system, workload, n);
            }
            elapsed += Meter.endNanos - Meter.startNanos;
            bytesKnown &= Meter.startBytes >= 0 && Meter.endBytes >= 0;
            bytes += Meter.endBytes - Meter.startBytes;
            runs++;
        } while (elapsed < MIN_ROUND_NANOS);
        return metrics(system, workload, n, runs, elapsed, bytesKnown ? bytes : -1);
    }

    static long invoke(Workloads impl, String workload, int n, double sleep) {
        switch (workload) {
            case "w1":
                return impl.w1(n);
            case "w1y":
                return impl.w1y(n);
            case "w2":
                return impl.w2(n);
            case "w2g":
                return impl.w2g(n);
            case "w3":
                return impl.w3(n, sleep);
            case "w3g":
                return impl.w3g(n, sleep);
            case "w4":
                return impl.w4(n);
            case "w5":
                return impl.w5(n);
            case "w5n":
                return impl.w5n(n);
            case "w6":
                return impl.w6(n);
            default:
                throw new IllegalArgumentException(workload);
        }
    }

    /** Ops per run for the per-op metrics. */
    static double ops(String workload, int n) {
        switch (workload) {
            case "w1":
            case "w1y":
                return 2.0 * n;
            case "w5n":
                return (double) n * Work.DEPTH;
            default:
                return n;
        }
    }

    /** W3 and W3g: sleepers, measured once a round by wall time, peak RSS and heap per task. */
    static boolean isSleepers(String workload) {
        return workload.equals("w3") || workload.equals("w3g");
    }

    private static List<String> w3Metrics(String system, String workload, int n) {
        Check.equal(system + " " + workload + " sleepers finished before the heap was measured", 0,
                Meter.finishedAtHeapMeasure);
        List<String> lines = new ArrayList<>();
        double elapsed = Meter.endNanos - Meter.startNanos;
        double heapPerTask = (double) (Meter.heapSuspended - Meter.heapBaseline) / n;
        double rssMiB = peakRssKiB() / 1024.0;
        lines.add(line(system, workload, "wall", elapsed / 1e9, "s"));
        lines.add(line(system, workload, "rss_peak", rssMiB, "MiB"));
        lines.add(line(system, workload, "heap_per_task", heapPerTask, "B"));
        return lines;
    }

    /** Per-op means over {@code runs} runs that took {@code elapsed} ns and allocated {@code bytes} (-1: unknown). */
    private static List<String> metrics(String system, String workload, int n, int runs, double elapsed, long bytes) {
        List<String> lines = new ArrayList<>();
        double ops = ops(workload, n) * runs;
        lines.add(line(system, workload, "time_per_op", elapsed / ops, "ns"));
        if (bytes >= 0) {
            lines.add(line(system, workload, "alloc_per_op", bytes / ops, "B"));
        }
        if (workload.equals("w5n")) {
            lines.add(line(system, workload, "time_per_chain", elapsed / ((double) n * runs), "ns"));
        }
        return lines;
    }

    private static String line(String system, String workload, String metric, double value, String unit) {
        return String.format(Locale.ROOT, "%s %s %s %.3f %s", system, workload, metric, value, unit);
    }

    /** VmHWM from /proc/self/status, in KiB; -1 where there is none. */
    static long peakRssKiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
