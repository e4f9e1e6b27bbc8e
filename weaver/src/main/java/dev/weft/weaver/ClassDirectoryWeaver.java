package dev.weft.weaver;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Weaves a directory of class files in place, the whole of what both goals do: reads every class
 * file, hands it to the {@link Weaver}, and writes back what changed. All weaving logic is in the
 * weaver; this only walks, compares and writes.
 *
 * <p>A woven class is rewritten only when its bytes differ, and each generated frame class is
 * written next to it (its internal name plus {@code .class}, under the same root) unless a file with
 * the same bytes is already there, so a second build over woven classes writes nothing. When any
 * class has a misuse, nothing is written and the build fails listing every problem.
 */
public final class ClassDirectoryWeaver {
    /** Where the weaver reports: the Maven log, the console, ... */
    public interface Log {
        /** @param message an informational message */
        void info(String message);

        /** @param message a diagnostic message */
        default void debug(String message) {
        }

        /** @return whether {@link #debug} messages are wanted */
        default boolean isDebugEnabled() {
            return false;
        }

        /**
         * A class deserves attention (see {@link WeaveResult#warnings()}); by default an informational
         * message.
         *
         * @param warning what, where
         */
        default void warning(WeaveProblem warning) {
            info("WARNING: " + warning);
        }
    }

    private final WeaveOptions options;
    private final Log log;

    /**
     * @param options the weaver options
     * @param log where to report
     */
    public ClassDirectoryWeaver(WeaveOptions options, Log log) {
        this.options = options;
        this.log = log;
    }

    /**
     * What a run did.
     *
     * @param methods the woven methods
     * @param classes the woven classes
     * @param filesWritten the class files written
     * @param warnings what the weaver warned about, in class order (each also given to {@link Log#warning})
     */
    public record Summary(int methods, int classes, int filesWritten, List<WeaveProblem> warnings) {
        /**
         * A run without warnings.
         *
         * @param methods the woven methods
         * @param classes the woven classes
         * @param filesWritten the class files written
         */
        public Summary(int methods, int classes, int filesWritten) {
            this(methods, classes, filesWritten, List.of());
        }

        /**
         * Checks nothing; copies the warnings so the summary stays as it was made.
         *
         * @param methods the woven methods
         * @param classes the woven classes
         * @param filesWritten the class files written
         * @param warnings what the weaver warned about, copied
         */
        public Summary {
            warnings = List.copyOf(warnings);
        }

        /** @return {@code woven 12 methods in 5 classes} (singular for 1) */
        @Override
        public String toString() {
            return "woven " + plural(methods, "method") + " in " + plural(classes, "class")
                    + (warnings.isEmpty() ? "" : " (" + plural(warnings.size(), "warning") + ")");
        }
    }

    /**
     * @param n how many
     * @param word the singular
     * @return e.g. {@code 1 method}, {@code 2 classes}
     */
    public static String plural(int n, String word) {
        return n + " " + (n == 1 ? word : word.endsWith("s") ? word + "es" : word + "s");
    }

    /**
     * Weaves every class file under {@code classesDirectory} in place.
     *
     * @param classesDirectory the root of the class files (a missing directory is nothing to do)
     * @param classpath where the class hierarchy is read: the compile (or test) class path; the JDK's
     *                  classes are added
     * @return what was done
     * @throws WeaveException listing every misuse (class, method, source file, line); nothing is written
     * @throws IOException when reading or writing fails
     */
    public Summary weave(Path classesDirectory, List<Path> classpath) throws IOException {
        if (!Files.isDirectory(classesDirectory)) {
            Summary nothing = new Summary(0, 0, 0);
            log.debug("Weft: no directory " + classesDirectory);
            log.info(nothing.toString());
            return nothing;
        }
        List<Path> classFiles = listClassFiles(classesDirectory);
        Set<Path> roots = new LinkedHashSet<>();
        roots.add(classesDirectory.toAbsolutePath().normalize());
        for (Path p : classpath) {
            roots.add(p.toAbsolutePath().normalize());
        }
        if (log.isDebugEnabled()) {
            log.debug("Weft weaving " + classFiles.size() + " class files in " + classesDirectory
                    + " with options " + options + "; class hierarchy from " + roots + " and the JDK");
        }
        List<WeaveResult> changed = new ArrayList<>();
        List<WeaveProblem> problems = new ArrayList<>();
        List<WeaveProblem> warnings = new ArrayList<>();
        try (ClassFileLocator.Closeable classPathLocator = ClassFileLocator.ofPaths(new ArrayList<>(roots))) {
            Set<String> inDirectory = new HashSet<>();
            for (Path file : classFiles) {
                String rel = classesDirectory.relativize(file).toString().replace(File.separatorChar, '/');
                inDirectory.add(rel.substring(0, rel.length() - ".class".length()));
            }
            Weaver weaver = new Weaver(
                    ClassFileLocator.firstOf(classPathLocator, ClassFileLocator.ofClassLoader(null)), options,
                    inDirectory::contains);
            for (Path file : classFiles) {
                byte[] in = Files.readAllBytes(file);
                if (!Weaver.mayNeedWeaving(in)) {
                    continue;
                }
                try {
                    WeaveResult result = weaver.weave(in);
                    warnings.addAll(result.warnings()); // an unchanged class may have some too
                    if (result.isChanged()) {
                        changed.add(result);
                    }
                } catch (WeaveException e) {
                    problems.addAll(e.problems());
                } catch (RuntimeException | LinkageError e) {
                    throw new IllegalStateException("Weft failed to weave " + file + ": " + e, e);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!problems.isEmpty()) {
            throw new WeaveException(problems);
        }
        Summary summary = write(classesDirectory, changed, warnings);
        log.info(summary.toString());
        for (WeaveProblem w : summary.warnings()) {
            log.warning(w);
        }
        return summary;
    }

    private Summary write(Path root, List<WeaveResult> changed, List<WeaveProblem> warnings) throws IOException {
        int methods = 0;
        int written = 0;
        for (WeaveResult r : changed) {
            // Frame classes first: a woven class is the weaver's own marker that it is done, so it is
            // written last and an interrupted build is repaired by the next one.
            for (Map.Entry<String, byte[]> g : new TreeMap<>(r.generatedClasses()).entrySet()) {
                if (writeIfDifferent(root.resolve(g.getKey() + ".class"), g.getValue())) {
                    written++;
                }
            }
            if (writeIfDifferent(root.resolve(r.className() + ".class"), r.bytes())) {
                written++;
            }
            methods += r.wovenMethods().size();
            if (options.verbose()) {
                String cls = r.className().replace('/', '.');
                for (String m : r.wovenMethods()) {
                    log.info("woven " + cls + "." + m);
                }
            }
        }
        return new Summary(methods, changed.size(), written, warnings);
    }

    private static boolean writeIfDifferent(Path file, byte[] bytes) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return true;
    }

    private static List<Path> listClassFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
