package dev.weft.docs;

import dev.weft.weaver.ClassDirectoryWeaver;
import dev.weft.weaver.WeaveException;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveProblem;
import org.opentest4j.AssertionFailedError;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks one sample as the docs convention says: compiles it with javac ({@code --release 17}), weaves its classes
 * with the weaver's core, and runs it when it has a main, each in its own class loader with its own copy of the
 * runtime, on virtual time unless it is {@code real-time}, its standard output captured and compared with its
 * {@code output} block. Every failure is an {@link AssertionFailedError} whose message names the Markdown lines.
 */
public final class SampleChecker {
    /** How long a run may take before it fails: the convention's limit. */
    public static final long RUN_LIMIT_MILLIS = 30_000;

    private final Path workDir;
    private final long runLimitMillis;
    private final List<Path> compileClasspath;
    private final List<Path> runClasspath;
    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

    /**
     * @param workDir where each sample's classes go, in a directory of its own (kept, to look at after a failure)
     * @param compileClasspath what samples compile against, and the weaver reads the class hierarchy from
     * @param runClasspath what a sample's class loader loads, after the sample's classes
     * @param runLimitMillis how long a run may take before it fails
     */
    SampleChecker(Path workDir, List<Path> compileClasspath, List<Path> runClasspath, long runLimitMillis) {
        this.workDir = workDir;
        this.runLimitMillis = runLimitMillis;
        this.compileClasspath = List.copyOf(compileClasspath);
        this.runClasspath = List.copyOf(runClasspath);
    }

    /**
     * The checker for this build: samples compile against weft-annotations, weft-runtime, weft-test and
     * junit-jupiter-api as this test's class path has them (jars or class directories).
     *
     * @param workDir where the samples' classes go
     * @param runLimitMillis how long a run may take before it fails ({@link #RUN_LIMIT_MILLIS} for the docs)
     * @return the checker
     */
    public static SampleChecker forThisBuild(Path workDir, long runLimitMillis) {
        List<Path> compile = Stream.of(dev.weft.annotations.Async.class, dev.weft.Asyncio.class,
                        dev.weft.test.WeftTest.class, org.junit.jupiter.api.Test.class, AssertionFailedError.class,
                        org.apiguardian.api.API.class)
                .map(SampleChecker::locationOf).distinct().collect(Collectors.toList());
        List<Path> run = new ArrayList<>(compile);
        run.add(locationOf(org.junit.platform.commons.util.Preconditions.class)); // what Assertions use
        run.add(locationOf(SampleLauncher.class));
        return new SampleChecker(workDir, compile, run, runLimitMillis);
    }

    private static Path locationOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param sample the sample
     * @throws AssertionFailedError when it does not compile, weave, run or print as the convention wants
     * @throws Exception when the harness itself cannot work (files, class loading)
     */
    public void check(Sample sample) throws Exception {
        for (String w : sample.words()) {
            if (!Sample.WORDS.contains(w)) {
                throw fail(sample, "unknown word '" + w + "' after java in the info string (known: "
                        + String.join(", ", new TreeSet<>(Sample.WORDS)) + ")");
            }
        }
        Path dir = workDir.resolve(sample.name().replaceAll("[^A-Za-z0-9.]+", "_"));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        compile(sample, dir);
        boolean wove = weave(sample, dir);
        if (!wove) {
            return;
        }
        try (URLClassLoader loader = loaderFor(dir)) {
            Method main = findMain(sample, dir, loader);
            String notRun = main == null ? "it has no main" : sample.has("no-run") ? "it is no-run" : null;
            if (notRun != null) {
                if (sample.output() != null) {
                    throw fail(sample, "has an output block (line " + sample.outputLine() + ") but does not run: "
                            + notRun + " (a runnable sample has public static void main(String[] args), or is a "
                            + "fragment with a static main() returning Coroutine)");
                }
                return;
            }
            run(sample, loader, main);
        }
    }

