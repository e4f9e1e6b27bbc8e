package dev.weft.maven;

import dev.weft.weaver.WeaveOptions;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.List;

/**
 * The common part of the goals: handles {@code skip} and the options, then makes one call into
 * {@link DirectoryWeaver}. The goals only say which directory and which class path.
 */
public abstract class AbstractWeaveMojo extends AbstractMojo {

    /** Weave nothing. */
    @Parameter(property = "weft.skip", defaultValue = "false")
    private boolean skip;

    /** Log every woven method. */
    @Parameter(property = "weft.verbose", defaultValue = "false")
    private boolean verbose;

    /**
     * Fail the build when the weaver warns: a call whose coroutine is dropped, never awaited (Python's "coroutine
     * was never awaited"); a woven method over HotSpot's limit of 8,000 bytes of bytecode for JIT compilation, which
     * would always run interpreted. The option {@code failOnWarning} in {@code <options>} does the same.
     */
    @Parameter(property = "weft.failOnWarning", defaultValue = "false")
    private boolean failOnWarning;

    /** The project's directory: problems name their source file by its path from here. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true)
    private File baseDirectory;

    /**
     * More weaver options, in the syntax the javaagent takes after {@code =} (for example
     * {@code verbose}); {@code skip} and {@code verbose} above are added to them.
     */
    @Parameter(property = "weft.options")
    private String options;

    /** @return the directory of class files to weave in place */
    protected abstract File classesDirectory();

    /** @return the class path the classes are compiled against (the hierarchy the weaver reads) */
    protected abstract List<String> classpathElements();

    /** @return where the classes' sources are, to name a problem's file by its path */
    protected abstract List<String> sourceRoots();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        WeaveOptions opts;
        try {
            opts = WeaveOptions.parse(options);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("bad <options>: " + e.getMessage(), e);
        }
        if (skip) {
            opts = opts.withSkip(true);
        }
        if (verbose) {
            opts = opts.withVerbose(true);
        }
        if (opts.skip()) {
            getLog().info("Weft weaving skipped");
            return;
        }
        new DirectoryWeaver(opts, getLog(), DirectoryWeaver.toPaths(sourceRoots()),
                baseDirectory == null ? null : baseDirectory.toPath(), failOnWarning)
                .weave(classesDirectory().toPath(), DirectoryWeaver.toPaths(classpathElements()));
    }
}
