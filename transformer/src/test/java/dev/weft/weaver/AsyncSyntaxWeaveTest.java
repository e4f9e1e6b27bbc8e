package dev.weft.weaver;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * async with, async for and async generators woven from the class files of the javac that runs the tests (17, and
 * 25 in the jdk25 run) and of the Eclipse compiler, checked by CheckClassAdapter and run: the same output from each.
 * (it-tests run the full ordering tests in every weaving mode; this pins down the compilers' shapes.)
 */
class AsyncSyntaxWeaveTest {

    private static final String SRC = "package t;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "import java.util.*;\n"
            + "public class S {\n"
            + "  static List<String> log = new ArrayList<>();\n"
            + "  static final class R implements AsyncCloseable {\n"
            + "    final String n; final boolean suppress;\n"
            + "    R(String n, boolean suppress) { this.n = n; this.suppress = suppress; log.add(\"enter \" + n); }\n"
            + "    @Async public Coroutine<Void> aclose() {\n"
            + "      Await.on(Asyncio.sleep(0)); log.add(\"close \" + n); return Coroutine.done();\n"
            + "    }\n"
            + "    @Async public Coroutine<Boolean> aexit(Throwable e) {\n"
            + "      Await.on(Asyncio.sleep(0)); log.add(\"exit \" + n + \" \" + e.getMessage());\n"
            + "      return Coroutine.of(suppress);\n"
            + "    }\n"
            + "  }\n"
            + "  @Async static AsyncGenerator<Integer> gen(int n) {\n"
            + "    try {\n"
            + "      for (int i = 0; i < n; i++) { Await.on(Asyncio.sleep(0)); Await.yield(i); }\n"
            + "    } finally { log.add(\"gen finally\"); }\n"
            + "    return AsyncGenerator.done();\n"
            + "  }\n"
            + "  @Async static Coroutine<String> ret() {\n"
            + "    try (R a = new R(\"a\", false); R b = new R(\"b\", false)) { return Coroutine.of(\"ret\"); }\n"
            + "  }\n"
            + "  @Async static Coroutine<Void> loops() {\n"
            + "    for (int i = 0; i < 3; i++) {\n"
            + "      try (R r = new R(\"L\" + i, false)) { if (i == 0) continue; if (i == 2) break; log.add(\"body\"); }\n"
            + "    }\n"
            + "    String s; int k;\n"
            + "    try (R r = new R(\"s\", true)) { if (log != null) throw new IllegalStateException(\"boom\"); s = \"x\"; k = 1; }\n"
            + "    log.add(\"after s \" + s + \" \" + k);\n"
            + "    try (R r = new R(\"c\", true)) { if (log != null) throw new IllegalArgumentException(\"in c\"); }\n"
            + "    catch (IllegalStateException e) { log.add(\"wrong catch\"); }\n"
            + "    log.add(\"after c\");\n"
            + "    try (R r = new R(\"empty\", false)) { }\n"
            + "    int sum = 0;\n"
            + "    AsyncGenerator<Integer> g = gen(5);\n"
            + "    for (int x : g) { if (x == 1) continue; if (x == 3) break; sum += x; }\n"
            + "    log.add(\"sum \" + sum);\n"
            + "    Await.on(g.aclose());\n"
            + "    return Coroutine.done();\n"
            + "  }\n"
            + "  public static Object run() {\n"
            + "    log.add(Asyncio.run(ret()));\n"
            + "    Asyncio.run(loops());\n"
            + "    return String.join(\", \", log);\n"
            + "  }\n"
            + "}\n";

    private static final String EXPECTED = "enter a, enter b, close b, close a, ret, enter L0, close L0, enter L1,"
            + " body, close L1, enter L2, close L2, enter s, exit s boom, after s null 0, enter c, exit c in c,"
            + " after c, enter empty, close empty, sum 2, gen finally";

    @Test
    void javacClassFiles() throws Throwable {
        ClassLoader l = WeaveHarness.build(Map.of("t.S", SRC));
        assertEquals(EXPECTED, WeaveHarness.call(l, "t.S", "run"));
    }

    @Test
    void eclipseCompilerClassFiles() throws Throwable {
        Map<String, byte[]> woven = WeaveHarness.weave(WeaveHarness.compileWithEcj(Map.of("t.S", SRC)));
        WeaveHarness.verify(woven);
        assertEquals(EXPECTED, WeaveHarness.call(WeaveHarness.load(woven), "t.S", "run"));
    }
}
