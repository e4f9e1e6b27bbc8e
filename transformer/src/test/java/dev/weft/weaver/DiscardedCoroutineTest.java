package dev.weft.weaver;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call of a method returning {@code Coroutine} whose result is dropped is Python's "coroutine was never
 * awaited": a weave-time warning naming class, method, source file and line, in any method of any class.
 */
class DiscardedCoroutineTest {

    private static final String HEADER = "package m;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "import java.util.*;\n";

    private static String never(String callee) {
        return "coroutine " + callee + " was never awaited: its result is dropped, so its body never runs; await it"
                + " (Await.on(...)), or start it with Asyncio.createTask(...)";
    }

    /** The warnings weaving gives, the same for javac's class files as for the Eclipse compiler's. */
    private static List<String> warnings(String className, String src) {
        List<String> javac = warnings(WeaveHarness.Compiler.JAVAC, className, src);
        assertEquals(javac, warnings(WeaveHarness.Compiler.ECJ, className, src), "ECJ's class files");
        return javac;
    }

    private static List<String> warnings(WeaveHarness.Compiler compiler, String className, String src) {
        Map<String, byte[]> classes = compiler.compile(Map.of("m." + className, HEADER + src));
        WeaveResult r = new Weaver(WeaveHarness.locator(classes)).weave(classes.get("m/" + className));
        if (r.isChanged()) {
            Map<String, byte[]> woven = new LinkedHashMap<>(r.generatedClasses());
            woven.put("m/" + className, r.bytes());
            WeaveHarness.verify(woven);
        }
        List<String> out = new ArrayList<>();
        for (WeaveProblem w : r.warnings()) {
            out.add(w.toString());
        }
        return out;
    }

    @Test
    void droppedCallsOfAnAsyncMethodAndOfTheRuntimeAreReported() {
        assertEquals(List.of(
                "A.java:9: m.A.main: " + never("m.A.fetch"),
                "A.java:10: m.A.main: " + never("dev.weft.Asyncio.sleep")),
                warnings("A", "public class A {\n"
                        + "  @Async static Coroutine<Integer> fetch() { return Coroutine.of(1); }\n"
                        + "  @Async static Coroutine<Void> main() {\n"
                        + "    Await.on(Asyncio.sleep(0));\n"
                        + "    fetch();\n"
                        + "    Asyncio.sleep(1);\n"
                        + "    return Coroutine.done();\n"
                        + "  }\n}\n"));
    }

    @Test
    void awaitedStoredStartedOrReturnedCoroutinesAreNot() {
        assertEquals(List.of(), warnings("B", "public class B {\n"
                + "  @Async static Coroutine<Integer> fetch() { return Coroutine.of(1); }\n"
                + "  @Async static Coroutine<Integer> main() {\n"
                + "    Await.on(fetch());\n"
                + "    Coroutine<Integer> later = fetch();\n"
                + "    Asyncio.createTask(fetch());\n" // the task runs: dropping it is fine
                + "    Asyncio.ensureFuture(fetch());\n"
                + "    Asyncio.gather(fetch(), fetch());\n"
                + "    List<Coroutine<Integer>> list = new ArrayList<>();\n"
                + "    list.add(fetch());\n"
                + "    int n = Await.on(later);\n"
                + "    return fetch();\n"
                + "  }\n"
                + "  static Coroutine<Integer> plain() {\n"
                + "    return fetch();\n"
                + "  }\n"
                + "  public static void run() {\n"
                + "    Asyncio.run(main());\n"
                + "  }\n}\n"));
    }

    /**
     * Not only in {@code @Async} methods: the commonest mistake is a plain {@code main} that calls the async one
     * and forgets {@code Asyncio.run}. A lambda's drop is reported in the method that makes the lambda, and a
     * call in a {@code finally} block, which compilers copy onto every exit, once. A method reference that a
     * {@code Runnable} drops is reported too (the Eclipse compiler makes one of {@code () -> work()}).
     */
    @Test
    void inPlainMethodsLambdasAndFinallyBlocks() {
        assertEquals(List.of(
                "C.java:8: m.C.main: " + never("m.C.work"),
                "C.java:11: m.C.later (in a lambda): " + never("m.C.work"),
                "C.java:20: m.C.cleanUp: " + never("m.C.work"),
                "C.java:24: m.C.reference: " + never("m.C.work")),
                warnings("C", "public class C {\n"
                        + "  @Async static Coroutine<Void> work() { return Coroutine.done(); }\n"
                        + "  public static void main(String[] args) {\n"
                        + "    work();\n"
                        + "  }\n"
                        + "  static Runnable later() {\n"
                        + "    return () -> { System.out.println(); work(); };\n"
                        + "  }\n"
                        + "  static int cleanUp(int x) {\n"
                        + "    try {\n"
                        + "      if (x > 0) {\n"
                        + "        return x;\n"
                        + "      }\n"
                        + "      return -x;\n"
                        + "    } finally {\n"
                        + "      work();\n"
                        + "    }\n"
                        + "  }\n"
                        + "  static void reference() {\n"
                        + "    Runnable dropsIt = C::work;\n"
                        + "    java.util.function.Supplier<Coroutine<Void>> keepsIt = C::work;\n"
                        + "  }\n}\n"));
    }

    /**
     * A class with no {@code @Async} and no {@code Await} is read for this alone: it comes back unchanged (the
     * same bytes), with its warnings.
     */
    @Test
    void aClassThatOnlyCallsCoroutinesIsScannedAndLeftUnchanged() {
        Map<String, byte[]> classes = WeaveHarness.compile(Map.of(
                "m.Shop", HEADER + "public class Shop {\n"
                        + "  @Async public static Coroutine<String> fetch(String what) {\n"
                        + "    return Coroutine.of(Await.on(Asyncio.sleep(1, what)));\n"
                        + "  }\n}\n",
                "m.Client", HEADER + "public class Client {\n"
                        + "  public static void main(String[] args) {\n"
                        + "    Shop.fetch(\"milk\");\n"
                        + "    Asyncio.createTask(Shop.fetch(\"bread\"));\n"
                        + "  }\n}\n"));
        byte[] client = classes.get("m/Client");
        assertTrue(Weaver.mayNeedWeaving(client));
        WeaveResult r = new Weaver(WeaveHarness.locator(classes)).weave(client);
        assertFalse(r.isChanged());
        assertSame(client, r.bytes());
        assertEquals(1, r.warnings().size());
        WeaveProblem w = r.warnings().get(0);
        assertEquals(List.of("m.Client", "main", "Client.java", 7, never("m.Shop.fetch")),
                List.of(w.className(), w.methodName(), w.sourceFile(), w.line(), w.message()));
    }

    /** An {@code @Async void} entry point is checked as the user wrote it, before weaving moves its body. */
    @Test
    void inAnEntryPoint() {
        assertEquals(List.of("D.java:8: m.D.main: " + never("m.D.fetch")),
                warnings("D", "public class D {\n"
                        + "  @Async static Coroutine<Integer> fetch() { return Coroutine.of(1); }\n"
                        + "  @Async public static void main(String[] args) {\n"
                        + "    fetch();\n"
                        + "    Await.on(fetch());\n"
                        + "  }\n}\n"));
    }
}
