package dev.weft.weaver;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Woven code computes what the source says: locals, operand stack, control flow, exceptions. */
class StateMachineTest {

    private static final String HEADER = "package t;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "import java.util.*;\n";

    private static Object run(String body) throws Throwable {
        String src = HEADER + "public class P {\n"
                + "  static List<String> log = new ArrayList<>();\n"
                + "  @Async static Coroutine<Integer> id(int n) { Await.on(Asyncio.sleep(0)); return Coroutine.of(n); }\n"
                + "  @Async static Coroutine<Integer> now(int n) { return Coroutine.of(n); }\n"
                + "  @Async static Coroutine<String> str(String s) { Await.on(Asyncio.sleep(0)); return Coroutine.of(s); }\n"
                + "  @Async static Coroutine<Void> boom(String msg) { Await.on(Asyncio.sleep(0)); throw new IllegalArgumentException(msg); }\n"
                + body
                + "  public static Object run() { return Asyncio.run(main()); }\n"
                + "}\n";
        Object javac = runCompiled(WeaveHarness.Compiler.JAVAC, src);
        assertEquals(javac, runCompiled(WeaveHarness.Compiler.ECJ, src), "ECJ's class files, woven, compute the same");
        Map<String, byte[]> classes = WeaveHarness.compile(Map.of("t.P", src));
        Map<String, byte[]> compact = WeaveHarness.weave(classes, WeaveOptions.defaults().withCompact(true));
        WeaveHarness.verify(compact);
        assertEquals(javac, WeaveHarness.call(WeaveHarness.load(compact), "t.P", "run"),
                "woven in the compact form, it computes the same");
        return javac;
    }

    private static Object runCompiled(WeaveHarness.Compiler compiler, String src) throws Throwable {
        Map<String, byte[]> woven = WeaveHarness.weave(compiler.compile(Map.of("t.P", src)));
        WeaveHarness.verify(woven);
        return WeaveHarness.call(WeaveHarness.load(woven), "t.P", "run");
    }

    @Test
    void localsOfEveryTypeSurviveAwaits() throws Throwable {
        assertEquals("true 7 x 300 100000 12345678901 1.5 2.25 [1, 2] null abc 5",
                run("  @Async static Coroutine<String> main() {\n"
                        + "    boolean z = true; byte b = 7; char c = 'x'; short s = 300; int i = 100000;\n"
                        + "    long j = 12345678901L; float f = 1.5f; double d = 2.25; int[] arr = {1, 2};\n"
                        + "    String n = null; String str = \"ab\";\n"
                        + "    Await.on(id(0));\n"
                        + "    str = str + Await.on(str(\"c\"));\n"
                        + "    { int reuse = Await.on(id(5)); log.add(\"\" + reuse); }\n"
                        + "    { String reuse2 = Await.on(str(\"r\")); log.add(reuse2); }\n"
                        + "    Await.on(Asyncio.sleep(0));\n"
                        + "    return Coroutine.of(z + \" \" + b + \" \" + c + \" \" + s + \" \" + i + \" \" + j + \" \" + f + \" \" + d\n"
                        + "        + \" \" + Arrays.toString(arr) + \" \" + n + \" \" + str + \" \" + log.get(0));\n"
                        + "  }\n"));
    }

    @Test
    void valuesOnTheOperandStack() throws Throwable {
        assertEquals("f(0,7,30) a1x [1, 7, 3] 12 [0, 17, 0] 15 N(1,7,2.0) 9",
                run("  static String f(int a, int b, int c) { return \"f(\" + a + \",\" + b + \",\" + c + \")\"; }\n"
                        + "  int fld = 5;\n"
                        + "  static final class N { final String v; N(long a, int b, double c) { v = \"N(\" + a + \",\" + b + \",\" + c + \")\"; } }\n"
                        + "  @Async Coroutine<Integer> inst() { this.fld += Await.on(id(10)); return Coroutine.of(fld); }\n"
                        + "  @Async static Coroutine<String> main() {\n"
                        + "    int i = 0; int j = 2; int[] arr = {10, 20, 30};\n"
                        + "    String a = f(i++, Await.on(id(7)), arr[j]);\n"
                        + "    String b = \"a\" + i + Await.on(str(\"x\"));\n"
                        + "    int[] c = new int[]{1, Await.on(id(7)), 3};\n"
                        + "    int t = i > 0 ? Await.on(id(12)) : Await.on(id(13));\n"
                        + "    int[] acc = new int[3]; int k = 1; acc[k++] += Await.on(id(17));\n"
                        + "    int fl = Await.on(new P().inst());\n"
                        + "    N n = new N(1L, Await.on(id(7)), 2.0);\n"
                        + "    long sum = 4; sum += Await.on(id(5));\n"
                        + "    return Coroutine.of(a + \" \" + b + \" \" + Arrays.toString(c) + \" \" + t + \" \" + Arrays.toString(acc)\n"
                        + "        + \" \" + fl + \" \" + n.v + \" \" + sum);\n"
                        + "  }\n"));
    }

