package dev.weft.maven;

import dev.weft.weaver.ClassDirectoryWeaver;
import dev.weft.weaver.WeaveException;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveProblem;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Adapts the transformer's {@link ClassDirectoryWeaver} to Maven: its log, misuse as a build failure listing
 * every problem, warnings (a failure too with {@code failOnWarning}), each located as javac does, by the source
 * file's path under the project ({@code src/main/java/app/Helper.java:17}) so that IDEs and terminals link it.
 * No weaving logic lives here.
 */
public final class DirectoryWeaver {
    private final WeaveOptions options;
    private final Log log;
    private final List<Path> sourceRoots;
    private final Path baseDir;
    private final boolean failOnWarning;

    /**
     * @param options the weaver options
     * @param log where to report
     */
    public DirectoryWeaver(WeaveOptions options, Log log) {
        this(options, log, List.of(), null, false);
    }

    /**
     * @param options the weaver options
     * @param log where to report
     * @param sourceRoots where the sources are (the project's compile or test compile source roots), to name a
     *     problem's file by its path
     * @param baseDir the project's directory, which the paths are relative to ({@code null}: absolute paths)
     * @param failOnWarning whether a warning fails the build (it does too when {@code options} say so)
     */
    public DirectoryWeaver(WeaveOptions options, Log log, List<Path> sourceRoots, Path baseDir, boolean failOnWarning) {
        this.options = options;
        this.log = log;
        this.sourceRoots = List.copyOf(sourceRoots);
        this.baseDir = baseDir;
        this.failOnWarning = failOnWarning || options.failOnWarning();
    }

    /**
     * @param elements class path elements as Maven gives them
     * @return them as paths
     */
    public static List<Path> toPaths(List<String> elements) {
        return elements == null ? List.of() : elements.stream().map(Paths::get).collect(Collectors.toList());
    }

    /**
     * Weaves every class file under {@code classesDirectory} in place.
     *
     * @param classesDirectory the root of the class files
     * @param classpath where the class hierarchy is read
     * @return what was done
     * @throws MojoFailureException listing every misuse (source path, line, class, method), or every warning
     *     when {@code failOnWarning} is set
     * @throws MojoExecutionException when reading or writing fails, or the weaver breaks
     */
    public ClassDirectoryWeaver.Summary weave(Path classesDirectory, List<Path> classpath)
            throws MojoExecutionException, MojoFailureException {
        ClassDirectoryWeaver.Log adapter = new ClassDirectoryWeaver.Log() {
            @Override
            public void info(String message) {
                log.info(message);
            }

            @Override
            public void debug(String message) {
                log.debug(message);
            }

            @Override
            public boolean isDebugEnabled() {
                return log.isDebugEnabled();
            }

            @Override
            public void warning(WeaveProblem warning) {
                if (failOnWarning) {
                    log.error(format(warning));
                } else {
                    log.warn(format(warning));
                }
            }
        };
        ClassDirectoryWeaver.Summary summary;
        try {
            summary = new ClassDirectoryWeaver(options, adapter).weave(classesDirectory, classpath);
        } catch (WeaveException e) {
            StringBuilder message = new StringBuilder("Weft found ")
                    .append(ClassDirectoryWeaver.plural(e.problems().size(), "misuse")).append(" of @Async or Await.on:");
            for (WeaveProblem p : e.problems()) {
                log.error(format(p));
                message.append('\n').append(format(p));
            }
            throw new MojoFailureException(message.toString());
        } catch (IOException e) {
            throw new MojoExecutionException("Weft cannot read or write class files: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        if (failOnWarning && !summary.warnings().isEmpty()) {
            StringBuilder message = new StringBuilder("Weft warned ")
                    .append(ClassDirectoryWeaver.plural(summary.warnings().size(), "time"))
                    .append(" and failOnWarning is set:");
            for (WeaveProblem w : summary.warnings()) {
                message.append('\n').append(format(w));
            }
            throw new MojoFailureException(message.toString());
        }
        return summary;
    }

    /**
     * @param p a problem or warning
     * @return it as javac would print it: {@code src/main/java/app/Helper.java:17: app.Helper.run: message}, the
     *     path found under a source root (relative to the project), else the bare file name
     */
    String format(WeaveProblem p) {
        return p.locatedAt(location(p));
    }

    private String location(WeaveProblem p) {
        if (p.sourceFile() == null) {
            return "<unknown source>";
        }
        int dot = p.className().lastIndexOf('.');
        String relative = (dot < 0 ? "" : p.className().substring(0, dot).replace('.', '/') + "/") + p.sourceFile();
        for (Path root : sourceRoots) {
            Path file = root.resolve(relative);
            if (Files.isRegularFile(file)) {
                Path shown = file.toAbsolutePath().normalize();
                if (baseDir != null) {
                    Path base = baseDir.toAbsolutePath().normalize();
                    if (shown.startsWith(base)) {
                        shown = base.relativize(shown);
                    }
                }
                return shown.toString();
            }
        }
        return p.sourceFile();
    }
}
