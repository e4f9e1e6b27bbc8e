package dev.weft.fuzzer.run;

import dev.weft.fuzzer.child.ProgramRunner;
import dev.weft.weaver.ClassDirectoryWeaver;
import dev.weft.weaver.WeaveException;
import dev.weft.weaver.WeaveOptions;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a batch of programs through every {@link Mode} and compares the outputs with the stand-in's.
 * Each compiler runs once for the whole batch and each mode runs the whole batch in one child JVM,
 * which is what makes thousands of programs take minutes; a failure is still attributed to its
 * program (a batch that does not compile is compiled again program by program, and every program is
 * woven in a directory of its own).
 *
 * <p>Thread-safe: batches may run in parallel, each in its own directory.
 */
public final class BatchExecutor {
    private static final List<String> STANDIN_FILES = List.of("Awaitable", "Coroutine", "Future", "Task", "Await",
            "Asyncio", "annotations/Async");
    private static final List<String> CHILD_JVM_OPTIONS = List.of("-Xmx256m", "-Xss8m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8");

    private final Toolchain toolchain;
    private final Path standinApi;
    private final long timeoutMillis;

    /**
     * @param toolchain the jars and JVMs
     * @param workDir where the stand-in API is compiled (once, now)
     * @param timeoutMillis how long one program may run in one mode
     * @throws IOException when the stand-in API cannot be written or compiled
     */
    public BatchExecutor(Toolchain toolchain, Path workDir, long timeoutMillis) throws IOException {
        this.toolchain = toolchain;
        this.timeoutMillis = timeoutMillis;
        this.standinApi = compileStandinApi(workDir.resolve("standin-api"));
    }

    private static Path compileStandinApi(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        List<Path> files = new ArrayList<>();
        for (String name : STANDIN_FILES) {
            Path file = src.resolve("dev/weft/" + name + ".java");
            Files.createDirectories(file.getParent());
            try (InputStream in = BatchExecutor.class.getResourceAsStream("/dev/weft/fuzzer/standin/" + name + ".java.txt")) {
                if (in == null) {
                    throw new IllegalStateException("missing stand-in source " + name);
                }
                Files.write(file, in.readAllBytes());
            }
            files.add(file);
        }
        Files.createDirectories(classes);
        Compilers.Result r = Compilers.javac(files, List.of(), classes);
        if (!r.ok()) {
            throw new IllegalStateException("the stand-in API does not compile:\n" + r.messages());
        }
        return classes;
    }

    /** @return the modes this executor runs: all, less JDK 25 when it is not installed */
    public List<Mode> modes() {
        List<Mode> modes = new ArrayList<>(List.of(Mode.values()));
        if (toolchain.java25 == null) {
            modes.remove(Mode.AGENT_JDK25);
            modes.remove(Mode.STANDIN_JDK25);
        }
        return modes;
    }

    /**
     * @param sources the programs, each in its own package
     * @param dir an empty directory for this batch
     * @return one result per program, in order
     * @throws IOException when the work files cannot be written
     * @throws InterruptedException when interrupted while a child JVM runs
     */
    public List<ProgramResult> run(List<Source> sources, Path dir) throws IOException, InterruptedException {
        return run(sources, dir, null);
    }

