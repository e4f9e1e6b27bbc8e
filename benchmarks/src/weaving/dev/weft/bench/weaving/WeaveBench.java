package dev.weft.bench.weaving;

import dev.weft.shaded.asm.ClassReader;
import dev.weft.shaded.asm.ClassWriter;
import dev.weft.weaver.ClassFileLocator;
import dev.weft.weaver.LargeMethods;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The weaving benchmark, run by {@code benchmarks/run.sh} against the shaded transformer jar:
 *
 * <pre>
 * java -cp weft-transformer.jar:THIS dev.weft.bench.weaving.WeaveBench
 *      --runtime RUNTIME_JAR:ANNOTATIONS_JAR --work DIR [--classes N] [--methods M] [--warmup W] [--rounds R]
 *      [--growth-corpus NAME=SRC_DIR[,SRC_DIR...]]... [--growth-cp CLASSPATH] [--growth-only]
 * </pre>
 *
 * <ul>
 *   <li><b>weave</b>: generates N classes with M {@code @Async} methods each (loops, try/catch/finally,
 *       switch, locals of every kind alive across awaits), compiles them with the JDK's compiler, then
 *       times weaving all of them with a fresh {@link Weaver} per pass (its hierarchy cache starts
 *       cold, as in a build) against a plain ASM {@code ClassReader -> ClassWriter} copy of the same
 *       class files;</li>
 *   <li><b>skip</b>: times {@link Weaver#weave(byte[])} on every class of the JDK's {@code java.base}
 *       module (none mentions {@code @Async}, so each is skipped by the constant-pool scan) against
 *       just constructing an ASM {@code ClassReader} for it;</li>
 *   <li><b>growth</b>: how much weaving grows code, woven body bytes / original bytes per method, on a corpus:
 *       each {@code --growth-corpus} (the project's own sources: runtime, demo, it-tests), compiled here with
 *       {@code --growth-cp} and the runtime, plus generated large methods (the transformer tests' {@link LargeMethods}, compiled in by run.sh: awaits of every
 *       type, try/finally, forty live locals, 65 awaits of application code); prints {@code INFO growth} lines
 *       (median, worst, total per corpus and over all, the largest methods) and the full table to the log.</li>
 * </ul>
 *
 * Prints {@code RESULT <system> <workload> time_per_class <ns> ns} once per measured pass, plus
 * {@code INFO} lines describing the class sets. Exits with status 1 when a result is wrong.
 */
public final class WeaveBench {

    private WeaveBench() {
    }

    /** Keeps results alive so that the JIT cannot drop the work. */
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        String runtimeCp = null;
        Path work = null;
        int classes = 300;
        int methods = 8;
        int warmup = 5;
        int rounds = 10;
        Map<String, List<Path>> corpora = new java.util.LinkedHashMap<>();
        String growthCp = "";
        boolean growthOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--growth-corpus": {
                    String[] kv = args[++i].split("=", 2);
                    List<Path> dirs = new ArrayList<>();
                    for (String d : kv[1].split(",")) {
                        if (Files.isDirectory(Path.of(d))) {
                            dirs.add(Path.of(d));
                        }
                    }
                    corpora.put(kv[0], dirs);
                    break;
                }
                case "--growth-cp": growthCp = args[++i]; break;
                case "--growth-only": growthOnly = true; break;
                case "--runtime": runtimeCp = args[++i]; break;
                case "--work": work = Path.of(args[++i]); break;
                case "--classes": classes = Integer.parseInt(args[++i]); break;
                case "--methods": methods = Integer.parseInt(args[++i]); break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--rounds": rounds = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (runtimeCp == null || work == null) {
            System.err.println("usage: WeaveBench --runtime RUNTIME_CP --work DIR [--classes N] [--methods M]"
                    + " [--warmup W] [--rounds R]");
            System.exit(2);
        }
        growth(work.resolve("growth"), runtimeCp, growthCp, corpora);
        if (growthOnly) {
            return;
        }
        Path classesDir = generateAndCompile(work, runtimeCp, classes, methods);
        List<byte[]> asyncSet = readClasses(classesDir);
        List<byte[]> jdkSet = readJdkBase();
        long asyncBytes = asyncSet.stream().mapToLong(b -> b.length).sum();
        long jdkBytes = jdkSet.stream().mapToLong(b -> b.length).sum();
        System.out.printf("INFO weaving weave_set %d classes, %d @Async methods, %.1f KiB (generated)%n",
                asyncSet.size(), classes * (methods + 2), asyncBytes / 1024.0);
        System.out.printf("INFO weaving skip_set %d classes, %.1f MiB (the JDK's java.base module)%n",
                jdkSet.size(), jdkBytes / (1024.0 * 1024));

        List<Path> locatorPaths = new ArrayList<>();
        locatorPaths.add(classesDir);
        for (String p : runtimeCp.split(java.io.File.pathSeparator)) {
            locatorPaths.add(Path.of(p));
        }
        try (ClassFileLocator.Closeable paths = ClassFileLocator.ofPaths(locatorPaths)) {
            ClassFileLocator locator = ClassFileLocator.firstOf(paths, ClassFileLocator.ofClassLoader(null));
            int expectedMethods = classes * (methods + 2); // + leaf and text
            boolean ok = true;
            for (int pass = -warmup; pass < rounds; pass++) {
                boolean measured = pass >= 0;
                System.gc();
                long t0 = System.nanoTime();
                int woven = weaveAll(new Weaver(locator), asyncSet);
                long t1 = System.nanoTime();
                long copied = copyAll(asyncSet);
                long t2 = System.nanoTime();
                if (woven != expectedMethods || copied < asyncBytes / 2) {
                    System.err.printf("ERROR weaving: woven %d methods (expected %d), copied %d bytes%n",
                            woven, expectedMethods, copied);
                    ok = false;
                    break;
                }
                if (measured) {
                    result("weft", "weave", (t1 - t0) / (double) asyncSet.size());
                    result("asm-copy", "weave", (t2 - t1) / (double) asyncSet.size());
                }
            }
            Weaver weaver = new Weaver(locator);
            for (int pass = -warmup; ok && pass < rounds; pass++) {
                boolean measured = pass >= 0;
                System.gc();
                long t0 = System.nanoTime();
                int changed = skipAll(weaver, jdkSet);
                long t1 = System.nanoTime();
                long read = readAll(jdkSet);
                long t2 = System.nanoTime();
                if (changed != 0 || read != jdkSet.size()) {
                    System.err.printf("ERROR skip: %d JDK classes were changed, %d read%n", changed, read);
                    ok = false;
                    break;
                }
                if (measured) {
                    result("weft", "skip", (t1 - t0) / (double) jdkSet.size());
                    result("asm-read", "skip", (t2 - t1) / (double) jdkSet.size());
                }
            }
            if (!ok) {
                System.exit(1);
            }
        }
    }

    // ------------------------------------------------------------------ code growth

    /** The generated large methods of the growth corpus: shape and statements. */
    private static final Object[][] LARGE = {
            {LargeMethods.Shape.RICH, 65}, // about 150 lines, 65 awaits, 8.4 KB of code
            {LargeMethods.Shape.MIXED, 100}, {LargeMethods.Shape.MIXED, 700},
            {LargeMethods.Shape.FINALLY, 60}, {LargeMethods.Shape.FINALLY, 200},
            {LargeMethods.Shape.MANY_LIVE, 80}, {LargeMethods.Shape.MANY_LIVE, 500},
            {LargeMethods.Shape.DENSE, 200},
    };

    /**
     * Compiles each corpus and the generated large methods, weaves them in memory and reports the growth of every
     * woven method.
     */
    private static void growth(Path work, String runtimeCp, String growthCp, Map<String, List<Path>> corpora)
            throws IOException {
        deleteTree(work);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String runtimeJar = runtimeCp.split(java.io.File.pathSeparator)[0];
        String annotations = runtimeCp.substring(runtimeJar.length());
        List<dev.weft.weaver.CodeGrowth> all = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<Path>> c : corpora.entrySet()) {
            if (c.getValue().isEmpty()) {
                System.out.println("SKIP weft growth " + c.getKey() + " no sources");
                continue;
            }
            Path out = work.resolve(c.getKey());
            Files.createDirectories(out);
            List<String> files = new ArrayList<>();
            for (Path dir : c.getValue()) {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.filter(f -> f.toString().endsWith(".java")).forEach(f -> files.add(f.toString()));
                }
            }
            // The runtime's own sources are woven against its annotations alone, the others against the runtime.
            boolean isRuntime = c.getKey().equals("runtime");
            String cp = (isRuntime ? annotations.replaceFirst("^" + java.io.File.pathSeparator, "") : runtimeCp)
                    + (growthCp.isEmpty() ? "" : java.io.File.pathSeparator + growthCp);
            List<String> javacArgs = new ArrayList<>(Arrays.asList("--release", "17", "-g", "-nowarn", "-proc:none",
                    "-cp", cp, "-d", out.toString()));
            javacArgs.addAll(files);
            if (javac.run(null, null, System.err, javacArgs.toArray(new String[0])) != 0) {
                System.out.println("SKIP weft growth " + c.getKey() + " javac failed");
                continue;
            }
            List<dev.weft.weaver.CodeGrowth> g = measure(out, cp);
            all.addAll(g);
            lines.add("INFO growth " + c.getKey() + " " + dev.weft.weaver.CodeGrowthReport.summarize(g));
        }
        Path genSrc = work.resolve("large-src");
        Path genOut = work.resolve("large");
        Files.createDirectories(genSrc.resolve("big"));
        Files.createDirectories(genOut);
        List<String> files = new ArrayList<>();
        for (Object[] l : LARGE) {
            String name = "Big" + l[0] + l[1];
            Path f = genSrc.resolve("big").resolve(name + ".java");
            Files.writeString(f, LargeMethods.source((LargeMethods.Shape) l[0], (Integer) l[1])
                    .replace("public class Big {", "public class " + name + " {"));
            files.add(f.toString());
        }
        List<String> javacArgs = new ArrayList<>(Arrays.asList("--release", "17", "-g", "-nowarn", "-proc:none",
                "-cp", runtimeCp, "-d", genOut.toString()));
        javacArgs.addAll(files);
        if (javac.run(null, null, System.err, javacArgs.toArray(new String[0])) != 0) {
            throw new IllegalStateException("javac failed on the generated large methods in " + genSrc);
        }
        List<dev.weft.weaver.CodeGrowth> large = new ArrayList<>();
        for (dev.weft.weaver.CodeGrowth g : measure(genOut, runtimeCp)) {
            if (g.method().startsWith("run(")) {
                large.add(g);
            }
        }
        all.addAll(large);
        lines.add("INFO growth generated " + dev.weft.weaver.CodeGrowthReport.summarize(large));
        lines.add("INFO growth all " + dev.weft.weaver.CodeGrowthReport.summarize(all));
        List<dev.weft.weaver.CodeGrowth> byOriginal = new ArrayList<>(all);
        byOriginal.sort(Comparator.comparingInt(dev.weft.weaver.CodeGrowth::originalBytes).reversed());
        for (dev.weft.weaver.CodeGrowth g : byOriginal.subList(0, Math.min(12, byOriginal.size()))) {
            lines.add(String.format(java.util.Locale.ROOT, "INFO growth largest %s.%s %d -> %d bytes (%.2fx)",
                    g.className(), g.method().substring(0, g.method().indexOf('(')), g.originalBytes(),
                    g.wovenBytes(), g.ratio()));
        }
        dev.weft.weaver.CodeGrowthReport.print(all, Integer.MAX_VALUE, System.out);
        lines.forEach(System.out::println);
    }

    private static List<dev.weft.weaver.CodeGrowth> measure(Path classes, String cp) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String p : cp.split(java.io.File.pathSeparator)) {
            if (!p.isEmpty()) {
                paths.add(Path.of(p));
            }
        }
        return dev.weft.weaver.CodeGrowthReport.measure(List.of(classes), paths,
                e -> System.out.println("INFO growth cannot-weave " + e.getMessage().replace('\n', ' ')));
    }

    private static void result(String system, String workload, double nsPerClass) {
        System.out.printf("RESULT %s %s time_per_class %.1f ns%n", system, workload, nsPerClass);
    }

    /** Weaves every class; returns the number of woven methods (checked against the expected count). */
    private static int weaveAll(Weaver weaver, List<byte[]> set) {
        int methods = 0;
        long h = 0;
        for (byte[] b : set) {
            WeaveResult r = weaver.weave(b);
            if (r.isChanged()) {
                methods += r.wovenMethods().size();
                if (r.generatedClasses().size() != r.wovenMethods().size()) {
                    throw new IllegalStateException(r.className() + ": " + r.generatedClasses().size()
                            + " frame classes for " + r.wovenMethods().size() + " woven methods");
                }
            }
            h += r.bytes().length;
        }
        sink = h;
        return methods;
    }

    /** The plain ASM copy: parse every class and write it back, no frames computed, no pool copied. */
    private static long copyAll(List<byte[]> set) {
        long total = 0;
        for (byte[] b : set) {
            ClassReader cr = new ClassReader(b);
            ClassWriter cw = new ClassWriter(0);
            cr.accept(cw, 0);
            total += cw.toByteArray().length;
        }
        sink = total;
        return total;
    }

    /** What the agent does with a class that has no {@code @Async}: returns how many were changed. */
    private static int skipAll(Weaver weaver, List<byte[]> set) {
        int changed = 0;
        for (byte[] b : set) {
            if (weaver.weave(b).bytes() != b) {
                changed++;
            }
        }
        return changed;
    }

    /** The least an ASM-based agent does per class: parse the constant pool and read the name. */
    private static long readAll(List<byte[]> set) {
        long n = 0;
        long h = 0;
        for (byte[] b : set) {
            ClassReader cr = new ClassReader(b);
            h += cr.getClassName().length();
            n++;
        }
        sink = h;
        return n;
    }

    private static List<byte[]> readClasses(Path dir) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class")).sorted()::iterator) {
                out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static List<byte[]> readJdkBase() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(jrt.getPath("/modules/java.base"))) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".class")
                    && !f.getFileName().toString().equals("module-info.class")).sorted()::iterator) {
                out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the generated @Async classes

    private static Path generateAndCompile(Path work, String runtimeCp, int classes, int methods) throws IOException {
        String stamp = "classes=" + classes + " methods=" + methods + " v=1";
        Path src = work.resolve("src");
        Path out = work.resolve("classes");
        Path stampFile = work.resolve("stamp");
        if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp) && Files.isDirectory(out)) {
            return out;
        }
        deleteTree(work);
        Files.createDirectories(src.resolve("gen"));
        Files.createDirectories(out);
        List<String> files = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            Path f = src.resolve("gen").resolve("Gen" + c + ".java");
            Files.writeString(f, source(c, methods), StandardCharsets.UTF_8);
            files.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: run on a JDK, not a JRE");
        }
        List<String> javacArgs = new ArrayList<>(Arrays.asList(
                "--release", "17", "-g", "-nowarn", "-proc:none", "-cp", runtimeCp, "-d", out.toString()));
        javacArgs.addAll(files);
        int rc = javac.run(null, null, null, javacArgs.toArray(new String[0]));
        if (rc != 0) {
            throw new IllegalStateException("javac failed (" + rc + ") on the generated sources in " + src);
        }
        Files.writeString(stampFile, stamp);
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** One class: M @Async methods in a few shapes, plus ordinary members the weaver must leave alone. */
    static String source(int c, int methods) {
        StringBuilder s = new StringBuilder();
        s.append("package gen;\n\n")
                .append("import dev.weft.Asyncio;\nimport dev.weft.Await;\nimport dev.weft.Coroutine;\n")
                .append("import dev.weft.annotations.Async;\nimport java.util.*;\n\n")
                .append("public class Gen").append(c).append(" {\n")
                .append("    private final List<String> log = new ArrayList<>();\n")
                .append("    private final Map<String, Integer> counts = new HashMap<>();\n")
                .append("    private long total;\n\n")
                .append("    @Async\n    static Coroutine<Integer> leaf(int x) {\n")
                .append("        Await.on(Asyncio.sleep(0));\n        return Coroutine.of(x + ").append(c).append(");\n    }\n\n")
                .append("    @Async\n    static Coroutine<String> text(int x) {\n")
                .append("        return Coroutine.of(\"t\" + x);\n    }\n\n")
                .append("    int plain(int a, int b) {\n        int r = 0;\n        for (int i = a; i < b; i++) {\n")
                .append("            r += i * ").append(c + 1).append(";\n        }\n        return r;\n    }\n\n")
                .append("    @Override\n    public String toString() {\n        return \"Gen").append(c)
                .append("\" + log + counts + total;\n    }\n\n");
        for (int m = 0; m < methods; m++) {
            switch (m % 4) {
                case 0:
                    s.append("    @Async\n    Coroutine<Long> loop").append(m).append("(int n, String s) {\n")
                            .append("        long acc = 0;\n        double d = 1.5;\n        String t = s;\n")
                            .append("        for (int i = 0; i < n; i++) {\n            try {\n")
                            .append("                acc += Await.on(leaf(i));\n")
                            .append("                if (acc % 3 == 0) {\n                    t = t + Await.on(text(i));\n                }\n")
                            .append("            } catch (IllegalStateException e) {\n                log.add(e.getMessage());\n")
                            .append("                acc -= Await.on(leaf(-i));\n            } finally {\n")
                            .append("                d *= 1.01;\n            }\n        }\n")
                            .append("        total += acc;\n        return Coroutine.of(acc + t.length() + (long) d);\n    }\n\n");
                    break;
                case 1:
                    s.append("    @Async\n    static Coroutine<String> branch").append(m).append("(int k, char ch, float f) {\n")
                            .append("        String r;\n        switch (k % 4) {\n")
                            .append("            case 0: r = Await.on(text(k)); break;\n")
                            .append("            case 1: r = \"x\" + Await.on(leaf(k)) + ch; break;\n")
                            .append("            case 2: r = String.valueOf(f * Await.on(leaf(2))); break;\n")
                            .append("            default: r = \"none\";\n        }\n")
                            .append("        while (r.length() < k) {\n            r = r + Await.on(text(r.length()));\n        }\n")
                            .append("        return Coroutine.of(r);\n    }\n\n");
                    break;
                case 2:
                    s.append("    @Async\n    Coroutine<Integer> collect").append(m).append("(List<String> keys, boolean z, byte b, short h) {\n")
                            .append("        int sum = b + h;\n        Iterator<String> it = keys.iterator();\n")
                            .append("        while (it.hasNext()) {\n            String key = it.next();\n")
                            .append("            int v = Await.on(leaf(key.length()));\n")
                            .append("            counts.merge(key, v, Integer::sum);\n            sum += z ? v : -v;\n        }\n")
                            .append("        int[] arr = new int[] {sum, Await.on(leaf(sum)), keys.size()};\n")
                            .append("        for (int x : arr) {\n            sum ^= x;\n        }\n")
                            .append("        return Coroutine.of(sum);\n    }\n\n");
                    break;
                default:
                    s.append("    @Async\n    static Coroutine<Double> nest").append(m).append("(long seed, double[] xs) {\n")
                            .append("        double acc = seed;\n")
                            .append("        outer:\n        for (int i = 0; i < xs.length; i++) {\n")
                            .append("            for (int j = 0; j < 3; j++) {\n")
                            .append("                acc += xs[i] * Await.on(leaf(i * j));\n")
                            .append("                if (acc > 1e9) {\n                    break outer;\n                }\n")
                            .append("            }\n        }\n")
                            .append("        try {\n            Object o = Await.on(text((int) seed));\n")
                            .append("            acc += ((String) o).length();\n")
                            .append("        } catch (ClassCastException e) {\n            acc = -1;\n        }\n")
                            .append("        return Coroutine.of(acc);\n    }\n\n");
                    break;
            }
        }
        s.append("}\n");
        return s.toString();
    }
}