    private void compile(Sample sample, Path dir) throws IOException {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject source = new SimpleJavaFileObject(
                URI.create("string:///" + Sample.PACKAGE + "/" + sample.typeName() + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return sample.source();
            }
        };
        boolean ok;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(dir));
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, compileClasspath);
            ok = javac.getTask(null, files, diagnostics, List.of("--release", "17", "-g", "-proc:none", "-nowarn"),
                    null, List.of(source)).call();
        }
        if (ok) {
            return;
        }
        StringBuilder m = new StringBuilder("does not compile:");
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            m.append('\n').append(sample.file());
            if (d.getLineNumber() > 0) {
                m.append(':').append(sample.markdownLine(d.getLineNumber()));
            }
            m.append(": error: ").append(d.getMessage(Locale.ROOT));
            if (d.getLineNumber() > 0 && d.getLineNumber() <= sample.code().size()) {
                m.append("\n    ").append(sample.code().get((int) d.getLineNumber() - 1).strip());
            }
        }
        throw fail(sample, m.toString());
    }

    /** @return whether the sample was woven (else it is a weave-error sample that failed as its output says) */
    private boolean weave(Sample sample, Path dir) throws IOException {
        List<Path> classpath = new ArrayList<>(compileClasspath);
        ClassDirectoryWeaver.Summary summary;
        try {
            summary = new ClassDirectoryWeaver(WeaveOptions.defaults(), message -> { }).weave(dir, classpath);
        } catch (WeaveException e) {
            if (sample.has("weave-error")) {
                String actual = e.problems().stream().map(SampleChecker::withoutPackage)
                        .map(p -> p + "\n").collect(Collectors.joining());
                if (sample.output() == null) {
                    throw fail(sample, "is weave-error but has no output block to hold the weaver's message, which "
                            + "is:\n" + actual);
                }
                compareOutput(sample, actual, "the weaver's message", "");
                return false;
            }
            StringBuilder m = new StringBuilder("compiles but the weaver refuses it:");
            for (WeaveProblem p : e.problems()) {
                m.append('\n').append(p.locatedAt(p.line() > 0
                        ? sample.file() + ":" + sample.markdownLine(p.line()) + " (" + p.sourceFile() + ")"
                        : sample.file()));
            }
            throw fail(sample, m.toString());
        }
        if (sample.has("weave-error")) {
            throw fail(sample, "is weave-error but the weaver accepts it (" + summary + ")");
        }
        return true;
    }

    /** @return the problem as the plugin reports it, with the harness's package left out */
    private static String withoutPackage(WeaveProblem p) {
        String prefix = Sample.PACKAGE + ".";
        String className = p.className().startsWith(prefix) ? p.className().substring(prefix.length()) : p.className();
        String message = p.message().replaceAll("(?<![\\w.])" + Pattern.quote(prefix), "");
        return new WeaveProblem(className, p.methodName(), p.sourceFile(), p.line(), message).toString();
    }

    private URLClassLoader loaderFor(Path dir) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(dir.toUri().toURL());
        for (Path p : runClasspath) {
            urls.add(p.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /**
     * @return {@code static void main(String[])} of a top-level class, else a static {@code main()} returning a
     *     coroutine; the main type's first
     */
    private static Method findMain(Sample sample, Path dir, ClassLoader loader) throws IOException,
            ClassNotFoundException {
        List<String> names;
        try (Stream<Path> files = Files.list(dir.resolve(Sample.PACKAGE))) {
            names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .sorted(Comparator.comparing((String n) -> !n.equals(sample.typeName()))
                            .thenComparing(Comparator.naturalOrder()))
                    .collect(Collectors.toList());
        }
        for (String n : names) {
            Class<?> c = Class.forName(Sample.PACKAGE + "." + n, false, loader);
            for (Method m : c.getDeclaredMethods()) {
                if (!m.getName().equals("main") || !Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                boolean args = m.getParameterCount() == 1 && m.getParameterTypes()[0] == String[].class
                        && m.getReturnType() == void.class;
                boolean coroutine = m.getParameterCount() == 0
                        && m.getReturnType().getName().equals("dev.weft.Coroutine");
                if (args || coroutine) {
                    return m;
                }
            }
        }
        return null;
    }

    private void run(Sample sample, ClassLoader loader, Method main) throws Exception {
        Method launch = Class.forName(SampleLauncher.class.getName(), true, loader)
                .getMethod("launch", Method.class, boolean.class);
        boolean virtualTime = !sample.has("real-time");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // Named "main" as a program's thread is, but in a group of its own: the runtime takes Ctrl-C only in the
        // JVM's real main thread
        Thread thread = new Thread(new ThreadGroup("doc-sample"), () -> {
            try {
                launch.invoke(null, main, virtualTime);
            } catch (InvocationTargetException e) {
                thrown.set(e.getCause());
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "main");
        thread.setDaemon(true); // one that never ends must not keep the test JVM alive
        thread.setContextClassLoader(loader);
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            thread.start();
            thread.join(runLimitMillis);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String printed = out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        String errors = err.toString(StandardCharsets.UTF_8);
        String context = "\n--- stdout\n" + printed + (errors.isEmpty() ? "" : "\n--- stderr\n" + errors);
        if (thread.isAlive()) {
            StringBuilder where = new StringBuilder();
            for (StackTraceElement e : thread.getStackTrace()) {
                where.append("\n\tat ").append(e);
            }
            thread.interrupt();
            throw fail(sample, "did not complete within " + runLimitMillis / 1000 + " s (mark a sample that "
                    + "serves forever no-run); its main thread is at:" + mapLines(sample, where.toString()) + context);
        }
        if (thrown.get() != null) {
            StringWriter trace = new StringWriter();
            thrown.get().printStackTrace(new PrintWriter(trace));
            throw fail(sample, "threw " + mapLines(sample, trace.toString()) + context);
        }
        if (sample.output() != null) {
            compareOutput(sample, printed, "its output", errors.isEmpty() ? "" : "\n--- stderr\n" + errors);
        }
    }

    private static void compareOutput(Sample sample, String actual, String what, String context) {
        String expected = sample.output().stream().map(l -> l + "\n").collect(Collectors.joining());
        if (expected.equals(actual)) {
            return;
        }
        List<String> e = expected.lines().collect(Collectors.toList());
        List<String> a = actual.lines().collect(Collectors.toList());
        int i = 0;
        while (i < e.size() && i < a.size() && e.get(i).equals(a.get(i))) {
            i++;
        }
        String first = i < e.size() && i < a.size()
                ? "line " + (i + 1) + " differs (md line " + (sample.outputLine() + i + 1) + ")"
                : i < e.size() ? "it stops before line " + (i + 1) + " (md line " + (sample.outputLine() + i + 1) + ")"
                : i < a.size() ? "it has more lines than the block, from line " + (i + 1)
                : "they differ in white space at the ends of lines";
        throw new AssertionFailedError(sample.name() + ": " + what + " is not the output block at line "
                + sample.outputLine() + ": " + first + "\n--- expected\n" + expected + "--- actual\n" + actual + context,
                expected, actual);
    }

    /** Adds the Markdown line to each {@code (Example.java:N)} of a stack trace. */
    private static String mapLines(Sample sample, String trace) {
        Matcher m = Pattern.compile("\\(" + Pattern.quote(sample.typeName() + ".java") + ":(\\d+)\\)").matcher(trace);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(s, Matcher.quoteReplacement("(" + sample.typeName() + ".java:" + m.group(1) + ", "
                    + sample.file() + ":" + sample.markdownLine(Long.parseLong(m.group(1))) + ")"));
        }
        m.appendTail(s);
        return s.toString();
    }

    private static AssertionFailedError fail(Sample sample, String message) {
        return new AssertionFailedError(sample.name() + ": " + message);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
