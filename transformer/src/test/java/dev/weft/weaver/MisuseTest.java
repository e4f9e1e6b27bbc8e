package dev.weft.weaver;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every misuse is a weave-time error naming class, method, source file and line. */
class MisuseTest {

    private static final String HEADER = "package m;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "import java.util.*;\n";

    /** The problems weaving reports, the same for javac's class files as for the Eclipse compiler's. */
    private static String problems(String className, String src) {
        String javac = problems(WeaveHarness.Compiler.JAVAC, className, src);
        assertEquals(javac, problems(WeaveHarness.Compiler.ECJ, className, src), "ECJ's class files");
        return javac;
    }

    private static String problems(WeaveHarness.Compiler compiler, String className, String src) {
        Map<String, byte[]> classes = compiler.compile(Map.of("m." + className, HEADER + src));
        WeaveException e = assertThrows(WeaveException.class,
                () -> new Weaver(WeaveHarness.locator(classes)).weave(classes.get("m/" + className)));
        return e.getMessage();
    }

    @Test
    void awaitInAMethodThatIsNotAsync() {
        assertEquals("A.java:8: m.A.plain: Await.on(...) in method plain, which is not @Async: annotate the method"
                        + " with @Async (from dev.weft.annotations) and make it return dev.weft.Coroutine",
                problems("A", "public class A {\n"
                        + "  static Coroutine<Integer> one() { return Coroutine.of(1); }\n"
                        + "  static int plain() {\n"
                        + "    return Await.on(one());\n"
                        + "  }\n}\n"));
    }

    @Test
    void awaitInALambdaPassedToForEach() {
        String msg = problems("B", "public class B {\n"
                + "  @Async static Coroutine<Void> main() {\n"
                + "    List.of(1, 2).forEach(i ->\n"
                + "        Await.on(Asyncio.sleep(i)));\n"
                + "    return Coroutine.done();\n"
                + "  }\n}\n");
        assertEquals("B.java:8: m.B.main (in a lambda): Await.on(...) in a lambda whose functional method does not return"
                + " dev.weft.Coroutine (such as a lambda passed to forEach) cannot suspend anything: use a for loop in the"
                + " @Async method, or make the lambda return a Coroutine", msg);
    }

    @Test
    void methodReferenceToAwaitOn() {
        String msg = problems("C", "public class C {\n"
                + "  @Async static Coroutine<Void> main() {\n"
                + "    java.util.function.Function<Awaitable<Integer>, Integer> f = Await::on;\n"
                + "    return Coroutine.done();\n"
                + "  }\n}\n");
        assertEquals("C.java:7: m.C.main: the method reference Await::on cannot suspend anything: call Await.on(...)"
                + " directly inside an @Async method", msg);
    }

    @Test
    void asyncOnAbstractNativeAndWrongReturnType() {
        String msg = problems("D", "public abstract class D {\n"
                + "  @Async abstract Coroutine<Integer> a();\n"
                + "  @Async native Coroutine<Integer> n();\n"
                + "  @Async static int wrong() {\n"
                + "    return 1;\n"
                + "  }\n}\n");
        assertEquals(List.of(
                "D.java:?: m.D.a: @Async cannot be put on an abstract method: only a method with a body can be woven;"
                        + " put @Async on its implementations",
                "D.java:?: m.D.n: @Async cannot be put on a native method: only a method with a Java body can be woven",
                "D.java:9: m.D.wrong: an @Async method must return dev.weft.Coroutine, dev.weft.AsyncGenerator or"
                        + " void, not int; write `Coroutine<T> wrong(...)` and end it with `return Coroutine.of(value);`"),
                List.of(msg.split("\n")));
    }

