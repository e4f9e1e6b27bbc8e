package dev.weft.it.wiring;

import dev.weft.internal.NotWoven;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an unwoven {@code Await.on} says, in a real JVM: with no agent, how to weave, naming the agent jar the
 * build writes; under the agent, for a class the agent refused (one misuse in it), the agent's reasons, also
 * for the class's correct methods. The class is compiled here, at run time, so the build never weaves it.
 */
class NotWovenMessageTest {

    private static final String SOURCE = "package late;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "public class Late {\n"
            + "  public static void misuse() {\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "  }\n"
            + "  @Async public static Coroutine<Void> fine() {\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "    return Coroutine.done();\n"
            + "  }\n"
            + "}\n";

    private static String agentJarFileName() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:")).map(a -> a.substring("-javaagent:".length()))
                .map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
                .map(a -> Path.of(a).getFileName().toString()).findFirst().orElse(null);
    }

    @Test
    void theMessageSaysWhyTheCodeIsNotWoven(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("late/Late.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, javac.run(null, null, err, "-g", "-cp", System.getProperty("java.class.path"),
                "-d", dir.toString(), src.toString()), err.toString());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                NotWovenMessageTest.class.getClassLoader())) {
            Class<?> late = loader.loadClass("late.Late");
            Throwable e = assertThrows(InvocationTargetException.class, () -> late.getMethod("fine").invoke(null))
                    .getCause();
            assertEquals(IllegalStateException.class, e.getClass());
            String agentJar = agentJarFileName();
            if (agentJar == null) {
                assertEquals("Await.on(...) was called in late.Late.fine, which was not woven by Weft. Build the"
                        + " project with the weft-maven-plugin (goals weave and weave-tests) or start the JVM with"
                        + " -javaagent:" + NotWoven.agentJar() + ", and make sure the calling method is annotated"
                        + " @Async and returns dev.weft.Coroutine.", e.getMessage());
            } else {
                assertEquals(agentJar, NotWoven.agentJar(), "the message names the agent jar the build writes");
                assertEquals("Await.on(...) was called in late.Late.fine, which is not woven: the Weft javaagent"
                        + " refused to weave late.Late when it was loaded, because of:\n"
                        + "Late.java:6: late.Late.misuse: Await.on(...) in method misuse, which is not @Async:"
                        + " annotate the method with @Async (from dev.weft.annotations) and make it return"
                        + " dev.weft.Coroutine\n"
                        + "Fix these and the agent weaves the whole class.", e.getMessage());
                assertTrue(System.getProperty(NotWoven.AGENT_PROPERTY).endsWith(agentJar));
            }
        }
    }
}