    @Test
    void staticInitialiserRunsWhereTheSourceSays() throws Throwable {
        assertEquals("[before, Foo.<clinit>, arg, after]",
                run("  static final class Foo { static { log.add(\"Foo.<clinit>\"); } Foo(int a, int b) { } }\n"
                        + "  static int arg() { log.add(\"arg\"); return 1; }\n"
                        + "  @Async static Coroutine<String> main() {\n"
                        + "    log.add(\"before\");\n"
                        + "    Foo f = new Foo(arg(), Await.on(id(2)));\n"
                        + "    Foo g = new Foo(Await.on(id(1)), Await.on(id(2)));\n"
                        + "    log.add(\"after\");\n"
                        + "    return Coroutine.of(log.toString());\n"
                        + "  }\n"));
    }

    /**
     * Shapes the Eclipse compiler writes unlike javac: {@code new H(..)} whose object is unused is NEW, the
     * arguments and INVOKESPECIAL with no DUP; try-with-resources, string switches, string concatenation and
     * lambda bodies ({@code lambda$0}) differ too. {@link #run} checks both compilers' class files.
     */
    @Test
    void shapesTheEclipseCompilerWritesDifferently() throws Throwable {
        assertEquals("[H 42, H 7, H 1 2, R open, R close, sw b, s=x1-2.5|true, lambda 9, H 3, done]",
                run("  static final class H { H(int v) { log.add(\"H \" + v); } H(long a, int b) { log.add(\"H \" + a + \" \" + b); } }\n"
                        + "  static final class R implements AutoCloseable { R(int v) { log.add(\"R open\"); } public void close() { log.add(\"R close\"); } }\n"
                        + "  interface F { Coroutine<Integer> apply(int x); }\n"
                        + "  @Async static Coroutine<String> main() {\n"
                        + "    H unused = new H(Await.on(Asyncio.sleep(0, 42)));\n"
                        + "    new H(Await.on(id(7)));\n"
                        + "    new H(1L, Await.on(id(2)));\n"
                        + "    try (R r = new R(Await.on(id(1)))) { Await.on(Asyncio.sleep(0)); }\n"
                        + "    switch (Await.on(str(\"b\"))) { case \"a\": log.add(\"sw a\"); break; case \"b\": log.add(\"sw \" + Await.on(str(\"b\"))); break; default: break; }\n"
                        + "    double d = 2.5; boolean z = true;\n"
                        + "    log.add(\"s=\" + Await.on(str(\"x\")) + Await.on(id(1)) + \"-\" + d + \"|\" + z);\n"
                        + "    F f = x -> { int y = Await.on(id(x)); return Coroutine.of(y * 3); };\n"
                        + "    log.add(\"lambda \" + Await.on(f.apply(3)));\n"
                        + "    if (Await.on(id(1)) > 0) new H(Await.on(id(3)));\n"
                        + "    log.add(\"done\");\n"
                        + "    return Coroutine.of(log.toString());\n"
                        + "  }\n"));
    }

    /** ECJ keeps the left operand of a concatenation on the stack across a switch expression that awaits. */
    @Test
    void concatenationAcrossASwitchExpressionThatAwaits() throws Throwable {
        assertEquals("[R1] [012] [B]",
                run("  enum C { RED, GREEN, BLUE }\n"
                        + "  @Async static <T> Coroutine<T> later(T v) { Await.on(Asyncio.sleep(0)); return Coroutine.of(v); }\n"
                        + "  static String of(C c) { return c.name(); }\n"
                        + "  @Async static Coroutine<String> main() {\n"
                        + "    String r = \"\";\n"
                        + "    for (C c : C.values()) {\n"
                        + "      String e = \"[\" + switch (c) {\n"
                        + "        case RED -> \"R\" + Await.on(id(1));\n"
                        + "        case GREEN -> {\n"
                        + "          StringBuilder sb = new StringBuilder();\n"
                        + "          for (int i = 0; i < 3; i++) sb.append(Await.on(id(i)));\n"
                        + "          yield sb.toString();\n"
                        + "        }\n"
                        + "        case BLUE -> Await.on(later(\"B\"));\n"
                        + "      } + \"]\";\n"
                        + "      r = r.isEmpty() ? e : r + \" \" + e;\n"
                        + "    }\n"
                        + "    return Coroutine.of(r);\n"
                        + "  }\n"));
    }