    /** The body of an {@code @Async void} entry point is checked as any {@code @Async} method's, under its name. */
    @Test
    void asyncVoidIsCheckedLikeAnyAsyncMethod() {
        String msg = problems("V", "public abstract class V {\n"
                + "  @Async abstract void a();\n"
                + "  @Async static synchronized void s() {\n"
                + "    Await.on(Asyncio.sleep(1));\n"
                + "  }\n"
                + "  @Async static void block(Object lock) {\n"
                + "    synchronized (lock) {\n"
                + "      Await.on(Asyncio.sleep(1));\n"
                + "    }\n"
                + "  }\n"
                + "  @Async void each() {\n"
                + "    List.of(1).forEach(i -> Await.on(Asyncio.sleep(i)));\n"
                + "  }\n}\n");
        assertEquals(List.of(
                "V.java:?: m.V.a: @Async cannot be put on an abstract method: only a method with a body can be woven;"
                        + " put @Async on its implementations",
                "V.java:8: m.V.s: an @Async method cannot be synchronized: a task must not hold a monitor while"
                        + " it is suspended (another task on the same thread could enter it); use dev.weft.Lock instead",
                "V.java:12: m.V.block: Await.on(...) inside a synchronized block: a task must not hold a monitor while"
                        + " it is suspended (another task on the same thread could enter it); move the await out of"
                        + " the block, or use dev.weft.Lock",
                "V.java:16: m.V.each (in a lambda): Await.on(...) in a lambda whose functional method does not"
                        + " return dev.weft.Coroutine (such as a lambda passed to forEach) cannot suspend anything: use"
                        + " a for loop in the @Async method, or make the lambda return a Coroutine"),
                List.of(msg.split("\n")));
    }

    @Test
    void awaitInsideSynchronized() {
        String msg = problems("E", "public class E {\n"
                + "  @Async static Coroutine<Void> block(Object lock) {\n"
                + "    synchronized (lock) {\n"
                + "      Await.on(Asyncio.sleep(1));\n"
                + "    }\n"
                + "    return Coroutine.done();\n"
                + "  }\n"
                + "  @Async synchronized Coroutine<Void> method() {\n"
                + "    Await.on(Asyncio.sleep(1));\n"
                + "    return Coroutine.done();\n"
                + "  }\n}\n");
        assertEquals(List.of(
                "E.java:8: m.E.block: Await.on(...) inside a synchronized block: a task must not hold a monitor while it"
                        + " is suspended (another task on the same thread could enter it); move the await out of the"
                        + " block, or use dev.weft.Lock",
                "E.java:13: m.E.method: an @Async method cannot be synchronized: a task must not hold a monitor while"
                        + " it is suspended (another task on the same thread could enter it); use dev.weft.Lock instead"),
                List.of(msg.split("\n")));
    }

    @Test
    void asyncOnConstructorAndStaticInitialiser() {
        // javac rejects @Async on constructors (it targets methods), so build such a class by hand.
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "m/F", null, "java/lang/Object", null);
        cw.visitSource("F.java", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitAnnotation("Ldev/weft/annotations/Async;", false).visitEnd();
        mv.visitCode();
        org.objectweb.asm.Label l = new org.objectweb.asm.Label();
        mv.visitLabel(l);
        mv.visitLineNumber(3, l);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        mv = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitAnnotation("Ldev/weft/annotations/Async;", false).visitEnd();
        mv.visitCode();
        org.objectweb.asm.Label l2 = new org.objectweb.asm.Label();
        mv.visitLabel(l2);
        mv.visitLineNumber(5, l2);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        WeaveException e = assertThrows(WeaveException.class,
                () -> new Weaver(WeaveHarness.locator(Map.of())).weave(cw.toByteArray()));
        assertEquals(List.of(
                "F.java:3: m.F.<init>: @Async cannot be put on a constructor: a constructor cannot suspend; move the"
                        + " asynchronous work into an @Async factory method",
                "F.java:5: m.F.<clinit>: @Async cannot be put on a static initialiser"),
                List.of(e.getMessage().split("\n")));
    }

    @Test
    void methodTooLargeAfterWeaving() {
        StringBuilder sb = new StringBuilder("public class G {\n"
                + "  @Async static Coroutine<Integer> one(int a, long b, String c) { return Coroutine.of(a); }\n"
                + "  @Async static Coroutine<Integer> big() {\n"
                + "    int a0 = 0; long b0 = 1; String c0 = \"\"; int s = 0;\n");
        // About 59 KB as compiled: too large even in the compact form, which the weaver tries second.
        for (int i = 0; i < 2700; i++) {
            sb.append("    s += Await.on(one(a0 + ").append(i).append(", b0, c0));\n");
        }
        sb.append("    return Coroutine.of(s);\n  }\n}\n");
        String msg = problems("G", sb.toString());
        assertEquals(true, msg.startsWith("G.java:8: m.G.big: method big would be "), msg);
        assertEquals(true, msg.endsWith(" bytes after weaving, over the JVM's limit of 65535 bytes of code per method;"
                + " split it into smaller @Async methods"), msg);
    }

