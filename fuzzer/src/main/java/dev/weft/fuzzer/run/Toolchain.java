package dev.weft.fuzzer.run;

import dev.weft.fuzzer.child.ProgramRunner;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the jars and JVMs the modes need are. Read from system properties, which the module's
 * surefire configuration and {@code run.sh} set:
 * {@code weft.fuzzer.runtime}, {@code weft.fuzzer.annotations}, {@code weft.fuzzer.agent} (the
 * packaged weft-transformer jar) and, optionally, {@code weft.fuzzer.jdk25} (a JDK home for the second
 * agent run; ignored when it does not exist).
 */
public final class Toolchain {
    /** The weft-runtime jar (or classes directory). */
    public final Path runtime;
    /** The weft-annotations jar (or classes directory). */
    public final Path annotations;
    /** The weft-transformer jar, the javaagent. */
    public final Path agent;
    /** The {@code java} launcher of the JVM running the fuzzer. */
    public final Path java;
    /** The {@code java} launcher of JDK 25, or {@code null} when there is none. */
    public final Path java25;
    /** Where {@link ProgramRunner} is loaded from: the child JVMs' only non-program class path entry. */
    public final Path runnerClasses;

    private Toolchain(Path runtime, Path annotations, Path agent, Path java25) {
        this.runtime = runtime;
        this.annotations = annotations;
        this.agent = agent;
        this.java = Paths.get(System.getProperty("java.home"), "bin", "java");
        this.java25 = java25;
        try {
            this.runnerClasses = Paths.get(ProgramRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the toolchain the system properties describe
     * @throws IllegalStateException naming the property that is missing or points nowhere
     */
    public static Toolchain fromSystemProperties() {
        Path jdk25 = null;
        String home25 = System.getProperty("weft.fuzzer.jdk25", "");
        if (!home25.isEmpty() && Files.isExecutable(Paths.get(home25, "bin", "java"))) {
            jdk25 = Paths.get(home25, "bin", "java");
        }
        return new Toolchain(required("weft.fuzzer.runtime"), required("weft.fuzzer.annotations"),
                required("weft.fuzzer.agent"), jdk25);
    }

    /** @return the same toolchain without JDK 25 */
    public Toolchain withoutJdk25() {
        return new Toolchain(runtime, annotations, agent, null);
    }

    private static Path required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("system property " + property + " is not set (see fuzzer/README.md)");
        }
        Path p = Paths.get(value);
        if (!Files.exists(p)) {
            throw new IllegalStateException(property + "=" + value + " does not exist");
        }
        return p;
    }
}
