package dev.weft.it.wiring;

import dev.weft.Asyncio;
import dev.weft.Coroutine;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the it-tests build itself: that each surefire run is in the mode it says, and that the classes
 * were woven the way that mode means (build: frame class files next to Probe.class; agent: none on disk,
 * the agent defined them in Probe's loader).
 */
class WiringTest {

    private static String mode() {
        String mode = System.getProperty("weft.mode");
        assertTrue("build".equals(mode) || "agent".equals(mode), "weft.mode must be build or agent, is " + mode);
        return mode;
    }

    /** Whether this run's test classes are the Eclipse compiler's (the ecj mode, always under the agent). */
    private static boolean ecj() {
        String compiler = System.getProperty("weft.compiler", "javac");
        assertTrue(compiler.equals("javac") || compiler.equals("ecj"), "weft.compiler must be javac or ecj, is "
                + compiler);
        return compiler.equals("ecj");
    }

    private static boolean hasAgent() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-javaagent:") && a.contains("weft-transformer"));
    }

    /** The class files beside Probe.class whose name starts with {@code Probe$}: the generated frames. */
    private static List<String> frameFilesOnDisk() throws Exception {
        URL url = Probe.class.getResource("Probe.class");
        assertEquals("file", url.getProtocol(), url.toString());
        Path dir = Path.of(url.toURI()).getParent();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("Probe$"))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void modeMatchesTheJvm() throws Exception {
        String testClasses = Path.of(WiringTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName().toString();
        if (mode().equals("agent")) {
            assertTrue(hasAgent(), "agent mode without the weft javaagent: "
                    + ManagementFactory.getRuntimeMXBean().getInputArguments());
            assertEquals(ecj() ? "ecj-test-classes" : "unwoven-test-classes", testClasses);
        } else {
            assertFalse(hasAgent(), "build mode must not run the javaagent");
            assertEquals("test-classes", testClasses);
        }
    }

    /** In agent mode: the agent jar is the shaded one, with ASM relocated and the agent manifest entries. */
    @Test
    void agentJarIsShaded() throws Exception {
        if (!mode().equals("agent")) {
            return;
        }
        String jar = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:")).map(a -> a.substring("-javaagent:".length()))
                .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
                .findFirst().orElseThrow();
        try (JarFile f = new JarFile(jar)) {
            Attributes main = f.getManifest().getMainAttributes();
            assertEquals("dev.weft.agent.WeftAgent", main.getValue("Premain-Class"));
            assertEquals("dev.weft.agent.WeftAgent", main.getValue("Agent-Class"));
            List<String> names = f.stream().map(JarEntry::getName).collect(Collectors.toList());
            assertTrue(names.contains("dev/weft/shaded/asm/ClassReader.class"), "ASM is not shaded into " + jar);
            assertTrue(names.contains("dev/weft/shaded/asm/tree/analysis/Analyzer.class"), "asm-analysis missing");
            assertEquals(List.of(), names.stream().filter(n -> n.startsWith("org/objectweb/")).collect(Collectors.toList()),
                    "unrelocated ASM in " + jar);
        }
    }

    /**
     * The class files are the compiler's this run says: javac names a lambda body after its method
     * ({@code lambda$lambdaHolder$0}), the Eclipse compiler does not ({@code lambda$0}).
     */
    @Test
    void theClassFilesComeFromTheCompilerOfThisRun() {
        List<String> lambdas = Stream.of(CompilerProbe.class.getDeclaredMethods()).map(Method::getName)
                .filter(n -> n.startsWith("lambda$")).sorted().collect(Collectors.toList());
        assertEquals(List.of(ecj() ? "lambda$0" : "lambda$lambdaHolder$0"), lambdas);
        assertEquals(3, CompilerProbe.lambdaHolder().getAsInt());
    }

    @Test
    void theWeaverOfThisModeWoveProbe() throws Exception {
        List<String> frames = frameFilesOnDisk();
        if (mode().equals("agent")) {
            assertEquals(List.of(), frames, "the unwoven copy holds woven output: the copy ran after the weave goal");
        } else {
            assertNotEquals(List.of(), frames, "weft-maven-plugin wrote no frame class next to Probe.class");
        }
        Coroutine<Integer> c = Probe.answer();
        Class<?> frame = c.getClass();
        assertTrue(frame.getName().startsWith(Probe.class.getName() + "$"), frame.getName());
        assertSame(Probe.class.getClassLoader(), frame.getClassLoader());
        assertEquals(Probe.class.getPackageName(), frame.getPackageName());
        assertEquals(Probe.class.getProtectionDomain().getCodeSource().getLocation(),
                frame.getProtectionDomain().getCodeSource().getLocation());
        assertEquals(42, Asyncio.run(c));
    }
}