    @Test
    void aClassFileOlderThanJava7IsRefusedBeforeAnythingIsRewritten() {
        Map<String, byte[]> classes = WeaveHarness.compile(Map.of("m.Old", HEADER + "public class Old {\n"
                + "  @Async static Coroutine<Integer> f() { Await.on(Asyncio.sleep(0)); return Coroutine.of(1); }\n"
                + "}\n"));
        byte[] old = classes.get("m/Old").clone();
        old[6] = 0;
        old[7] = 50; // Java 6: no stack map frames
        WeaveException e = assertThrows(WeaveException.class, () -> new Weaver(WeaveHarness.locator(classes)).weave(old));
        assertEquals("Old.java:?: m.Old.f: cannot weave a class file older than Java 7 (version 50); compile with"
                + " --release 8 or later", e.getMessage());
    }


    @Test
    void asyncForOutsideAsyncCode() {
        assertEquals("E.java:8: m.E.sum: for-each over dev.weft.AsyncGenerator, an AsyncIterable (async for), in method"
                        + " sum, which is not @Async: it awaits each item, so it belongs in an @Async method",
                problems("E", "public class E {\n"
                        + "  static int sum(AsyncGenerator<Integer> g) {\n"
                        + "    int s = 0;\n"
                        + "    for (int x : g) { s += x; }\n"
                        + "    return s;\n"
                        + "  }\n}\n"));
    }

    @Test
    void asyncWithOutsideAsyncCode() {
        assertEquals("F.java:7: m.F.use: try-with-resources over dev.weft.AsyncGenerator, an AsyncCloseable (async"
                        + " with), in method use, which is not @Async: closing it awaits aclose(), so it belongs in an"
                        + " @Async method",
                problems("F", "public class F {\n"
                        + "  static void use(AsyncGenerator<Integer> g) {\n"
                        + "    try (var r = g) {\n"
                        + "      System.out.println(r);\n"
                        + "    }\n"
                        + "  }\n}\n"));
    }

    @Test
    void yieldOutsideAGenerator() {
        assertEquals(List.of(
                "G.java:7: m.G.coro: Await.yield(...) in @Async method coro, which returns Coroutine: only an async"
                        + " generator can yield; make the method return dev.weft.AsyncGenerator<T> and end it with"
                        + " `return AsyncGenerator.done();`",
                "G.java:11: m.G.entry: Await.yield(...) in @Async void method entry, an entry point: only an async"
                        + " generator can yield; make the method return dev.weft.AsyncGenerator<T> and end it with"
                        + " `return AsyncGenerator.done();`",
                "G.java:14: m.G.plain: Await.yield(...) in method plain, which is not @Async: only an async generator"
                        + " (an @Async method returning dev.weft.AsyncGenerator) can yield"),
                List.of(problems("G", "public class G {\n"
                        + "  @Async static Coroutine<Void> coro() {\n"
                        + "    Await.yield(1);\n"
                        + "    return Coroutine.done();\n"
                        + "  }\n"
                        + "  @Async static void entry() {\n"
                        + "    Await.yield(3);\n"
                        + "  }\n"
                        + "  static void plain() {\n"
                        + "    Await.yield(2);\n"
                        + "  }\n}\n").split("\n")));
    }

    @Test
    void generatorReturningAValue() {
        assertEquals("H.java:8: m.H.gen: an async generator cannot return a value: end it with `return"
                        + " AsyncGenerator.done();` (in Python, 'return' with a value in an async generator is a"
                        + " SyntaxError)",
                problems("H", "public class H {\n"
                        + "  @Async static AsyncGenerator<Integer> gen(AsyncGenerator<Integer> other) {\n"
                        + "    Await.yield(1);\n"
                        + "    return other;\n"
                        + "  }\n}\n"));
    }
}
