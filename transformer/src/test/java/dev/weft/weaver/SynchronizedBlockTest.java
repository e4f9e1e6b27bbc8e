package dev.weft.weaver;

import dev.weft.weaver.WeaveHarness.Compiler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An await is an error exactly when a path reaches it with a monitor the method entered still held. The
 * handlers javac and ECJ write for {@code synchronized} blocks (one covers itself; the outer {@code try}
 * covers the {@code monitorexit}) hold no monitor on any real path to an await after the block, so every
 * shape here weaves and runs; the true positives name each await once, at its line.
 */
class SynchronizedBlockTest {

    private static final String HEADER = "package s;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "import java.util.*;\n";

    private static Object run(Compiler compiler, String body) throws Throwable {
        String src = HEADER + "public class S {\n"
                + "  static final Object LOCK = new Object();\n"
                + "  static final Object OTHER = new Object();\n"
                + "  static StringBuilder log = new StringBuilder();\n"
                + "  static int x;\n"
                + "  static final class R implements AutoCloseable {\n"
                + "    final String name; R(String name) { this.name = name; log.append(\"open \" + name + \";\"); }\n"
                + "    public void close() { synchronized (LOCK) { log.append(\"close \" + name + \";\"); } }\n"
                + "  }\n"
                + "  @Async static Coroutine<Integer> id(int n) { Await.on(Asyncio.sleep(0)); return Coroutine.of(n); }\n"
                + body
                + "  public static Object run() { log.setLength(0); x = 0; return Asyncio.run(main()) + \" | \" + log; }\n"
                + "}\n";
        Map<String, byte[]> woven = WeaveHarness.weave(compiler.compile(Map.of("s.S", src)));
        WeaveHarness.verify(woven);
        return WeaveHarness.call(WeaveHarness.load(woven), "s.S", "run");
    }

    private static List<String> problems(Compiler compiler, String body) {
        Map<String, byte[]> classes = compiler.compile(Map.of("s.T", HEADER + "public class T {\n"
                + "  static final Object LOCK = new Object();\n"
                + "  static final Object OTHER = new Object();\n"
                + "  static int x;\n"
                + body + "}\n"));
        WeaveException e = assertThrows(WeaveException.class,
                () -> new Weaver(WeaveHarness.locator(classes)).weave(classes.get("s/T")));
        return List.of(e.getMessage().split("\n"));
    }

    private static String held(int line, String method) {
        return "T.java:" + line + ": s.T." + method + ": Await.on(...) inside a synchronized block: a task must not"
                + " hold a monitor while it is suspended (another task on the same thread could enter it); move the"
                + " await out of the block, or use dev.weft.Lock";
    }

    @ParameterizedTest
    @EnumSource(Compiler.class)
    void awaitInAFinallyAroundASynchronizedBlock(Compiler compiler) throws Throwable {
        assertEquals("1 | a;f;", run(compiler, ""
                + "  @Async static Coroutine<Integer> main() {\n"
                + "    try {\n"
                + "      synchronized (LOCK) { x++; log.append(\"a;\"); }\n"
                + "    } finally {\n"
                + "      Await.on(Asyncio.sleep(0));\n"
                + "      log.append(\"f;\");\n"
                + "    }\n"
                + "    return Coroutine.of(x);\n"
                + "  }\n"));
    }

    @ParameterizedTest
    @EnumSource(Compiler.class)
    void awaitsBeforeAndAfterNestedBlocks(Compiler compiler) throws Throwable {
        assertEquals("12 | 1;2;3;", run(compiler, ""
                + "  @Async static Coroutine<Integer> main() {\n"
                + "    int a = Await.on(id(1));\n"
                + "    synchronized (LOCK) { log.append(a + \";\"); synchronized (OTHER) { x += a; log.append(\"2;\"); } }\n"
                + "    int b = Await.on(id(2));\n"
                + "    synchronized (OTHER) { x += b * 5; }\n"
                + "    log.append(\"3;\");\n"
                + "    return Coroutine.of(x + Await.on(id(1)));\n"
                + "  }\n"));
    }

    @ParameterizedTest
    @EnumSource(Compiler.class)
    void blocksInsideLoopsWithBreakContinueAndReturn(Compiler compiler) throws Throwable {
        assertEquals("6 | 0;1c;2;3b;", run(compiler, ""
                + "  @Async static Coroutine<Integer> main() {\n"
                + "    outer:\n"
                + "    for (int i = 0; i < 10; i++) {\n"
                + "      while (true) {\n"
                + "        synchronized (LOCK) {\n"
                + "          if (i == 1) { log.append(\"1c;\"); continue outer; }\n"
                + "          if (i == 3) { log.append(\"3b;\"); break outer; }\n"
                + "          x += i;\n"
                + "        }\n"
                + "        log.append(i + \";\");\n"
                + "        x += Await.on(id(1));\n"
                + "        break;\n"
                + "      }\n"
                + "      synchronized (OTHER) { if (i == 7) return Coroutine.of(-1); }\n"
                + "    }\n"
                + "    Await.on(Asyncio.sleep(0));\n"
                + "    return Coroutine.of(x + Await.on(id(2)));\n"
                + "  }\n"));
    }

