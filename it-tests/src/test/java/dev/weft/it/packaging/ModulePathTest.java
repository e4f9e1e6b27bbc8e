package dev.weft.it.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The published jars as modules: a named module {@code app} ({@code src/test/resources/module-app}) that requires
 * {@code dev.weft.runtime} and {@code dev.weft.annotations}, compiled against the built jars on the module path, woven
 * by {@code WeaveMain} from the agent jar, then run in a new JVM with {@code --module-path} and {@code -m}; and the same
 * classes unwoven under the javaagent. Each run must print what the program prints and nothing on the standard error
 * (no split package, no reflective access refused); signal handling, which needs {@code jdk.unsupported}, fails with
 * a message saying so. Not a test of a weaving mode: it runs in the build-mode runs only
 * (on JDK 17, and on JDK 25 when the jdk25 profile is on), and needs the packaged jars, so {@code mvn verify}.
 */
@EnabledIfSystemProperty(named = "weft.mode", matches = "build")
class ModulePathTest {
    private static final String EXPECTED = String.join("\n",
            "modules app, dev.weft.runtime, dev.weft.annotations",
            "gathered [A, B], task TASK",
            "ticks 6",
            "queue xy",
            "timed out",
            "deep at app/leaf app/middle app/main app/main",
            "addSignalHandler(\"USR1\") needs the module jdk.unsupported (sun.misc.Signal), which this JVM did not"
                    + " load: add 'requires jdk.unsupported;' to your module-info.java, or run with --add-modules"
                    + " jdk.unsupported",
            "done",
            "");

    private static String runtimeJar;
    private static String annotationsJar;
    private static String agentJar;

    @BeforeAll
    static void jars() {
        runtimeJar = System.getProperty("weft.it.runtimeJar");
        annotationsJar = System.getProperty("weft.it.annotationsJar");
        agentJar = System.getProperty("weft.it.agentJar");
        // Before the package phase (mvn test) Maven gives the modules' class directories instead.
        for (String jar : new String[] {runtimeJar, annotationsJar, agentJar}) {
            assumeTrue(jar != null && jar.endsWith(".jar") && Files.isRegularFile(Path.of(jar)),
                    "needs the packaged jars (mvn verify): " + jar);
        }
    }

    /** The program's sources copied from the test resources, compiled against the jars on the module path. */
    private static Path compile(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-g", "-encoding", "UTF-8",
                "--module-path", annotationsJar + File.pathSeparator + runtimeJar, "-d", classes.toString()));
        for (String file : List.of("module-info.java", "app/Main.java")) {
            Path target = src.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = ModulePathTest.class.getResourceAsStream("/module-app/" + file)) {
                Files.copy(in, target);
            }
            args.add(target.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, err, args.toArray(String[]::new)), err.toString());
        return classes;
    }

    /** The standard output and error of a child JVM of the running JDK, which must exit with 0. */
    private record Run(String out, String err) {
    }

    private static Run java(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // Only against a hang: the programs take a second or two.
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "still running: " + command);
        Run run = new Run(Files.readString(out, StandardCharsets.UTF_8).replace("\r\n", "\n"),
                Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(0, process.exitValue(), command + "\nstdout:\n" + run.out + "\nstderr:\n" + run.err);
        return run;
    }

    @Test
    void aModuleWovenAtBuildTimeRunsOnTheModulePath(@TempDir Path dir) throws Exception {
        Path classes = compile(dir);
        Run weave = java(dir, "-cp", agentJar, "dev.weft.weaver.WeaveMain", classes.toString(),
                annotationsJar + File.pathSeparator + runtimeJar);
        assertEquals("woven 6 methods in 1 class\n", weave.out);
        assertEquals("", weave.err);
        assertTrue(Files.isRegularFile(classes.resolve("app/Main$weft$fetch$0.class")), "no frame class of fetch");

        Run run = java(dir, "--module-path", String.join(File.pathSeparator, annotationsJar, runtimeJar,
                classes.toString()), "-m", "app/app.Main");
        assertEquals(EXPECTED, run.out);
        assertEquals("", run.err);
    }

    @Test
    void theAgentWeavesAModuleOnTheModulePath(@TempDir Path dir) throws Exception {
        Path classes = compile(dir);
        Run run = java(dir, "-javaagent:" + agentJar, "--module-path", String.join(File.pathSeparator,
                annotationsJar, runtimeJar, classes.toString()), "-m", "app/app.Main");
        assertEquals(EXPECTED, run.out);
        assertEquals("", run.err);
    }
}
