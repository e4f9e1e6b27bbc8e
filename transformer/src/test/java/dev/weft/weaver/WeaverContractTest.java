package dev.weft.weaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Idempotence, untouched classes, old and new class files, debug information. */
class WeaverContractTest {

    private static final String SAMPLE = "package c;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "import java.util.*;\n"
            + "public class S {\n"
            + "  static final class Box { final int v; Box(int a, int b) { v = a + b; } }\n"
            + "  @Async static Coroutine<Integer> twice(int n) {\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "    return Coroutine.of(n * 2);\n"
            + "  }\n"
            + "  @Async static Coroutine<String> main() {\n"
            + "    int total = 0;\n"
            + "    List<Integer> items = Arrays.asList(1, 2, 3);\n"
            + "    for (Integer i : items) {\n"
            + "      try {\n"
            + "        total += Await.on(twice(i));\n"
            + "      } finally {\n"
            + "        total += 100;\n"
            + "      }\n"
            + "    }\n"
            + "    Box b = new Box(1, Await.on(twice(5)));\n"
            + "    return Coroutine.of(total + \"/\" + b.v);\n"
            + "  }\n"
            + "  public static Object run() { return Asyncio.run(main()); }\n"
            + "}\n";

    @Test
    void classWithoutAsyncIsReturnedUntouchedAndCheaply() {
        Map<String, byte[]> classes = WeaveHarness.compile(Map.of(
                "c.Plain", "package c; public class Plain { java.util.List<String> a; int f() { return 1; } }",
                "c.UsesWeft", "package c; public class UsesWeft { dev.weft.Awaitable<String> a; int f() { return 1; } }"));
        byte[] plain = classes.get("c/Plain");
        assertFalse(Weaver.mayNeedWeaving(plain), "a class naming nothing of Weft is not even read");
        // A class naming Weft is read (a misuse there is reported: async for or async with outside @Async code)...
        byte[] usesWeft = classes.get("c/UsesWeft");
        assertTrue(Weaver.mayNeedWeaving(usesWeft));
        for (byte[] b : List.of(plain, usesWeft)) {
            // ...and, with nothing to weave, comes back as it was.
            WeaveResult r = new Weaver(WeaveHarness.locator(classes)).weave(b);
            assertSame(b, r.bytes());
            assertFalse(r.isChanged());
            assertTrue(r.generatedClasses().isEmpty());
        }
    }

    @Test
    void weavingIsIdempotent() {
        Map<String, byte[]> classes = WeaveHarness.compile(Map.of("c.S", SAMPLE));
        Weaver weaver = new Weaver(WeaveHarness.locator(classes));
        WeaveResult first = weaver.weave(classes.get("c/S"));
        assertTrue(first.isChanged());
        assertEquals(List.of("twice(I)Ldev/weft/Coroutine;", "main()Ldev/weft/Coroutine;"), first.wovenMethods());
        assertEquals(List.of("c/S$weft$twice$0", "c/S$weft$main$0"), new ArrayList<>(first.generatedClasses().keySet()));
        WeaveResult again = weaver.weave(first.bytes());
        assertSame(first.bytes(), again.bytes());
        assertFalse(again.isChanged());
        for (byte[] generated : first.generatedClasses().values()) {
            assertSame(generated, weaver.weave(generated).bytes());
        }
        // Weaving the same input twice gives the same bytes.
        assertArrayEquals(first.bytes(), new Weaver(WeaveHarness.locator(classes)).weave(classes.get("c/S")).bytes());
    }

