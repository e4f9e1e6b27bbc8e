package dev.weft.maven;

import dev.weft.transformer.ClassDirectoryWeaver;
import dev.weft.transformer.WeaveException;
import dev.weft.transformer.WeaveOptions;
import dev.weft.transformer.WeaveProblem;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Adapts the transformer's {@link ClassDirectoryWeaver} to Maven: its log, and misuse as a build
 * failure listing every problem. No weaving logic lives here.
 */
public final class DirectoryWeaver {
    private final WeaveOptions options;
    private final Log log;

    /**
     * @param options the weaver options
     * @param log where to report
     */
    public DirectoryWeaver(WeaveOptions options, Log log) {
        this.options = options;
        this.log = log;
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
     * @throws MojoFailureException listing every misuse (class, method, source file, line)
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
        };
        try {
            return new ClassDirectoryWeaver(options, adapter).weave(classesDirectory, classpath);
        } catch (WeaveException e) {
            StringBuilder message = new StringBuilder("Weft found ")
                    .append(ClassDirectoryWeaver.plural(e.problems().size(), "misuse")).append(" of @Async or Await.on:");
            for (WeaveProblem p : e.problems()) {
                log.error(p.toString());
                message.append('\n').append(p);
            }
            throw new MojoFailureException(message.toString());
        } catch (IOException e) {
            throw new MojoExecutionException("Weft cannot read or write class files: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }
}
