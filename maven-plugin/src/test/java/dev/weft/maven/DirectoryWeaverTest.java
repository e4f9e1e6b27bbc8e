package dev.weft.maven;

import dev.weft.maven.fixture.Forgets;
import dev.weft.maven.fixture.Good;
import dev.weft.maven.fixture.Plain;
import dev.weft.maven.fixture.bad.NotAsync;
import dev.weft.weaver.ClassDirectoryWeaver;
import dev.weft.weaver.WeaveOptions;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryWeaverTest {

    /** Captures info and error lines. */
    static final class CapturingLog extends SystemStreamLog {
        final List<String> info = new ArrayList<>();
        final List<String> warn = new ArrayList<>();
        final List<String> error = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            info.add(content.toString());
        }

        @Override
        public void warn(CharSequence content) {
            warn.add(content.toString());
        }

        @Override
        public void error(CharSequence content) {
            error.add(content.toString());
        }
    }

    private static Path classFile(Class<?> c) throws Exception {
        Path root = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        return root.resolve(c.getName().replace('.', '/') + ".class");
    }

    /** Copies the class files of {@code classes} into {@code dir}, under their package folders. */
    private static void copy(Path dir, Class<?>... classes) throws Exception {
        for (Class<?> c : classes) {
            Path target = dir.resolve(c.getName().replace('.', '/') + ".class");
            Files.createDirectories(target.getParent());
            Files.copy(classFile(c), target);
        }
    }

    private static List<Path> runtimeClasspath() throws Exception {
        return List.of(classFile(dev.weft.Coroutine.class).getParent().getParent().getParent());
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    @Test
    void summaryLineUsesSingularForOne() {
        assertEquals("woven 12 methods in 5 classes", new ClassDirectoryWeaver.Summary(12, 5, 0).toString());
        assertEquals("woven 1 method in 1 class", new ClassDirectoryWeaver.Summary(1, 1, 0).toString());
        assertEquals("woven 0 methods in 0 classes", new ClassDirectoryWeaver.Summary(0, 0, 0).toString());
    }

    @Test
    void missingDirectoryIsNothingToDo(@TempDir Path dir) throws Exception {
        CapturingLog log = new CapturingLog();
        ClassDirectoryWeaver.Summary s = new DirectoryWeaver(WeaveOptions.defaults(), log)
                .weave(dir.resolve("nope"), List.of());
        assertEquals(0, s.classes());
        assertEquals(List.of("woven 0 methods in 0 classes"), log.info);
        assertFalse(Files.exists(dir.resolve("nope")));
    }

    @Test
    void classesWithoutWeftAreNotTouched(@TempDir Path dir) throws Exception {
        copy(dir, Plain.class);
        Path plain = dir.resolve("dev/weft/maven/fixture/Plain.class");
        FileTime before = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(plain, before);
        CapturingLog log = new CapturingLog();
        ClassDirectoryWeaver.Summary s = new DirectoryWeaver(WeaveOptions.defaults(), log).weave(dir, List.of());
        assertEquals(new ClassDirectoryWeaver.Summary(0, 0, 0), s);
        assertEquals(List.of("woven 0 methods in 0 classes"), log.info);
        assertEquals(before, Files.getLastModifiedTime(plain));
        assertEquals(List.of("dev/weft/maven/fixture/Plain.class"), files(dir));
    }

    @Test
    void skipWeavesNothing(@TempDir Path dir) throws Exception {
        copy(dir, Good.class);
        byte[] before = Files.readAllBytes(dir.resolve("dev/weft/maven/fixture/Good.class"));
        ClassDirectoryWeaver.Summary s = new DirectoryWeaver(WeaveOptions.parse("skip"), new CapturingLog())
                .weave(dir, runtimeClasspath());
        assertEquals(0, s.filesWritten());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("dev/weft/maven/fixture/Good.class")));
    }

    // Needs the weaver.
    @Test
    void weavesInPlaceWritesFramesAndIsIdempotent(@TempDir Path dir) throws Exception {
        copy(dir, Good.class, Plain.class);
        Path good = dir.resolve("dev/weft/maven/fixture/Good.class");
        byte[] original = Files.readAllBytes(good);
        CapturingLog log = new CapturingLog();
        ClassDirectoryWeaver.Summary first = new DirectoryWeaver(WeaveOptions.parse("verbose"), log)
                .weave(dir, runtimeClasspath());
        assertEquals(2, first.methods());
        assertEquals(1, first.classes());
        assertTrue(log.info.contains("woven 2 methods in 1 class"), log.info.toString());
        assertTrue(log.info.stream().anyMatch(l -> l.startsWith("woven dev.weft.maven.fixture.Good.one")),
                log.info.toString());
        assertFalse(java.util.Arrays.equals(original, Files.readAllBytes(good)), "Good.class was not rewritten");
        List<String> after = files(dir);
        assertTrue(after.size() > 2, "no generated frame classes were written: " + after);
        assertTrue(after.stream().filter(f -> !f.endsWith("/Good.class") && !f.endsWith("/Plain.class"))
                .allMatch(f -> f.startsWith("dev/weft/maven/fixture/Good$")), after.toString());
        assertEquals(first.filesWritten(), after.size() - 1);

        CapturingLog log2 = new CapturingLog();
        ClassDirectoryWeaver.Summary second = new DirectoryWeaver(WeaveOptions.defaults(), log2)
                .weave(dir, runtimeClasspath());
        assertEquals(new ClassDirectoryWeaver.Summary(0, 0, 0), second);
        assertEquals(after, files(dir));
    }

    // Needs the weaver.
    @Test
    void misuseFailsWithEveryProblemAndWritesNothing(@TempDir Path dir) throws Exception {
        copy(dir, NotAsync.class, Good.class);
        List<String> before = files(dir);
        CapturingLog log = new CapturingLog();
        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> new DirectoryWeaver(WeaveOptions.defaults(), log).weave(dir, runtimeClasspath()));
        String problem = log.error.stream().filter(l -> l.startsWith("NotAsync.java:9: "))
                .findFirst().orElseThrow(() -> new AssertionError("no problem logged: " + log.error));
        assertTrue(problem.contains("dev.weft.maven.fixture.bad.NotAsync.run"), problem);
        assertTrue(problem.contains("is not @Async"), problem);
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(before, files(dir));
    }

    private static final String FORGETS_WARNING = "Forgets.java:6: dev.weft.maven.fixture.Forgets.run: coroutine"
            + " dev.weft.maven.fixture.Good.two was never awaited: its result is dropped, so its body never runs;"
            + " await it (Await.on(...)), or start it with Asyncio.createTask(...)";

    // Needs the weaver.
    @Test
    void aDroppedCoroutineIsAWarningInAClassWithNothingToWeave(@TempDir Path dir) throws Exception {
        copy(dir, Forgets.class, Good.class);
        byte[] forgets = Files.readAllBytes(dir.resolve("dev/weft/maven/fixture/Forgets.class"));
        CapturingLog log = new CapturingLog();
        ClassDirectoryWeaver.Summary s = new DirectoryWeaver(WeaveOptions.defaults(), log).weave(dir, runtimeClasspath());
        assertEquals("woven 2 methods in 1 class (1 warning)", s.toString());
        assertEquals(List.of(FORGETS_WARNING), log.warn);
        assertEquals(List.of(), log.error);
        assertArrayEquals(forgets, Files.readAllBytes(dir.resolve("dev/weft/maven/fixture/Forgets.class")));
    }

    // Needs the weaver.
    @Test
    void failOnWarningMakesADroppedCoroutineABuildError(@TempDir Path dir) throws Exception {
        for (WeaveOptions options : List.of(WeaveOptions.defaults(), WeaveOptions.parse("failOnWarning"))) {
            Path classes = Files.createDirectories(dir.resolve(options.toString()));
            copy(classes, Forgets.class, Good.class);
            CapturingLog log = new CapturingLog();
            // The plugin's parameter failOnWarning, or the option of the same name.
            DirectoryWeaver weaver = new DirectoryWeaver(options, log, List.of(), null, !options.failOnWarning());
            MojoFailureException e = assertThrows(MojoFailureException.class,
                    () -> weaver.weave(classes, runtimeClasspath()));
            assertEquals("Weft warned 1 time and failOnWarning is set:\n" + FORGETS_WARNING, e.getMessage());
            assertEquals(List.of(FORGETS_WARNING), log.error);
            assertEquals(List.of(), log.warn);
        }
    }

    /** A problem names its file as javac does: its path under the project, found in a source root. */
    @Test
    void problemsNameTheSourceFileByItsPathUnderTheProject(@TempDir Path project) throws Exception {
        Path main = project.resolve("src/main/java");
        Path generated = project.resolve("target/generated-sources/annotations");
        Files.createDirectories(main.resolve("app"));
        Files.createDirectories(generated.resolve("gen"));
        Files.writeString(main.resolve("app/Helper.java"), "package app; class Helper {}");
        Files.writeString(generated.resolve("gen/Made.java"), "package gen; class Made {}");
        DirectoryWeaver weaver = new DirectoryWeaver(WeaveOptions.defaults(), new CapturingLog(),
                List.of(main, generated), project, false);
        assertEquals(Path.of("src/main/java/app/Helper.java") + ":17: app.Helper.run: it is wrong",
                weaver.format(new dev.weft.weaver.WeaveProblem("app.Helper", "run", "Helper.java", 17,
                        "it is wrong")));
        // A nested class's problem is in its top-level class's file; a second root is searched too.
        assertEquals(Path.of("target/generated-sources/annotations/gen/Made.java") + ":3: gen.Made$Inner.go: x",
                weaver.format(new dev.weft.weaver.WeaveProblem("gen.Made$Inner", "go", "Made.java", 3, "x")));
        // Not under any root: the bare file name; unknown line: ?.
        assertEquals("Gone.java:?: app.Gone.run: y",
                weaver.format(new dev.weft.weaver.WeaveProblem("app.Gone", "run", "Gone.java", -1, "y")));
    }
}
