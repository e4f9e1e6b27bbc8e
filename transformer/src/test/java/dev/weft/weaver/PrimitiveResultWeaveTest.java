package dev.weft.weaver;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which bodies return a primitive (a method declared to return exactly {@code Coroutine<Box>} of a boxed primitive)
 * and what a direct call of one costs on its fast path: no boxing, no unboxing, in the callee and in the caller,
 * including across classes, where the caller's weaver reads the callee's signature from its class file.
 */
class PrimitiveResultWeaveTest {

    private static final String LIB = String.join("\n",
            "package p;",
            "import dev.weft.*;",
            "import dev.weft.annotations.Async;",
            "public class Lib {",
            "  @Async public static Coroutine<Integer> i() { return Coroutine.of(1); }",
            "  @Async public static Coroutine<Long> j() { return Coroutine.of(2L); }",
            "  @Async public static Coroutine<Double> d() { return Coroutine.of(3.0); }",
            "  @Async public static Coroutine<Float> f() { return Coroutine.of(4f); }",
            "  @Async public static Coroutine<Boolean> z() { return Coroutine.of(true); }",
            "  @Async public static Coroutine<Character> c() { return Coroutine.of('x'); }",
            "  @Async public static Coroutine<Short> s() { return Coroutine.of((short) 5); }",
            "  @Async public static Coroutine<Byte> b() throws java.io.IOException { return Coroutine.of((byte) 6); }",
            "  @Async public static Coroutine<String> str() { return Coroutine.of(\"s\"); }",
            "  @Async public static Coroutine<Void> none() { return Coroutine.done(); }",
            "  @Async public static <T> Coroutine<T> generic(T t) { return Coroutine.of(t); }",
            "  @Async public static Coroutine<? extends Integer> wildcard() { return Coroutine.of(7); }",
            "  @SuppressWarnings(\"rawtypes\")",
            "  @Async public static Coroutine raw() { return Coroutine.of(8); }",
            "  private static Integer field = 9;",
            "  @Async public static Coroutine<Integer> unboxedThere() { return Coroutine.of(field); }",
            "}");

    private static final String USER = String.join("\n",
            "package p;",
            "import dev.weft.*;",
            "import dev.weft.annotations.Async;",
            "public class User {",
            "  @Async public static Coroutine<Long> chain(int n) {",
            "    if (n == 0) { return Coroutine.of(0L); }",
            "    long v = Await.on(chain(n - 1));",                   // unboxed at once: no box on the fast path
            "    return Coroutine.of(v + Await.on(Lib.i()));",        // another class, unboxed at once
            "  }",
            "  @Async public static Coroutine<Long> tail(int n) {",
            "    return n == 0 ? Coroutine.of(5L) : tail(n - 1);",   // not direct: two coroutines meet
            "  }",
            "  @Async public static Coroutine<Long> tailDirect(int n) {",
            "    if (n == 0) { return Coroutine.of(5L); }",
            "    return tailDirect(n - 1);",                          // direct, the same primitive: no box
            "  }",
            "  @Async public static Coroutine<String> asObjects() {",
            "    Object o = Await.on(Lib.i());",                       // used as an object: boxed once, here
            "    return Coroutine.of(o + \"\" + Await.on(Lib.unboxedThere()));",
            "  }",
            "}");

    private static Map<String, byte[]> woven() {
        Map<String, byte[]> woven = WeaveHarness.weave(WeaveHarness.compile(Map.of("p.Lib", LIB, "p.User", USER)));
        WeaveHarness.verify(woven);
        return woven;
    }

    private static ClassNode read(byte[] b) {
        ClassNode cn = new ClassNode();
        new ClassReader(b).accept(cn, 0);
        return cn;
    }

    private static MethodNode body(ClassNode cn, String name) {
        return cn.methods.stream().filter(m -> m.name.equals(name) && m.desc.contains("Ldev/weft/Task;I)"))
                .findFirst().orElseThrow();
    }

