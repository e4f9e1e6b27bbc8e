package dev.weft.maven;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BOM ({@code bom/pom.xml}) against the project it describes. It has no parent (an import would otherwise bring
 * weft-parent's dependencyManagement, JUnit and ASM, into the user's project), so nothing keeps it in step but this:
 * its version is the project's, it manages exactly the published modules (those of the root pom that do not set
 * {@code maven.deploy.skip}) at that version, and it repeats the parent's publishing metadata.
 */
class BomTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    private static Element pom(Path file) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " is missing");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    /** The text of the direct child {@code name} of {@code parent}, or {@code null}. */
    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : child.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                found.add((Element) n);
            }
        }
        return found;
    }

    /** The artifactIds of the root pom's modules that are published, in the root pom's order. */
    private static List<String> publishedArtifacts(Element root) throws Exception {
        List<String> published = new ArrayList<>();
        for (Element module : children(child(root, "modules"), "module")) {
            Element pom = pom(ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml"));
            Element properties = child(pom, "properties");
            boolean skipped = properties != null && "true".equals(text(properties, "maven.deploy.skip"));
            if (!skipped && !"weft-bom".equals(text(pom, "artifactId"))) {
                published.add(text(pom, "artifactId"));
            }
        }
        return published;
    }

    @Test
    void theBomHasNoParentAndTheProjectsVersion() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        assertNull(child(bom, "parent"), "the BOM must not inherit weft-parent's dependencyManagement");
        assertEquals("dev.weft", text(bom, "groupId"));
        assertEquals("weft-bom", text(bom, "artifactId"));
        assertEquals("pom", text(bom, "packaging"));
        assertEquals(text(root, "version"), text(bom, "version"), "the BOM's version is the project's");
        assertTrue(children(child(root, "modules"), "module").stream().anyMatch(m -> m.getTextContent().trim()
                .equals("bom")), "the root pom builds the BOM");
    }

    @Test
    void theBomManagesEveryPublishedArtifactAtItsOwnVersion() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        List<String> managed = new ArrayList<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"),
                "dependency")) {
            String artifactId = text(dependency, "artifactId");
            managed.add(artifactId);
            assertEquals("dev.weft", text(dependency, "groupId"), artifactId);
            assertEquals("${project.version}", text(dependency, "version"), artifactId);
            assertNull(child(dependency, "scope"), artifactId + ": a BOM entry sets no scope");
        }
        assertEquals(List.of("weft-annotations", "weft-weaver", "weft-runtime", "weft-test", "weft-transformer",
                "weft-maven-plugin"), publishedArtifacts(root));
        assertEquals(publishedArtifacts(root), managed);
    }

    @Test
    void theBomRepeatsThePublishingMetadataOfTheParent() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml"));
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        assertEquals("https://github.com/weft-dev/weft", text(root, "url"));
        assertEquals(text(root, "url"), text(bom, "url"));
        for (String section : List.of("licenses", "developers", "scm", "issueManagement", "organization")) {
            assertEquals(child(root, section).getTextContent().replaceAll("\\s+", " "),
                    child(bom, section).getTextContent().replaceAll("\\s+", " "), section);
        }
        assertEquals("Apache-2.0", text(child(child(root, "licenses"), "license"), "name"));
    }
}
