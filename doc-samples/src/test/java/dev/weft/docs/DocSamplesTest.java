package dev.weft.docs;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code java} block of {@code docs/**}{@code /*.md} and {@code README.md} compiles, weaves, and runs to the
 * output its {@code output} block shows: one test per block, named {@code file.md:line}. See this module's README
 * for the convention.
 */
class DocSamplesTest {

    /** @return one test per sample, README.md's first, then docs/ in path order */
    @TestFactory
    Stream<DynamicTest> samples() throws IOException {
        Path root = Path.of(System.getProperty("weft.docs.root", "..")).toAbsolutePath().normalize();
        Path readme = root.resolve("README.md");
        assertTrue(Files.isRegularFile(readme), "no README.md in " + root + " (system property weft.docs.root)");
        List<Path> files = new ArrayList<>();
        files.add(readme);
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> all = Files.walk(docs)) {
                files.addAll(all.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList()));
            }
        }
        SampleChecker checker = SampleChecker.forThisBuild(Path.of("target", "doc-samples"), SampleChecker.RUN_LIMIT_MILLIS);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            String name = root.relativize(f).toString().replace('\\', '/');
            for (Sample s : Markdown.samples(f, name)) {
                URI source = URI.create(f.toUri() + "?line=" + s.line()); // IDEs open the block from the test
                tests.add(DynamicTest.dynamicTest(s.name(), source, () -> checker.check(s)));
            }
        }
        return tests.stream();
    }
}
