package dev.weft.weaver;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How much weaving grows code: weaves directories of class files in memory (nothing is written) and prints,
 * per woven method, its bytecode as compiled and woven, then the median, worst and total ratio.
 * <pre>
 * java -cp weft-transformer.jar dev.weft.weaver.CodeGrowthReport [--top N] CLASSES_DIR... [--cp CLASSPATH]
 * </pre>
 * The class path ({@link File#pathSeparator}-separated) is where the class hierarchy is read; the directories
 * and the JDK are always added. {@code --top N} lists only the N largest woven bodies.
 */
public final class CodeGrowthReport {
    private CodeGrowthReport() {
    }

    /**
     * The summary of a set of woven methods.
     *
     * @param methods how many
     * @param originalBytes their code as compiled, in total
     * @param wovenBytes their woven bodies, in total
     * @param median the median ratio (woven / original)
     * @param worst the largest ratio
     * @param worstMethod which method has it
     * @param overHugeLimit how many woven bodies exceed {@link CodeGrowth#HUGE_METHOD_LIMIT}
     */
    public record Summary(int methods, long originalBytes, long wovenBytes, double median, double worst,
                          String worstMethod, int overHugeLimit) {
        /** @return total woven / total original */
        public double total() {
            return originalBytes == 0 ? 0 : wovenBytes / (double) originalBytes;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d methods: median %.2fx, worst %.2fx (%s), total %.2fx (%d -> %d bytes),"
                    + " %d over %d bytes", methods, median, worst, worstMethod, total(), originalBytes, wovenBytes,
                    overHugeLimit, CodeGrowth.HUGE_METHOD_LIMIT);
        }
    }

    /**
     * @param growth per-method figures
     * @return their summary
     */
    public static Summary summarize(List<CodeGrowth> growth) {
        List<CodeGrowth> sorted = new ArrayList<>(growth);
        sorted.sort(Comparator.comparingDouble(CodeGrowth::ratio));
        long orig = 0;
        long woven = 0;
        int huge = 0;
        for (CodeGrowth g : growth) {
            orig += g.originalBytes();
            woven += g.wovenBytes();
            if (g.wovenBytes() > CodeGrowth.HUGE_METHOD_LIMIT) {
                huge++;
            }
        }
        int n = sorted.size();
        double median = n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2).ratio()
                : (sorted.get(n / 2 - 1).ratio() + sorted.get(n / 2).ratio()) / 2;
        CodeGrowth worst = n == 0 ? null : sorted.get(n - 1);
        return new Summary(n, orig, woven, median, worst == null ? 0 : worst.ratio(),
                worst == null ? "-" : worst.className() + "." + worst.method(), huge);
    }

    /**
     * Weaves every class file under the directories, in memory.
     *
     * @param dirs the directories of class files as compiled
     * @param classpath more of the class hierarchy
     * @return per woven method, its growth
     * @throws IOException when a file cannot be read
     * @throws WeaveException when a class cannot be woven
     */
    public static List<CodeGrowth> measure(List<Path> dirs, List<Path> classpath) throws IOException {
        return measure(dirs, classpath, e -> {
            throw e;
        });
    }

    /**
     * Weaves every class file under the directories, in memory; a class that cannot be woven (too large, say)
     * goes to {@code failed} and the others are measured.
     *
     * @param dirs the directories of class files as compiled
     * @param classpath more of the class hierarchy
     * @param failed what to do with a class that cannot be woven
     * @return per woven method, its growth
     * @throws IOException when a file cannot be read
     */
    public static List<CodeGrowth> measure(List<Path> dirs, List<Path> classpath,
                                           Consumer<WeaveException> failed) throws IOException {
        List<Path> roots = new ArrayList<>(dirs);
        roots.addAll(classpath);
        List<CodeGrowth> out = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path dir : dirs) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
                    files.add(f);
                    String rel = dir.relativize(f).toString().replace(File.separatorChar, '/');
                    names.add(rel.substring(0, rel.length() - ".class".length()));
                }
            }
        }
        try (ClassFileLocator.Closeable paths = ClassFileLocator.ofPaths(roots)) {
            Weaver weaver = new Weaver(ClassFileLocator.firstOf(paths, ClassFileLocator.ofClassLoader(null)),
                    WeaveOptions.defaults(), names::contains);
            for (Path f : files) {
                try {
                    out.addAll(weaver.weave(Files.readAllBytes(f)).codeGrowth());
                } catch (WeaveException e) {
                    failed.accept(e);
                }
            }
        }
        return out;
    }

    /**
     * Prints one line per method, largest woven body first.
     *
     * @param growth the figures
     * @param top how many lines at most
     * @param out where
     */
    public static void print(List<CodeGrowth> growth, int top, PrintStream out) {
        List<CodeGrowth> sorted = new ArrayList<>(growth);
        sorted.sort(Comparator.comparingInt(CodeGrowth::wovenBytes).reversed());
        out.printf(Locale.ROOT, "%8s %8s %6s %6s %6s  %s%n", "original", "woven", "ratio", "stub", "frame", "method");
        for (CodeGrowth g : sorted.subList(0, Math.min(top, sorted.size()))) {
            out.printf(Locale.ROOT, "%8d %8d %5.2fx %6d %6d  %s.%s%s%n", g.originalBytes(), g.wovenBytes(), g.ratio(),
                    g.stubBytes(), g.frameBytes(), g.className(), g.method(),
                    g.wovenBytes() > CodeGrowth.HUGE_METHOD_LIMIT ? "  (over " + CodeGrowth.HUGE_METHOD_LIMIT + ")" : "");
        }
    }

    /**
     * @param args {@code [--top N] CLASSES_DIR... [--cp CLASSPATH]}
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<Path> cp = new ArrayList<>();
        int top = Integer.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--cp")) {
                for (String e : args[++i].split(File.pathSeparator)) {
                    if (!e.isEmpty()) {
                        cp.add(Path.of(e));
                    }
                }
            } else if (args[i].equals("--top")) {
                top = Integer.parseInt(args[++i]);
            } else {
                dirs.add(Path.of(args[i]));
            }
        }
        if (dirs.isEmpty()) {
            System.err.println("usage: CodeGrowthReport [--top N] CLASSES_DIR... [--cp CLASSPATH]");
            System.exit(2);
        }
        List<CodeGrowth> growth = measure(dirs, cp, e -> System.out.println("cannot weave: " + e.getMessage()));
        print(growth, top, System.out);
        System.out.println(summarize(growth));
    }
}
