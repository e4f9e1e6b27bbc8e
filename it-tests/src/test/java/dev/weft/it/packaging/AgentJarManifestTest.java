package dev.weft.it.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The manifest of the agent jar as the build writes it (weft-transformer, shaded): the entry points of
 * {@code -javaagent:} and of an attach, the capabilities it asks for (none: it transforms classes only as they are
 * first defined), its module name and the Implementation entries. Build-mode runs only, like {@link ModulePathTest}.
 */
@EnabledIfSystemProperty(named = "weft.mode", matches = "build")
class AgentJarManifestTest {

    @Test
    void theAgentJarSaysHowToStartItAndWhatItNeeds() throws Exception {
        String jar = System.getProperty("weft.it.agentJar");
        assumeTrue(jar != null && jar.endsWith(".jar") && Files.isRegularFile(Path.of(jar)),
                "needs the packaged agent jar (mvn verify): " + jar);
        try (JarFile file = new JarFile(jar)) {
            Attributes main = file.getManifest().getMainAttributes();
            assertEquals("dev.weft.agent.WeftAgent", main.getValue("Premain-Class"));
            assertEquals("dev.weft.agent.WeftAgent", main.getValue("Agent-Class"));
            assertNull(main.getValue("Launcher-Agent-Class"), "the jar is no application: no java -jar");
            assertNull(main.getValue("Main-Class"));
            assertEquals("false", main.getValue("Can-Redefine-Classes"));
            assertEquals("false", main.getValue("Can-Retransform-Classes"));
            assertNull(main.getValue("Boot-Class-Path"), "the agent is loaded by the system class loader");
            assertEquals("dev.weft.agent", main.getValue("Automatic-Module-Name"));
            assertEquals("Weft transformer (javaagent)", main.getValue("Implementation-Title"));
            assertEquals(System.getProperty("weft.it.version"), main.getValue("Implementation-Version"));
            assertEquals("The Weft developers", main.getValue("Implementation-Vendor"));
            // The classes the manifest names, and ASM relocated into the jar: it needs nothing beside it.
            assertNotNull(file.getEntry("dev/weft/agent/WeftAgent.class"));
            assertNotNull(file.getEntry("dev/weft/weaver/WeaveMain.class"));
            assertNotNull(file.getEntry("dev/weft/weaver/CodeGrowthReport.class"));
            assertNotNull(file.getEntry("dev/weft/shaded/asm/ClassReader.class"));
            assertNull(file.getEntry("org/objectweb/asm/ClassReader.class"));
        }
    }
}
