package dev.weft.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a reader of a fresh clone follows: every link of README.md and of the Markdown pages of {@code docs/},
 * {@code benchmarks/}, {@code doc-samples/} and {@code fuzzer/} resolves inside the repository (file and heading),
 * README.md links nothing outside it, and README's POM is the one the plugin's invoker project {@code consumer}
 * builds with.
 */
class DocLinksTest {

    private static final Path ROOT = Path.of(System.getProperty("weft.docs.root", "..")).toAbsolutePath().normalize();
    /** {@code [text](target)}, and {@code ![alt](target)}; a target has no spaces. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyLinkResolvesInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("```")) {
                    fenced = !fenced;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String problem = check(page, m.group(1));
                    if (problem != null) {
                        broken.add(ROOT.relativize(page) + ":" + (i + 1) + ": " + m.group(1) + ": " + problem);
                    }
                }
            }
        }
        assertEquals("", String.join("\n", broken), "links that do not resolve in a clone");
    }

    @Test
    void readmeShowsTheConsumerProjectsPom() throws IOException {
        String pom = Files.readString(ROOT.resolve("maven-plugin/src/it/consumer/pom.xml"));
        int begin = pom.indexOf("<!-- readme:begin -->");
        int end = pom.indexOf("<!-- readme:end -->");
        assertTrue(begin >= 0 && end > begin, "consumer/pom.xml has no readme:begin ... readme:end");
        String fragment = pom.substring(pom.indexOf('\n', begin) + 1, pom.lastIndexOf('\n', end) + 1);
        String root = Files.readString(ROOT.resolve("pom.xml"));
        fragment = fragment.replace("@project.version@", element(root, "version"))
                .replace("@junit.version@", element(root, "junit.version"))
                .replace("@version.maven-compiler-plugin@", element(root, "version.maven-compiler-plugin"))
                .replace("@version.maven-surefire-plugin@", element(root, "version.maven-surefire-plugin"));
        assertEquals(dedent(fragment), readmePom(), "README's POM (the xml block under \"## Add it to your build\") "
                + "must be maven-plugin/src/it/consumer/pom.xml's readme:begin..readme:end with the root pom's versions");
    }

    /** @return why {@code target}, linked from {@code page}, does not resolve, or {@code null} when it does */
    private static String check(Path page, String target) throws IOException {
        if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
            return page.equals(ROOT.resolve("README.md")) ? "README links only inside the repository" : null;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path to = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!to.startsWith(ROOT)) {
            return "outside the repository";
        }
        if (!Files.exists(to)) {
            return "no such file";
        }
        if (hash >= 0) {
            if (!to.toString().endsWith(".md")) {
                return "an anchor into a file that is not Markdown";
            }
            if (!anchors(to).contains(target.substring(hash + 1))) {
                return "no such heading in " + ROOT.relativize(to);
            }
        }
        return null;
    }

    /** @return GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces as hyphens */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced || !line.startsWith("#")) {
                continue;
            }
            String text = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
            String slug = text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; !anchors.add(unique); n++) {
                unique = slug + "-" + n;
            }
        }
        return anchors;
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        for (String dir : List.of("docs", "benchmarks", "doc-samples", "fuzzer")) {
            try (Stream<Path> all = Files.walk(ROOT.resolve(dir))) {
                pages.addAll(all.filter(p -> p.toString().endsWith(".md"))
                        .filter(p -> !ROOT.relativize(p).toString().contains("target"))
                        .filter(p -> !p.startsWith(ROOT.resolve("doc-samples/src/test/resources")))
                        .sorted().collect(Collectors.toList()));
            }
        }
        return pages;
    }

    private static String readmePom() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("## Add it to your build");
        assertTrue(section >= 0, "README has no section \"## Add it to your build\"");
        int start = readme.indexOf("```xml\n", section);
        assertTrue(start >= 0, "README's \"Add it to your build\" shows no xml block");
        start += "```xml\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    /** @return the text of the first {@code <name>} element of the root pom (which has no parent) */
    private static String element(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertTrue(m.find(), "the root pom has no <" + name + ">");
        return m.group(1);
    }

    private static String dedent(String text) {
        List<String> lines = text.lines().collect(Collectors.toList());
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n", "", "\n"));
    }
}
