package dev.weft.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.File;
import java.util.List;

/**
 * Weaves the {@code @Async} methods of the main classes ({@code target/classes}) in place. Bound to {@code compile}
 * (after the compiler, whose own binding comes first in the phase), so that {@code mvn compile}, and with it
 * {@code mvn compile exec:java}, already has woven classes; classes already woven are left as they are.
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.COMPILE,
        requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class WeaveMojo extends AbstractWeaveMojo {

    /** The classes to weave. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    /** The compile class path (includes the classes directory). */
    @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
    private List<String> classpathElements;

    /** The main sources. */
    @Parameter(defaultValue = "${project.compileSourceRoots}", readonly = true, required = true)
    private List<String> sourceRoots;

    @Override
    protected List<String> sourceRoots() {
        return sourceRoots;
    }

    @Override
    protected File classesDirectory() {
        return classesDirectory;
    }

    @Override
    protected List<String> classpathElements() {
        return classpathElements;
    }
}
