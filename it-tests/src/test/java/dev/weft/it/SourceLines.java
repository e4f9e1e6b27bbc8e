package dev.weft.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Lines of the it-tests' own sources, found by a {@code // LINE:marker} comment, for tests that assert exact lines. */
final class SourceLines {
    private SourceLines() {
    }

    /**
     * @param source the source's path under {@code src/test/java}, e.g. {@code dev/weft/it/Foo.java}
     * @param marker the marker after {@code // LINE:}
     * @return the 1-based line that ends with {@code // LINE:marker}
     */
    static int of(String source, String marker) {
        try {
            Path classes = Path.of(SourceLines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/test-classes (or the ECJ run's classes directory) -> the module directory
            Path file = classes.getParent().getParent().resolve("src/test/java/" + source);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("// LINE:" + marker)) {
                    return i + 1;
                }
            }
            throw new AssertionError("no marker " + marker + " in " + file);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