    @ParameterizedTest
    @EnumSource(Compiler.class)
    void blocksInsideTryWithResourcesAndItsCloseMethod(Compiler compiler) throws Throwable {
        assertEquals("3 | open a;in;close a;after;", run(compiler, ""
                + "  @Async static Coroutine<Integer> main() {\n"
                + "    try (R r = new R(\"a\")) {\n"
                + "      synchronized (LOCK) { x++; }\n"
                + "      x += Await.on(id(1));\n"
                + "      synchronized (r) { log.append(\"in;\"); }\n"
                + "    } finally {\n"
                + "      x += Await.on(id(1));\n"
                + "    }\n"
                + "    log.append(\"after;\");\n"
                + "    return Coroutine.of(x);\n"
                + "  }\n"));
    }

    @ParameterizedTest
    @EnumSource(Compiler.class)
    void blockThatThrowsThenAwaitsInCatchAndFinally(Compiler compiler) throws Throwable {
        assertEquals("12 | boom;c;f;", run(compiler, ""
                + "  @Async static Coroutine<Integer> main() {\n"
                + "    try {\n"
                + "      synchronized (LOCK) {\n"
                + "        try { if (x == 0) throw new IllegalStateException(\"boom\"); } finally { x += 1; }\n"
                + "      }\n"
                + "      x += Await.on(id(100));\n"
                + "    } catch (IllegalStateException e) {\n"
                + "      log.append(e.getMessage() + \";\");\n"
                + "      synchronized (OTHER) { x += 1; }\n"
                + "      x += Await.on(id(4));\n"
                + "      log.append(\"c;\");\n"
                + "    } finally {\n"
                + "      synchronized (LOCK) { x *= 2; }\n"
                + "      Await.on(Asyncio.sleep(0));\n"
                + "      log.append(\"f;\");\n"
                + "    }\n"
                + "    return Coroutine.of(x);\n"
                + "  }\n"));
    }

    /** ECJ writes an empty block as monitorenter, monitorexit, covered only by the enclosing try's handler. */
    @ParameterizedTest
    @EnumSource(Compiler.class)
    void emptyBlockInsideATryCatch(Compiler compiler) throws Throwable {
        assertEquals("7 | ", run(compiler, ""
                + "  @Async static Coroutine<Integer> main() {\n"
                + "    try {\n"
                + "      synchronized (LOCK) {\n"
                + "      }\n"
                + "    } catch (RuntimeException e) {\n"
                + "      log.append(\"caught;\");\n"
                + "    }\n"
                + "    return Coroutine.of(Await.on(Asyncio.sleep(0, 7)));\n"
                + "  }\n"));
    }

    @ParameterizedTest
    @EnumSource(Compiler.class)
    void awaitsInsideBlocksAreErrorsAtTheirLines(Compiler compiler) {
        assertEquals(List.of(held(11, "inBlock"), held(18, "inFinallyInsideBlock"), held(25, "innerOfTwo"),
                held(31, "inLoop"), held(39, "insideTryAroundBlock")), problems(compiler, ""
                + "  @Async static Coroutine<Void> inBlock() {\n"
                + "    synchronized (LOCK) {\n"
                + "      Await.on(Asyncio.sleep(0));\n"
                + "    }\n"
                + "    return Coroutine.done();\n"
                + "  }\n"
                + "  @Async static Coroutine<Void> inFinallyInsideBlock() {\n"
                + "    synchronized (LOCK) {\n"
                + "      try { x++; } finally {\n"
                + "        Await.on(Asyncio.sleep(0));\n"
                + "      }\n"
                + "    }\n"
                + "    return Coroutine.done();\n"
                + "  }\n"
                + "  @Async static Coroutine<Void> innerOfTwo() {\n"
                + "    synchronized (LOCK) { synchronized (OTHER) {\n"
                + "      Await.on(Asyncio.sleep(0));\n"
                + "    } }\n"
                + "    return Coroutine.done();\n"
                + "  }\n"
                + "  @Async static Coroutine<Void> inLoop() {\n"
                + "    for (int i = 0; i < 3; i++) synchronized (LOCK) {\n"
                + "      Await.on(Asyncio.sleep(0));\n"
                + "    }\n"
                + "    return Coroutine.done();\n"
                + "  }\n"
                + "  @Async static Coroutine<Void> insideTryAroundBlock() {\n"
                + "    try {\n"
                + "      synchronized (LOCK) {\n"
                + "        x++;\n"
                + "        Await.on(Asyncio.sleep(0));\n"
                + "      }\n"
                + "    } finally { x--; }\n"
                + "    return Coroutine.done();\n"
                + "  }\n"));
    }
}