    @Test
    void debugInformationSurvives() {
        Map<String, byte[]> woven = WeaveHarness.weave(WeaveHarness.compile(Map.of("c.S", SAMPLE)));
        ClassNode cn = new ClassNode();
        new ClassReader(woven.get("c/S")).accept(cn, 0);
        MethodNode body = cn.methods.stream()
                .filter(m -> m.name.equals("main") && m.desc.equals("(Lc/S$weft$main$0;Ldev/weft/Task;I)Ljava/lang/Object;"))
                .findFirst().orElseThrow();
        assertTrue((body.access & Opcodes.ACC_SYNTHETIC) != 0);
        List<String> names = body.localVariables.stream().map(lv -> lv.name).distinct().sorted().collect(Collectors.toList());
        // The method's own, and the body's added parameters (named for debuggers).
        assertEquals(List.of("b", "i", "items", "total", "weft$depth", "weft$frame", "weft$task"), names);
        List<Integer> lines = new ArrayList<>();
        body.instructions.forEach(i -> {
            if (i instanceof org.objectweb.asm.tree.LineNumberNode) {
                lines.add(((org.objectweb.asm.tree.LineNumberNode) i).line);
            }
        });
        assertTrue(lines.containsAll(List.of(12, 13, 14, 16, 18, 21, 22)), lines.toString());
        MethodNode stub = cn.methods.stream().filter(m -> m.name.equals("twice") && m.desc.equals("(I)Ldev/weft/Coroutine;"))
                .findFirst().orElseThrow();
        assertTrue(stub.invisibleAnnotations.stream().anyMatch(a -> a.desc.equals("Ldev/weft/annotations/Async;")));
        LocalVariableNode n = stub.localVariables.get(0);
        assertEquals("n", n.name);
    }

    @Test
    void stackTracesNameTheUsersMethodAndLine() throws Throwable {
        String src = "package c;\n"
                + "import dev.weft.*;\n"
                + "import dev.weft.annotations.Async;\n"
                + "public class T {\n"
                + "  @Async static Coroutine<Void> fail() {\n"
                + "    Await.on(Asyncio.sleep(0));\n"
                + "    throw new IllegalStateException(\"here\");\n"
                + "  }\n"
                + "  public static Object run() {\n"
                + "    try { Asyncio.run(fail()); return \"no\"; }\n"
                + "    catch (IllegalStateException e) { StackTraceElement s = e.getStackTrace()[0];\n"
                + "      return s.getClassName() + \".\" + s.getMethodName() + \":\" + s.getFileName() + \":\" + s.getLineNumber(); }\n"
                + "  }\n"
                + "}\n";
        ClassLoader l = WeaveHarness.build(Map.of("c.T", src));
        assertEquals("c.T.fail:T.java:7", WeaveHarness.call(l, "c.T", "run"));
    }

    /** Class files from javac --release 8 to 25 are woven, pass CheckClassAdapter, and run. */
    @ParameterizedTest
    @ValueSource(ints = {8, 11, 17, 21, 25})
    void classFilesOfEveryReleaseAreWovenAndRun(int release) throws Throwable {
        Map<String, byte[]> classes;
        if (release <= 17) {
            classes = WeaveHarness.compile(Map.of("c.S", SAMPLE), "--release", Integer.toString(release));
        } else {
            classes = compileWithJdk25(release);
        }
        assertEquals(release + 44, new ClassReader(classes.get("c/S")).readShort(6));
        Map<String, byte[]> woven = WeaveHarness.weave(classes);
        assertEquals(release + 44, new ClassReader(woven.get("c/S")).readShort(6));
        assumeTrue(Runtime.version().feature() >= release, "running needs JDK " + release);
        WeaveHarness.verify(woven);
        assertEquals("312/11", WeaveHarness.call(WeaveHarness.load(woven), "c.S", "run"));
    }

    private static Map<String, byte[]> compileWithJdk25(int release) throws IOException, InterruptedException {
        Path javac = Path.of(System.getProperty("weft.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "javac");
        assumeTrue(Files.isExecutable(javac), "JDK 25 is needed to compile --release " + release);
        Path dir = Files.createTempDirectory("weft-release");
        Path src = dir.resolve("c/S.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SAMPLE);
        Path out = dir.resolve("out");
        Process p = new ProcessBuilder(javac.toString(), "--release", Integer.toString(release), "-g",
                "-cp", System.getProperty("java.class.path"), "-d", out.toString(), src.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
                String name = out.relativize(f).toString().replace('\\', '/');
                classes.put(name.substring(0, name.length() - 6), Files.readAllBytes(f));
            }
        }
        assertNotSame(null, classes.get("c/S"));
        return classes;
    }
}
