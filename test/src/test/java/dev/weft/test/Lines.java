package dev.weft.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds lines of the test sources by a marker comment, so that assertions on stacks survive edits above them. */
final class Lines {
    private Lines() {
    }

    static int of(String marker) {
        Path source = Path.of("src/test/java/dev/weft/test/WeftExtensionTest.java");
        try {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("// " + marker)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no line ends with // " + marker + " in " + source);
    }
}