    @Test
    void loopsSwitchesAndLabels() throws Throwable {
        assertEquals("45 6 6 abc two B 2 7",
                run("  enum E { A, B }\n"
                        + "  @Async static Coroutine<String> main() {\n"
                        + "    int s1 = 0; for (int i = 0; i < 10; i++) s1 += Await.on(id(i));\n"
                        + "    int s2 = 0; int w = 0; while (w < 4) { s2 += Await.on(id(w)); w++; }\n"
                        + "    int s3 = 0; int x = 0; do { s3 += Await.on(id(x)); x++; } while (x < 4);\n"
                        + "    StringBuilder sb = new StringBuilder(); for (String q : List.of(\"a\", \"b\", \"c\")) sb.append(Await.on(str(q)));\n"
                        + "    String sw; switch (Await.on(id(2))) { case 1: sw = \"one\"; break; case 2: sw = \"two\"; break; default: sw = \"?\"; }\n"
                        + "    String en = switch (E.values()[Await.on(id(1))]) { case A -> \"A\"; case B -> { String r = Await.on(str(\"B\")); yield r; } };\n"
                        + "    int found = -1; outer: for (int a = 0; a < 5; a++) { for (int b = 0; b < 5; b++) { if (Await.on(id(a * b)) == 6) { found = a; break outer; } if (b > a) continue outer; } }\n"
                        + "    int ss = switch (Await.on(str(\"k\"))) { case \"k\" -> 7; default -> 0; };\n"
                        + "    return Coroutine.of(s1 + \" \" + s2 + \" \" + s3 + \" \" + sb + \" \" + sw + \" \" + en + \" \" + found + \" \" + ss);\n"
                        + "  }\n"));
    }

    @Test
    void exceptionsReachTheRightHandler() throws Throwable {
        assertEquals("[caught boom1, finally1, inner boom2, outer-finally, in-catch 4, in-finally 5, twr body, closed, after twr, rethrown boom3]",
                run("  static final class R implements AutoCloseable { public void close() { log.add(\"closed\"); } }\n"
                        + "  @Async static Coroutine<String> main() {\n"
                        + "    try { Await.on(boom(\"boom1\")); log.add(\"not reached\"); }\n"
                        + "    catch (IllegalStateException e) { log.add(\"wrong\"); }\n"
                        + "    catch (IllegalArgumentException e) { log.add(\"caught \" + e.getMessage()); }\n"
                        + "    finally { log.add(\"finally1\"); }\n"
                        + "    try { try { Await.on(boom(\"boom2\")); } catch (RuntimeException e) { log.add(\"inner \" + e.getMessage()); } }\n"
                        + "    finally { log.add(\"outer-finally\"); }\n"
                        + "    try { Await.on(boom(\"x\")); } catch (Exception e) { log.add(\"in-catch \" + Await.on(id(4))); }\n"
                        + "    finally { log.add(\"in-finally \" + Await.on(id(5))); }\n"
                        + "    try (R r = new R()) { Await.on(id(1)); log.add(\"twr body\"); }\n"
                        + "    log.add(\"after twr\");\n"
                        + "    try { Await.on(boom(\"boom3\")); } catch (IllegalArgumentException e) { try { throw e; } catch (IllegalArgumentException e2) { log.add(\"rethrown \" + e2.getMessage()); } }\n"
                        + "    return Coroutine.of(log.toString());\n"
                        + "  }\n"));
    }

    @Test
    void deepRecursionAndInlineCompletion() throws Throwable {
        assertEquals("50005000 1000000",
                run("  @Async static Coroutine<Long> depth(int n) {\n"
                        + "    if (n == 0) { Await.on(Asyncio.sleep(0)); return Coroutine.of(0L); }\n"
                        + "    long r = Await.on(depth(n - 1));\n"
                        + "    return Coroutine.of(r + n);\n"
                        + "  }\n"
                        + "  @Async static Coroutine<String> main() {\n"
                        + "    long d = Await.on(depth(10000));\n"
                        + "    int s = 0; for (int i = 0; i < 1000000; i++) s += Await.on(now(1));\n"
                        + "    return Coroutine.of(d + \" \" + s);\n"
                        + "  }\n"));
    }
}