    /**
     * Like {@link #run(List, Path)} but only as far as one finding needs, which makes the reducer's
     * rounds cheaper: only the finding's mode is compiled, woven and run, and the stand-in only for a
     * finding about what a program prints or how it compiles (otherwise the finding's own compiler tells
     * whether a candidate is still a legal program).
     *
     * @param sources the programs, each in its own package
     * @param dir an empty directory for this batch
     * @param only the finding to look for, or {@code null} for all modes
     * @return one result per program, in order; findings only of that kind
     * @throws IOException when the work files cannot be written
     * @throws InterruptedException when interrupted while a child JVM runs
     */
    public List<ProgramResult> run(List<Source> sources, Path dir, Finding only)
            throws IOException, InterruptedException {
        List<Mode> wanted = only == null ? modes() : List.of(only.mode());
        boolean runStandin = only == null || only.kind() == Finding.Kind.OUTPUT;
        // A compile error of one compiler counts only in a program the stand-in's javac accepts.
        boolean compileStandin = runStandin || only.kind() == Finding.Kind.COMPILE_ERROR;
        boolean runOthers = only == null || only.kind() == Finding.Kind.OUTPUT || only.kind() == Finding.Kind.TIMEOUT
                || only.kind() == Finding.Kind.CRASH;
        boolean javac = wanted.contains(Mode.PLUGIN) || wanted.contains(Mode.COMPACT) || wanted.contains(Mode.AGENT)
                || wanted.contains(Mode.AGENT_JDK25);
        Path src = dir.resolve("src");
        List<Path> files = new ArrayList<>();
        for (Source s : sources) {
            Path file = src.resolve(s.path());
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.text());
            files.add(file);
        }
        List<Map<Mode, Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            outcomes.add(new EnumMap<>(Mode.class));
        }
        List<Path> api = List.of(toolchain.runtime, toolchain.annotations);
        Path standinClasses = dir.resolve("classes-standin");
        Path javacClasses = dir.resolve("classes-javac");
        Path ecjClasses = dir.resolve("classes-ecj");
        Timings timings = new Timings();
        if (compileStandin) {
            compileAll(sources, files, List.of(standinApi), standinClasses, false, Mode.STANDIN, outcomes);
            timings.lap("javac stand-in");
        }
        if (javac) {
            compileAll(sources, files, api, javacClasses, false, Mode.PLUGIN, outcomes);
            copyCompileOutcome(Mode.PLUGIN, Mode.COMPACT, outcomes);
            copyCompileOutcome(Mode.PLUGIN, Mode.AGENT, outcomes);
            copyCompileOutcome(Mode.PLUGIN, Mode.AGENT_JDK25, outcomes);
            timings.lap("javac");
        }
        boolean ecjStandin = wanted.contains(Mode.ECJ) || wanted.contains(Mode.STANDIN_ECJ);
        Path standinEcjClasses = dir.resolve("classes-standin-ecj");
        if (wanted.contains(Mode.ECJ)) {
            compileAll(sources, files, api, ecjClasses, true, Mode.ECJ, outcomes);
            timings.lap("ecj");
        }
        if (ecjStandin && runStandin) {
            compileAll(sources, files, List.of(standinApi), standinEcjClasses, true, Mode.STANDIN_ECJ, outcomes);
            timings.lap("ecj stand-in");
        }
        List<Path> pluginRoots = wanted.contains(Mode.PLUGIN)
                ? weaveEach(sources, javacClasses, dir.resolve("woven-javac"), Mode.PLUGIN, outcomes) : List.of();
        List<Path> compactRoots = wanted.contains(Mode.COMPACT)
                ? weaveEach(sources, javacClasses, dir.resolve("woven-compact"), Mode.COMPACT, outcomes) : List.of();
        List<Path> ecjRoots = wanted.contains(Mode.ECJ)
                ? weaveEach(sources, ecjClasses, dir.resolve("woven-ecj"), Mode.ECJ, outcomes) : List.of();
        timings.lap("weave+verify");

        List<Path> standinCp = List.of(toolchain.runnerClasses, standinApi, standinClasses);
        if (runStandin) {
            runMode(Mode.STANDIN, toolchain.java, List.of(), standinCp, sources, dir, outcomes);
            timings.lap("run a");
        }
        if (runStandin && wanted.contains(Mode.AGENT_JDK25)) {
            runMode(Mode.STANDIN_JDK25, toolchain.java25, List.of(), standinCp, sources, dir, outcomes);
            timings.lap("run a25");
        }
        if (runStandin && ecjStandin) {
            runMode(Mode.STANDIN_ECJ, toolchain.java, List.of(),
                    List.of(toolchain.runnerClasses, standinApi, standinEcjClasses), sources, dir, outcomes);
            timings.lap("run a-ecj");
        }
        if (runOthers) {
            List<Path> agentCp = List.of(toolchain.runnerClasses, toolchain.runtime, javacClasses);
            List<String> agentArg = List.of("-javaagent:" + toolchain.agent);
            if (wanted.contains(Mode.PLUGIN)) {
                runMode(Mode.PLUGIN, toolchain.java, List.of(),
                        concat(toolchain.runnerClasses, toolchain.runtime, pluginRoots), sources, dir, outcomes);
                timings.lap("run b");
            }
            if (wanted.contains(Mode.COMPACT)) {
                runMode(Mode.COMPACT, toolchain.java, List.of(),
                        concat(toolchain.runnerClasses, toolchain.runtime, compactRoots), sources, dir, outcomes);
                timings.lap("run e");
            }
            if (wanted.contains(Mode.AGENT)) {
                runMode(Mode.AGENT, toolchain.java, agentArg, agentCp, sources, dir, outcomes);
                timings.lap("run c");
            }
            if (wanted.contains(Mode.AGENT_JDK25)) {
                runMode(Mode.AGENT_JDK25, toolchain.java25, agentArg, agentCp, sources, dir, outcomes);
                timings.lap("run c25");
            }
            if (wanted.contains(Mode.ECJ)) {
                runMode(Mode.ECJ, toolchain.java, List.of(),
                        concat(toolchain.runnerClasses, toolchain.runtime, ecjRoots), sources, dir, outcomes);
                timings.lap("run d");
            }
        }
        Files.writeString(dir.resolve("timings.txt"), timings.toString());
        lastTimings = timings.toString();

        List<ProgramResult> results = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            results.add(new ProgramResult(sources.get(i), outcomes.get(i), compare(outcomes.get(i), wanted, runStandin)));
        }
        return results;
    }

    private volatile String lastTimings = "";

    /** @return how long the phases of the batch that finished last took, for progress lines */
    public String lastTimings() {
        return lastTimings;
    }

    /** Wall time per phase of a batch: where a slow campaign spends its time. */
    private static final class Timings {
        private final StringBuilder text = new StringBuilder();
        private long last = System.nanoTime();

        void lap(String phase) {
            long now = System.nanoTime();
            text.append(text.length() == 0 ? "" : ", ").append(phase).append(' ')
                    .append(String.format("%.1fs", (now - last) / 1e9));
            last = now;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static List<Path> concat(Path a, Path b, List<Path> rest) {
        List<Path> all = new ArrayList<>(List.of(a, b));
        all.addAll(rest);
        return all;
    }

    private static void copyCompileOutcome(Mode from, Mode to, List<Map<Mode, Outcome>> outcomes) {
        for (Map<Mode, Outcome> o : outcomes) {
            Outcome f = o.get(from);
            if (f != null && f.status() == Outcome.Status.COMPILE_ERROR) {
                o.put(to, new Outcome(to, f.status(), "", f.detail()));
            }
        }
    }

    /** Compiles the batch at once; when that fails, each program alone, to know which ones fail. */
    private void compileAll(List<Source> sources, List<Path> files, List<Path> classpath, Path out, boolean ecj,
                            Mode mode, List<Map<Mode, Outcome>> outcomes) throws IOException {
        Files.createDirectories(out);
        Compilers.Result all = compile(files, classpath, out, ecj);
        if (all.ok()) {
            return;
        }
        deleteTree(out);
        Files.createDirectories(out);
        for (int i = 0; i < sources.size(); i++) {
            Compilers.Result one = compile(List.of(files.get(i)), classpath, out, ecj);
            if (!one.ok()) {
                outcomes.get(i).put(mode, new Outcome(mode, Outcome.Status.COMPILE_ERROR, "", one.messages()));
            }
        }
    }

    private static Compilers.Result compile(List<Path> files, List<Path> classpath, Path out, boolean ecj) {
        return ecj ? Compilers.ecj(files, classpath, out) : Compilers.javac(files, classpath, out);
    }

    /**
     * Copies each compiled program into a class directory of its own and weaves it there as the plugin
     * does, then checks every woven class with CheckClassAdapter.
     *
     * @return the roots of the programs that were woven and verified, to run
     */
    private List<Path> weaveEach(List<Source> sources, Path classes, Path wovenRoot, Mode mode,
                                 List<Map<Mode, Outcome>> outcomes) throws IOException {
        List<Path> roots = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            if (outcomes.get(i).containsKey(mode) || !standinCompiled(outcomes.get(i))) {
                continue;
            }
            Source s = sources.get(i);
            String pkgPath = s.packageName().replace('.', '/');
            Path root = wovenRoot.resolve(Integer.toString(i));
            copyTree(classes.resolve(pkgPath), root.resolve(pkgPath));
            String error = weave(root, mode == Mode.COMPACT);
            if (error != null) {
                outcomes.get(i).put(mode, new Outcome(mode, Outcome.Status.WEAVE_ERROR, "", error));
                continue;
            }
            String verify = verify(root);
            if (verify != null) {
                outcomes.get(i).put(mode, new Outcome(mode, Outcome.Status.VERIFY_ERROR, "", verify));
                continue;
            }
            roots.add(root);
        }
        return roots;
    }

    private String weave(Path root, boolean compact) throws IOException {
        ClassDirectoryWeaver weaver = new ClassDirectoryWeaver(WeaveOptions.defaults().withCompact(compact),
                message -> { });
        try {
            weaver.weave(root, List.of(toolchain.runtime, toolchain.annotations));
            return null;
        } catch (WeaveException e) {
            return e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            return w.toString();
        }
    }

    /** @return CheckClassAdapter's complaints about the classes under {@code root}, or {@code null} */
    private String verify(Path root) throws IOException {
        StringBuilder problems = new StringBuilder();
        try (URLClassLoader loader = new URLClassLoader(urls(root, toolchain.runtime, toolchain.annotations),
                ClassLoader.getPlatformClassLoader());
             Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
                StringWriter w = new StringWriter();
                try {
                    CheckClassAdapter.verify(new ClassReader(Files.readAllBytes(file)), loader, false, new PrintWriter(w));
                } catch (RuntimeException | LinkageError e) {
                    e.printStackTrace(new PrintWriter(w));
                }
                if (w.getBuffer().length() > 0) {
                    problems.append(root.relativize(file)).append(":\n").append(w);
                }
            }
        }
        return problems.length() == 0 ? null : problems.toString();
    }

    private static URL[] urls(Path... paths) throws MalformedURLException {
        URL[] urls = new URL[paths.length];
        for (int i = 0; i < paths.length; i++) {
            urls[i] = paths[i].toUri().toURL();
        }
        return urls;
    }

    /**
     * Runs the programs that got this far in one child JVM, and again in a fresh one after a program
     * that timed out or killed its JVM, until each has an outcome.
     */
    private void runMode(Mode mode, Path java, List<String> extraOptions, List<Path> classpath, List<Source> sources,
                         Path dir, List<Map<Mode, Outcome>> outcomes) throws IOException, InterruptedException {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Map<Mode, Outcome> o = outcomes.get(i);
            if (!o.containsKey(mode) && (mode.isReference() || standinCompiled(o))) {
                pending.add(i);
            }
        }
        int attempt = 0;
        while (!pending.isEmpty()) {
            Path out = dir.resolve("out-" + mode.tag + "-" + attempt++);
            Files.createDirectories(out);
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(CHILD_JVM_OPTIONS);
            command.addAll(extraOptions);
            command.add("-cp");
            command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            command.add(ProgramRunner.class.getName());
            command.add(out.toString());
            command.add(Long.toString(timeoutMillis));
            command.add("0");
            for (int i : pending) {
                command.add(sources.get(i).mainClass());
            }
            Path stderr = out.resolve("stderr.txt");
            Process p = new ProcessBuilder(command).redirectOutput(out.resolve("stdout.txt").toFile())
                    .redirectError(stderr.toFile()).start();
            long budget = 60_000 + pending.size() * 2_000L + timeoutMillis;
            if (!p.waitFor(budget, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
            }
            List<Integer> next = new ArrayList<>();
            boolean blamed = false;
            for (int k = 0; k < pending.size(); k++) {
                int i = pending.get(k);
                Path file = out.resolve(k + ".out");
                if (Files.exists(file)) {
                    String output = Files.readString(file, StandardCharsets.UTF_8);
                    outcomes.get(i).put(mode, new Outcome(mode, Outcome.Status.RAN, output, tail(stderr)));
                } else if (!blamed) {
                    // The first program without output is the one the JVM stopped in.
                    blamed = true;
                    Path partial = out.resolve(k + ".partial");
                    String output = Files.exists(partial) ? Files.readString(partial, StandardCharsets.UTF_8) : "";
                    boolean timedOut = Files.exists(out.resolve("timeout"));
                    outcomes.get(i).put(mode, new Outcome(mode, timedOut ? Outcome.Status.TIMEOUT : Outcome.Status.CRASH,
                            output, "exit code " + (p.isAlive() ? "none (killed)" : p.exitValue()) + "; stderr:\n"
                            + tail(stderr)));
                } else {
                    next.add(i);
                }
            }
            pending = next;
        }
    }

    /** A program the stand-in cannot compile is a generator bug: the other modes skip it. */
    private static boolean standinCompiled(Map<Mode, Outcome> outcomes) {
        Outcome o = outcomes.get(Mode.STANDIN);
        return o == null || o.status() != Outcome.Status.COMPILE_ERROR;
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }

    /**
     * The findings of one program: each wanted mode against the stand-in. A mode without an outcome was
     * not needed (it got no further than the finding looked for).
     */
    private static List<Finding> compare(Map<Mode, Outcome> outcomes, List<Mode> wanted, boolean standinRan) {
        List<Finding> findings = new ArrayList<>();
        Outcome reference = outcomes.get(Mode.STANDIN);
        if (reference != null && reference.status() != Outcome.Status.RAN) {
            // The generated program itself is wrong: nothing to compare against.
            findings.add(new Finding(Mode.STANDIN, kindOf(reference.status()), reference.output() + "\n" + reference.detail()));
            return findings;
        }
        if (standinRan && reference == null) {
            throw new IllegalStateException("the stand-in did not run");
        }
        for (Mode mode : wanted) {
            Outcome o = outcomes.get(mode);
            if (mode.isReference() || o == null) {
                continue;
            }
            Outcome ref = outcomes.get(mode.reference());
            if (o.status() != Outcome.Status.RAN) {
                findings.add(new Finding(mode, kindOf(o.status()), o.detail()));
            } else if (ref != null && ref.status() != Outcome.Status.RAN) {
                findings.add(new Finding(mode.reference(), kindOf(ref.status()), ref.output() + "\n" + ref.detail()));
            } else if (ref != null && !o.output().equals(ref.output()) && !compilersDisagree(mode, outcomes)) {
                findings.add(new Finding(mode, Finding.Kind.OUTPUT, diff(ref.output(), o.output(), o.detail())));
            }
        }
        return findings;
    }

    /**
     * Whether (d) cannot be judged: ECJ's unwoven program already prints something else than javac's (a
     * compiler bug, reported for {@link Mode#STANDIN_ECJ}), so a difference between (d) and it may come
     * from the miscompiled code and not from the weaver (a weaver that recomputes frames can even make
     * ECJ code run that does not verify unwoven).
     */
    private static boolean compilersDisagree(Mode mode, Map<Mode, Outcome> outcomes) {
        if (mode != Mode.ECJ) {
            return false;
        }
        Outcome javac = outcomes.get(Mode.STANDIN);
        Outcome ecj = outcomes.get(Mode.STANDIN_ECJ);
        return javac != null && ecj != null && !javac.output().equals(ecj.output());
    }

    private static Finding.Kind kindOf(Outcome.Status status) {
        switch (status) {
            case COMPILE_ERROR: return Finding.Kind.COMPILE_ERROR;
            case WEAVE_ERROR: return Finding.Kind.WEAVE_ERROR;
            case VERIFY_ERROR: return Finding.Kind.VERIFY_ERROR;
            case TIMEOUT: return Finding.Kind.TIMEOUT;
            default: return Finding.Kind.CRASH;
        }
    }

    /** The first differing line with a little context: enough to see the bug, short enough to read. */
    static String diff(String expected, String actual, String stderr) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        int i = 0;
        while (i < e.length && i < a.length && e[i].equals(a[i])) {
            i++;
        }
        StringBuilder b = new StringBuilder("first difference at line ").append(i + 1).append('\n');
        for (int k = Math.max(0, i - 3); k < i; k++) {
            b.append("    ").append(e[k]).append('\n');
        }
        for (int k = i; k < Math.min(e.length, i + 3); k++) {
            b.append("  - ").append(e[k]).append('\n');
        }
        for (int k = i; k < Math.min(a.length, i + 3); k++) {
            b.append("  + ").append(a[k]).append('\n');
        }
        if (stderr != null && !stderr.isBlank()) {
            b.append("child stderr:\n").append(stderr.length() > 1500 ? stderr.substring(0, 1500) + "..." : stderr);
        }
        return b.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /**
     * @param root a directory to delete with everything under it; nothing when it does not exist
     * @throws IOException when a file cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