    @Test
    void exactlyTheBoxedPrimitiveResultsGetPrimitiveBodies() {
        ClassNode lib = read(woven().get("p/Lib"));
        Map<String, String> returns = new TreeMap<>();
        for (String name : List.of("i", "j", "d", "f", "z", "c", "s", "b", "str", "none", "generic", "wildcard",
                "raw", "unboxedThere")) {
            MethodNode body = body(lib, name);
            returns.put(name, body.desc.substring(body.desc.indexOf(')') + 1));
            // The method itself keeps its descriptor and its signature.
            MethodNode stub = lib.methods.stream().filter(m -> m.name.equals(name) && m.desc.endsWith(
                    "Ldev/weft/Coroutine;")).findFirst().orElseThrow();
            assertEquals("()Ldev/weft/Coroutine;", stub.desc.replace("Ljava/lang/Object;", ""), name);
        }
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("i", "I"), Map.entry("j", "J"), Map.entry("d", "D"), Map.entry("f", "F"),
                Map.entry("z", "Z"), Map.entry("c", "C"), Map.entry("s", "S"), Map.entry("b", "B"),
                Map.entry("str", "Ljava/lang/Object;"), Map.entry("none", "Ljava/lang/Object;"),
                Map.entry("generic", "Ljava/lang/Object;"), Map.entry("wildcard", "Ljava/lang/Object;"),
                Map.entry("raw", "Ljava/lang/Object;"), Map.entry("unboxedThere", "I")));
        assertEquals(expected, returns);
        // Coroutine.of(1) returns 1 with no box; Coroutine.of(field) unboxes, signalling null.
        assertEquals(List.of(), boxing(body(lib, "i")));
        assertEquals(List.of("Rt.returnsNull", "Integer.intValue"), boxing(body(lib, "unboxedThere")));
    }

    /** Every call in a body, as {@code Owner.name}. */
    private static List<String> calls(MethodNode body) {
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : body.instructions) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode c = (MethodInsnNode) insn;
                calls.add(c.owner.substring(c.owner.lastIndexOf('/') + 1) + "." + c.name);
            }
        }
        return calls;
    }

    /** The boxing and unboxing calls in a body, and the runtime calls that deal with objects, in order. */
    private static List<String> boxing(MethodNode body) {
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : body.instructions) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode c = (MethodInsnNode) insn;
                String owner = c.owner.substring(c.owner.lastIndexOf('/') + 1);
                if (c.owner.startsWith("java/lang/") && !c.owner.equals("java/lang/String") && (c.name.equals("valueOf") || c.name.endsWith("Value"))
                        || c.owner.equals("dev/weft/internal/Rt") && (c.name.equals("returnsNull")
                        || c.name.equals("unboxable") || c.name.startsWith("signal") && !c.name.equals("signalled")
                        || c.name.startsWith("resume"))) {
                    calls.add(owner + "." + c.name);
                }
            }
        }
        return calls;
    }

    @Test
    void aDirectCallOfAPrimitiveBodyBoxesOnlyOnItsSlowPaths() throws Throwable {
        Map<String, byte[]> woven = woven();
        ClassNode user = read(woven.get("p/User"));
        // chain: each await is signalUnboxed (suspended, or a null that fails) and resumeX (the value, unboxed): no
        // boxing in the woven code.
        assertEquals(List.of("Rt.signalUnboxed", "Rt.resumeLong", "Rt.signalUnboxed", "Rt.resumeInt"),
                boxing(body(user, "chain")));
        MethodNode chain = body(user, "chain");
        assertEquals("J", chain.desc.substring(chain.desc.indexOf(')') + 1));
        // A returned direct call of the same primitive passes it on, through Rt.tailLong: nothing boxed, no frame.
        assertEquals(List.of(), boxing(body(user, "tailDirect")));
        assertTrue(calls(body(user, "tailDirect")).contains("Rt.tailLong"), calls(body(user, "tailDirect")).toString());
        // Not direct: the coroutine is awaited through the runtime (a tail await, Rt.awaitTail), and its object
        // result unboxed to return.
        assertEquals(List.of("Long.valueOf", "Rt.returnsNull", "Long.longValue"), boxing(body(user, "tail")));
        assertTrue(calls(body(user, "tail")).contains("Rt.awaitTail"), calls(body(user, "tail")).toString());
        // Used as an object: boxed on the fast path.
        assertEquals(List.of("Rt.signal", "Rt.resume", "Integer.valueOf", "Rt.signal", "Rt.resume",
                "Integer.valueOf"), boxing(body(user, "asObjects")));
        int returns = 0;
        for (AbstractInsnNode insn : chain.instructions) {
            if (insn.getOpcode() == Opcodes.ARETURN) {
                returns++;
            }
        }
        assertEquals(0, returns, "a body returning long has no areturn");

        ClassLoader loader = WeaveHarness.load(woven);
        Class<?> u = loader.loadClass("p.User");
        Class<?> asyncio = loader.loadClass("dev.weft.Asyncio");
        java.lang.reflect.Method run = asyncio.getMethod("run", loader.loadClass("dev.weft.Awaitable"));
        assertEquals(3000L, run.invoke(null, u.getDeclaredMethod("chain", int.class).invoke(null, 3000)));
        assertEquals(5L, run.invoke(null, u.getDeclaredMethod("tailDirect", int.class).invoke(null, 3000)));
        assertEquals(5L, run.invoke(null, u.getDeclaredMethod("tail", int.class).invoke(null, 10)));
        assertEquals("19", run.invoke(null, u.getDeclaredMethod("asObjects").invoke(null)));
    }

    /** A class woven before, then another woven against it alone: direct only under the same body protocol. */
    private static List<String> callsIntoWovenLib(java.util.function.UnaryOperator<byte[]> marker) {
        Map<String, byte[]> compiled = WeaveHarness.compile(Map.of("p.Lib", LIB, "p.User", USER));
        Weaver libWeaver = new Weaver(WeaveHarness.locator(compiled), WeaveOptions.defaults(), "p/Lib"::equals);
        WeaveResult lib = libWeaver.weave(compiled.get("p/Lib"));
        Map<String, byte[]> classes = new java.util.HashMap<>(compiled);
        classes.put("p/Lib", marker.apply(lib.bytes()));
        classes.putAll(lib.generatedClasses());
        Weaver userWeaver = new Weaver(WeaveHarness.locator(classes), WeaveOptions.defaults(), "p/User"::equals);
        WeaveResult user = userWeaver.weave(classes.get("p/User"));
        classes.put("p/User", user.bytes());
        classes.putAll(user.generatedClasses());
        WeaveHarness.verify(classes);
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : body(read(user.bytes()), "chain").instructions) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals("p/Lib")) {
                MethodInsnNode c = (MethodInsnNode) insn;
                calls.add(c.name + (c.desc.endsWith("Ldev/weft/Coroutine;") ? " frame" : " direct"));
            }
        }
        return calls;
    }

    @Test
    void onlyAClassWovenUnderTheSameBodyProtocolIsCalledDirectly() {
        assertEquals(List.of("i direct"), callsIntoWovenLib(b -> b));
        // The same class with the marker of an older weaver: no protocol (bodies returned Object), or 2 (bodies
        // that signalled returned 0, not the marker). Its bodies may differ, so no direct call.
        assertEquals(List.of("i frame"), callsIntoWovenLib(b -> withProtocol(b, null)));
        assertEquals(List.of("i frame"), callsIntoWovenLib(b -> withProtocol(b, List.of("protocol", 2))));
    }

    private static byte[] withProtocol(byte[] woven, List<Object> values) {
        ClassNode cn = read(woven);
        for (org.objectweb.asm.tree.AnnotationNode a : cn.invisibleAnnotations) {
            if (a.desc.equals("Ldev/weft/internal/Woven;")) {
                assertEquals(List.of("protocol", 3), a.values);
                a.values = values;
            }
        }
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(0);
        cn.accept(cw);
        return cw.toByteArray();
    }
}
