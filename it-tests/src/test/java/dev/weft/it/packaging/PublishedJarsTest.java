package dev.weft.it.packaging;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Maven Central receives of each published module, as {@code mvn verify} packages it: the jar with its module
 * name, a sources jar, and a javadoc jar of the public packages only (javadoc itself fails the build on any warning,
 * see the root POM). Build-mode runs only, like {@link AgentJarManifestTest}; a module the reactor did not package
 * is skipped.
 */
@EnabledIfSystemProperty(named = "weft.mode", matches = "build")
class PublishedJarsTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "annotations,  weft-annotations,  dev.weft.annotations, dev/weft/annotations/Async",
            "weaver,       weft-weaver,       dev.weft.weaver,      dev/weft/weaver/Weaver",
            "runtime,      weft-runtime,      dev.weft.runtime,     dev/weft/Asyncio",
            "test,         weft-test,         dev.weft.test,        dev/weft/test/TestLoop",
            "transformer,  weft-transformer,  dev.weft.agent,       dev/weft/agent/WeftAgent",
            "maven-plugin, weft-maven-plugin, dev.weft.maven,       dev/weft/maven/WeaveMojo",
    })
    void eachPublishedModuleHasItsModuleNameSourcesAndJavadoc(String folder, String artifact, String moduleName,
            String type) throws Exception {
        Path target = Path.of(System.getProperty("weft.it.rootDir"), folder, "target");
        String base = artifact + "-" + System.getProperty("weft.it.version");
        Path jar = target.resolve(base + ".jar");
        assumeTrue(Files.isRegularFile(jar), "not packaged in this build: " + jar);
        String pkg = type.substring(0, type.lastIndexOf('/'));

        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals(moduleName, file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
        try (JarFile sources = new JarFile(target.resolve(base + "-sources.jar").toFile())) {
            assertTrue(sources.getEntry(type + ".java") != null, type + ".java in the sources jar");
            assertTrue(sources.getEntry(pkg + "/package-info.java") != null, "the package overview in the sources jar");
        }
        try (JarFile javadoc = new JarFile(target.resolve(base + "-javadoc.jar").toFile())) {
            List<String> pages = javadoc.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".html")).toList();
            assertTrue(pages.contains("index.html"), "index.html in " + pages);
            assertTrue(pages.stream().anyMatch(n -> n.endsWith(type + ".html")), type + ".html in the javadoc jar");
            assertTrue(pages.stream().anyMatch(n -> n.endsWith(pkg + "/package-summary.html")),
                    "the package's summary in the javadoc jar");
            List<String> internal = pages.stream().filter(n -> n.contains("/internal/")).toList();
            assertEquals(List.of(), internal, "machinery is not API: no page of an internal package");
        }
    }
}
