package dev.weft.weaver;

import dev.weft.Asyncio;
import dev.weft.internal.VirtualClock;
import dev.weft.internal.loop.BaseEventLoop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @Async void} methods are entry points: calling one runs its body on a new event loop in the calling
 * thread, as {@code Asyncio.run} does. Each case runs on javac's class files and on the Eclipse compiler's, woven,
 * checked with ASM's CheckClassAdapter and run on virtual time (sleeps exact and instant).
 */
class EntryPointTest {

    private static final String HEADER = "package e;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "import java.util.*;\n";

    /** Compiles, weaves, verifies and loads {@code e.<className>}. */
    private static Class<?> build(WeaveHarness.Compiler compiler, String className, String src) throws Exception {
        Map<String, byte[]> woven = WeaveHarness.weave(compiler.compile(Map.of("e." + className, HEADER + src)));
        WeaveHarness.verify(woven);
        return WeaveHarness.load(woven).loadClass("e." + className);
    }

    /** Code that may throw anything. */
    private interface Body {
        Object run() throws Throwable;
    }

    /** What {@code body} prints, run with every new loop on a virtual clock. */
    private static String printed(Body body) throws Throwable {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Asyncio.setEventLoopPolicy(() -> new BaseEventLoop(new VirtualClock()));
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(out);
            Asyncio.setEventLoopPolicy(null);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Calls {@code m} and throws what it threw. */
    private static Object invoke(Method m, Object self, Object... args) throws Throwable {
        try {
            return m.invoke(self, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The Python program, with {@code asyncio.run(main())} at its end, and what CPython 3.11.7 printed:
     * <pre>
     * import asyncio
     *
     * async def worker(name, delay):
     *     print(f"{name} started")
     *     try:
     *         await asyncio.sleep(delay)
     *         print(f"{name} done")
     *         return name.upper()
     *     finally:
     *         print(f"{name} finally")
     *
     * async def leftover():
     *     print("leftover started")
     *     try:
     *         await asyncio.sleep(10)
     *         print("leftover unreached")
     *     except asyncio.CancelledError:
     *         print("leftover cancelled")
     *         raise
     *     finally:
     *         await asyncio.sleep(0)
     *         print("leftover cleaned up")
     *
     * async def main():
     *     print("main start")
     *     a = asyncio.create_task(worker("a", 1))
     *     results = await asyncio.gather(worker("b", 2), worker("c", 3))
     *     print(f"gathered {results}")
     *     print(f"a returned {await a}")
     *     asyncio.create_task(leftover())
     *     await asyncio.sleep(0)
     *     print("main end")
     *
     * asyncio.run(main())
     * print("after run")
     * </pre>
     */
    static final String PYTHON_TRACE = "main start\n"
            + "a started\n"
            + "b started\n"
            + "c started\n"
            + "a done\n"
            + "a finally\n"
            + "b done\n"
            + "b finally\n"
            + "c done\n"
            + "c finally\n"
            + "gathered ['B', 'C']\n"
            + "a returned A\n"
            + "leftover started\n"
            + "main end\n"
            + "leftover cancelled\n"
            + "leftover cleaned up\n"
            + "after run\n";

    static final String MAIN = "public class Main {\n"
            + "  @Async static Coroutine<String> worker(String name, double delay) {\n"
            + "    System.out.println(name + \" started\");\n"
            + "    try {\n"
            + "      Await.on(Asyncio.sleep(delay));\n"
            + "      System.out.println(name + \" done\");\n"
            + "      return Coroutine.of(name.toUpperCase());\n"
            + "    } finally {\n"
            + "      System.out.println(name + \" finally\");\n"
            + "    }\n"
            + "  }\n"
            + "  @Async static Coroutine<Void> leftover() {\n"
            + "    System.out.println(\"leftover started\");\n"
            + "    try {\n"
            + "      Await.on(Asyncio.sleep(10));\n"
            + "      System.out.println(\"leftover unreached\");\n"
            + "    } catch (CancelledError e) {\n"
            + "      System.out.println(\"leftover cancelled\");\n"
            + "      throw e;\n"
            + "    } finally {\n"
            + "      Await.on(Asyncio.sleep(0));\n"
            + "      System.out.println(\"leftover cleaned up\");\n"
            + "    }\n"
            + "    return Coroutine.done();\n"
            + "  }\n"
            + "  @Async public static void main(String[] args) {\n"
            + "    System.out.println(\"main start\");\n"
            + "    Task<String> a = Asyncio.createTask(worker(\"a\", 1));\n"
            + "    List<Object> results = Await.on(Asyncio.gather(worker(\"b\", 2), worker(\"c\", 3)));\n"
            + "    System.out.println(\"gathered [\" + \"'\" + results.get(0) + \"', '\" + results.get(1) + \"']\");\n"
            + "    System.out.println(\"a returned \" + Await.on(a));\n"
            + "    Asyncio.createTask(leftover());\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "    System.out.println(\"main end\");\n"
            + "  }\n"
            + "}\n";

    @ParameterizedTest
    @EnumSource(WeaveHarness.Compiler.class)
    void asyncMainPrintsWhatAsyncioRunPrints(WeaveHarness.Compiler compiler) throws Throwable {
        Class<?> c = build(compiler, "Main", MAIN);
        Method main = c.getMethod("main", String[].class);
        assertEquals(void.class, main.getReturnType());
        assertEquals(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, main.getModifiers());
        assertEquals(PYTHON_TRACE, printed(() -> {
            main.invoke(null, (Object) new String[0]);
            System.out.println("after run");
            return null;
        }));
    }

    /**
     * The woven class has one method of the user's name and parameters, the user's; the body, under the same
     * name, takes the frame as well.
     */
    @ParameterizedTest
    @EnumSource(WeaveHarness.Compiler.class)
    void theWovenClassHasNoSecondMethodOfTheSameSignature(WeaveHarness.Compiler compiler) throws Exception {
        Map<String, byte[]> woven = WeaveHarness.weave(compiler.compile(Map.of("e.Main", HEADER + MAIN)));
        ClassNode cn = new ClassNode();
        new ClassReader(woven.get("e/Main")).accept(cn, 0);
        List<String> mains = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            if (m.name.equals("main")) {
                mains.add(m.desc + ((m.access & Opcodes.ACC_SYNTHETIC) != 0 ? " synthetic" : ""));
            }
        }
        assertEquals(List.of("([Ljava/lang/String;)V",
                "([Ljava/lang/String;Le/Main$weft$main$0;Ldev/weft/Task;I)Ljava/lang/Object; synthetic"), mains);
        Method main = WeaveHarness.load(woven).loadClass("e.Main").getDeclaredMethod("main", String[].class);
        assertEquals(void.class, main.getReturnType());
    }

    /**
     * <pre>
     * import asyncio
     *
     * error = None
     *
     * async def leftover():
     *     try:
     *         print("leftover started")
     *         await asyncio.sleep(10)
     *     finally:
     *         print("leftover finally")
     *
     * async def main():
     *     global error
     *     asyncio.create_task(leftover())
     *     await asyncio.sleep(1)
     *     print("main raises")
     *     error = ValueError("boom")
     *     raise error
     *
     * try:
     *     asyncio.run(main())
     * except ValueError as e:
     *     print(f"caught {e!r}, the same object: {e is error}")
     * </pre>
     * CPython 3.11.7 printed what {@code printed} holds below, with Java's words for the exception.
     */
    @ParameterizedTest
    @EnumSource(WeaveHarness.Compiler.class)
    void theBodysExceptionIsRethrownAsItIsAfterTheLeftoverTasksAreCancelled(WeaveHarness.Compiler compiler)
            throws Throwable {
        Class<?> c = build(compiler, "Fails", "public class Fails {\n"
                + "  public static Exception error;\n"
                + "  @Async static Coroutine<Void> leftover() {\n"
                + "    try {\n"
                + "      System.out.println(\"leftover started\");\n"
                + "      Await.on(Asyncio.sleep(10));\n"
                + "    } finally {\n"
                + "      System.out.println(\"leftover finally\");\n"
                + "    }\n"
                + "    return Coroutine.done();\n"
                + "  }\n"
                + "  @Async public static void main(String[] args) throws Exception {\n"
                + "    Asyncio.createTask(leftover());\n"
                + "    Await.on(Asyncio.sleep(1));\n"
                + "    System.out.println(\"main raises\");\n"
                + "    error = new java.io.IOException(\"boom\");\n" // checked: rethrown as it is
                + "    throw error;\n"
                + "  }\n"
                + "}\n");
        Method main = c.getMethod("main", String[].class);
        assertEquals(List.of(Exception.class), Arrays.asList(main.getExceptionTypes()));
        String out = printed(() -> {
            try {
                invoke(main, null, (Object) new String[0]);
            } catch (Throwable e) {
                System.out.println("caught " + e + ", the same object: " + (e == c.getField("error").get(null)));
            }
            return null;
        });
        assertEquals("leftover started\n"
                + "main raises\n"
                + "leftover finally\n"
                + "caught java.io.IOException: boom, the same object: true\n", out);
    }

    /** The stack trace names the user's method: at the line that threw, and where it was called. */
    @ParameterizedTest
    @EnumSource(WeaveHarness.Compiler.class)
    void theStackTraceNamesTheUsersMethodAndLines(WeaveHarness.Compiler compiler) throws Throwable {
        Class<?> c = build(compiler, "Trace", "public class Trace {\n" // line 5
                + "  @Async static void run(int n) {\n"
                + "    Await.on(Asyncio.sleep(n));\n"
                + "    throw new IllegalStateException(\"at line 8\");\n"
                + "  }\n"
                + "  public static void call() {\n"
                + "    run(1);\n" // line 11
                + "  }\n"
                + "}\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> printed(() -> invoke(c.getMethod("call"), null)));
        StackTraceElement top = e.getStackTrace()[0];
        assertEquals("e.Trace.run(Trace.java:8)", top.toString());
        List<String> trace = new ArrayList<>();
        for (StackTraceElement el : e.getStackTrace()) {
            trace.add(el.toString());
        }
        int run = trace.indexOf("e.Trace.run(Trace.java:7)");
        assertTrue(run > 0, "the entry point on its first line, in " + trace);
        assertEquals("e.Trace.call(Trace.java:11)", trace.get(run + 1), trace.toString());
    }

    /**
     * Instance methods (a JUnit test's shape: {@code this} and its fields in the body), methods of interfaces
     * (static and default), parameters of every kind, generic signatures, returns from the middle of the body.
     */
    @ParameterizedTest
    @EnumSource(WeaveHarness.Compiler.class)
    void instanceInterfaceAndGenericEntryPoints(WeaveHarness.Compiler compiler) throws Throwable {
        Map<String, String> sources = Map.of(
                "e.Shapes", HEADER + "public class Shapes {\n"
                        + "  public final List<String> log = new ArrayList<>();\n"
                        + "  @Async static Coroutine<Integer> twice(int x) {\n"
                        + "    Await.on(Asyncio.sleep(0));\n"
                        + "    return Coroutine.of(2 * x);\n"
                        + "  }\n"
                        + "  @Async public void test() {\n"
                        + "    log.add(\"test \" + Await.on(twice(21)));\n"
                        + "  }\n"
                        + "  @Async public <T extends Comparable<T>> void generic(List<T> items, long l, double d,"
                        + " boolean early) {\n"
                        + "    for (T item : items) {\n"
                        + "      Await.on(Asyncio.sleep(d));\n"
                        + "      log.add(item + \" \" + l);\n"
                        + "      if (early) {\n"
                        + "        return;\n"
                        + "      }\n"
                        + "    }\n"
                        + "    log.add(\"all\");\n"
                        + "  }\n"
                        + "}\n",
                "e.Greeter", HEADER + "public interface Greeter {\n"
                        + "  String name();\n"
                        + "  @Async static void hello(List<String> log, String who) {\n"
                        + "    log.add(\"hello \" + Await.on(Asyncio.sleep(1, who)));\n"
                        + "  }\n"
                        + "  @Async default void greet(List<String> log) {\n"
                        + "    Await.on(Asyncio.sleep(1));\n"
                        + "    log.add(\"greet \" + name());\n"
                        + "  }\n"
                        + "}\n",
                "e.Named", HEADER + "public class Named implements Greeter {\n"
                        + "  public String name() { return \"named\"; }\n"
                        + "}\n");
        Map<String, byte[]> woven = WeaveHarness.weave(compiler.compile(sources));
        WeaveHarness.verify(woven);
        ClassLoader loader = WeaveHarness.load(woven);
        Class<?> shapes = loader.loadClass("e.Shapes");
        Object s = shapes.getConstructor().newInstance();
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) shapes.getField("log").get(s);
        printed(() -> invoke(shapes.getMethod("test"), s));
        Method generic = shapes.getMethod("generic", List.class, long.class, double.class, boolean.class);
        assertEquals("public <T extends java.lang.Comparable<T>> void e.Shapes.generic(java.util.List<T>,long,double,boolean)",
                generic.toGenericString());
        printed(() -> invoke(generic, s, List.of("x", "y"), 7L, 0.5, false));
        printed(() -> invoke(generic, s, List.of("z", "w"), 8L, 0.5, true));
        assertEquals(List.of("test 42", "x 7", "y 7", "all", "z 8"), log);

        Class<?> greeter = loader.loadClass("e.Greeter");
        List<String> said = new ArrayList<>();
        printed(() -> invoke(greeter.getMethod("hello", List.class, String.class), null, said, "you"));
        Object named = loader.loadClass("e.Named").getConstructor().newInstance();
        printed(() -> invoke(greeter.getMethod("greet", List.class), named, said));
        assertEquals(List.of("hello you", "greet named"), said);
    }

    /**
     * An entry point and a coroutine method of the same name: their frame classes are numbered among the
     * {@code @Async} methods of that name, and a caller elsewhere that awaits the coroutine method directly names
     * the same frame class, whether it reads the class as compiled (woven by the same run) or as woven.
     */
    @ParameterizedTest
    @EnumSource(WeaveHarness.Compiler.class)
    void anEntryPointAndACoroutineOfTheSameNameKeepTheirFrameClassesApart(WeaveHarness.Compiler compiler)
            throws Throwable {
        Map<String, byte[]> compiled = compiler.compile(Map.of(
                "e.Twins", HEADER + "public class Twins {\n"
                        + "  public static final List<String> log = new ArrayList<>();\n"
                        + "  @Async public static void run() {\n"
                        + "    log.add(\"entry \" + Await.on(run(1)));\n"
                        + "  }\n"
                        + "  @Async public static Coroutine<Integer> run(int x) {\n"
                        + "    Await.on(Asyncio.sleep(0));\n"
                        + "    return Coroutine.of(x + 1);\n"
                        + "  }\n"
                        + "}\n",
                "e.Caller", HEADER + "public class Caller {\n"
                        + "  @Async public static Coroutine<Integer> call() {\n"
                        + "    return Coroutine.of(Await.on(Twins.run(41)));\n"
                        + "  }\n"
                        + "}\n"));
        // Woven together: the caller reads Twins as compiled.
        Map<String, byte[]> together = WeaveHarness.weave(compiled);
        // Woven apart: the caller, woven later, reads Twins as woven.
        Map<String, byte[]> twins = WeaveHarness.weave(Map.of("e/Twins", compiled.get("e/Twins")));
        Map<String, byte[]> apart = new java.util.LinkedHashMap<>(twins);
        WeaveResult caller = new Weaver(WeaveHarness.locator(twins)).weave(compiled.get("e/Caller"));
        apart.put("e/Caller", caller.bytes());
        apart.putAll(caller.generatedClasses());
        assertEquals(together.keySet(), apart.keySet());
        assertTrue(together.containsKey("e/Twins$weft$run$0") && together.containsKey("e/Twins$weft$run$1"),
                together.keySet().toString());
        for (Map<String, byte[]> woven : List.of(together, apart)) {
            // The caller calls run(int)'s body directly, naming its frame class.
            assertTrue(new String(woven.get("e/Caller"), StandardCharsets.ISO_8859_1).contains("e/Twins$weft$run$1"));
            WeaveHarness.verify(woven);
            ClassLoader loader = WeaveHarness.load(woven);
            Class<?> c = loader.loadClass("e.Twins");
            printed(() -> invoke(c.getMethod("run"), null));
            assertEquals(List.of("entry 2"), c.getField("log").get(null));
            Object coroutine = loader.loadClass("e.Caller").getMethod("call").invoke(null);
            assertEquals(42, Asyncio.run((dev.weft.Coroutine<?>) coroutine));
        }
    }

    /** Called from a running loop it throws, as {@code Asyncio.run} does, and says what to do. */
    @ParameterizedTest
    @EnumSource(WeaveHarness.Compiler.class)
    void calledFromARunningLoopItThrows(WeaveHarness.Compiler compiler) throws Throwable {
        Class<?> c = build(compiler, "Nested", "public class Nested {\n"
                + "  public static boolean ran;\n"
                + "  @Async public static void inner() {\n"
                + "    ran = true;\n"
                + "  }\n"
                + "  @Async public static void outer() {\n"
                + "    Await.on(Asyncio.sleep(0));\n"
                + "    inner();\n"
                + "  }\n"
                + "}\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> printed(() -> invoke(c.getMethod("outer"), null)));
        assertEquals("@Async void e.Nested.inner cannot be called from a running event loop: an @Async void method"
                + " is an entry point, which runs its own loop as Asyncio.run() does; to call it from async code, make"
                + " it return Coroutine and await it", e.getMessage());
        assertEquals(false, c.getField("ran").get(null));
        // The loop of outer() is closed and gone: a new call runs.
        printed(() -> invoke(c.getMethod("inner"), null));
        assertSame(true, c.getField("ran").get(null));
    }
}
