package dev.weft.weaver;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which awaits become direct calls of an {@code @Async} body (no frame unless the callee suspends): a call
 * awaited at once, of a method no override can redirect, in a class woven by the same run or already woven.
 * Everything else keeps the call that makes a frame.
 */
class DirectCallWeaveTest {

    private static final String LIB = String.join("\n",
            "package d;",
            "import dev.weft.*;",
            "import dev.weft.annotations.Async;",
            "public class Lib {",
            "  @Async public static Coroutine<Integer> stat(int x) { return Coroutine.of(x); }",
            "  @Async public final Coroutine<Integer> fin(int x) { return Coroutine.of(x); }",
            "  @Async public Coroutine<Integer> virt(int x) { return Coroutine.of(x); }",
            "}");

    private static final String USER = String.join("\n",
            "package d;",
            "import dev.weft.*;",
            "import dev.weft.annotations.Async;",
            "public class User {",
            "  @Async private Coroutine<Integer> priv(int x) { return Coroutine.of(x); }",
            "  @Async public static Coroutine<Integer> run(Lib lib, boolean c) throws java.io.IOException {",
            "    int a = Await.on(Lib.stat(1));",                                // direct
            "    a += Await.on(lib.fin(2));",                                    // direct: final
            "    a += Await.on(lib.virt(3));",                                   // not: may be overridden
            "    a += Await.on(new User().priv(4));",                            // direct: private
            "    a += Await.on(c ? Lib.stat(5) : Lib.stat(6));",                 // not: two calls meet
            "    Coroutine<Integer> later = Lib.stat(7);",
            "    a += Await.on(later);",                                         // not: not awaited at once
            "    a += Await.on(Lib.stat(8), java.io.IOException.class);",        // direct
            "    return Lib.stat(a);",                                           // direct: returned
            "  }",
            "}");

    @Test
    void onlyCallsThatNothingCanRedirectAreDirect() throws Throwable {
        Map<String, byte[]> woven = WeaveHarness.weave(WeaveHarness.compile(Map.of("d.Lib", LIB, "d.User", USER)));
        WeaveHarness.verify(woven);
        MethodNode body = runBody(woven.get("d/User"), "Ldev/weft/Task;I)I");
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : body.instructions) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode c = (MethodInsnNode) insn;
                if (c.owner.startsWith("d/") && !c.owner.contains("$weft$") && !c.name.equals("<init>")) {
                    calls.add(c.name + (c.desc.endsWith("Ldev/weft/Coroutine;") ? " frame" : " direct"));
                }
            }
        }
        assertEquals(List.of("stat direct", "fin direct", "virt frame", "priv direct", "stat frame", "stat frame",
                "stat frame", "stat direct", "stat direct"), calls);

        ClassLoader loader = WeaveHarness.load(woven);
        Object lib = loader.loadClass("d.Lib").getConstructor().newInstance();
        Class<?> user = loader.loadClass("d.User");
        Object coroutine = user.getDeclaredMethod("run", loader.loadClass("d.Lib"), boolean.class).invoke(null, lib, true);
        Class<?> asyncio = loader.loadClass("dev.weft.Asyncio");
        Object result = asyncio.getMethod("run", loader.loadClass("dev.weft.Awaitable")).invoke(null, coroutine);
        assertEquals(1 + 2 + 3 + 4 + 5 + 7 + 8, result);
    }

    private static final String SLEEPER = String.join("\n",
            "package d;",
            "import dev.weft.*;",
            "import dev.weft.annotations.Async;",
            "public class Sleeper {",
            "  @Async public static Coroutine<String> run(double d) {",
            "    Await.on(Asyncio.sleep(d));",                                  // Rt.sleep
            "    String s = Await.on(Asyncio.sleep(d, \"x\"));",             // Rt.sleep, with the result
            "    s += Await.on(Asyncio.sleep(0, \"y\"), RuntimeException.class);", // Rt.sleep, checked
            "    Coroutine<Void> later = Asyncio.sleep(d);",
            "    Await.on(later);",                                             // not: not awaited at once
            "    return Asyncio.sleep(d, s + \"z\");",                        // Rt.sleep: returned
            "  }",
            "}");

    /** {@code Await.on(Asyncio.sleep(...))} makes no coroutine: the frame parks itself through {@code Rt.sleep}. */
    @Test
    void awaitingASleepAtOnceMakesNoCoroutine() throws Throwable {
        Map<String, byte[]> woven = WeaveHarness.weave(WeaveHarness.compile(Map.of("d.Sleeper", SLEEPER)));
        WeaveHarness.verify(woven);
        MethodNode body = runBody(woven.get("d/Sleeper"), "Ldev/weft/Task;I)Ljava/lang/Object;");
        List<String> calls = new ArrayList<>();
        for (AbstractInsnNode insn : body.instructions) {
            if (insn instanceof MethodInsnNode) {
                MethodInsnNode c = (MethodInsnNode) insn;
                if (c.name.equals("sleep") || c.name.equals("await")) {
                    calls.add(c.owner.substring(c.owner.lastIndexOf('/') + 1) + "." + c.name
                            + (c.desc.contains("Object;L") ? "(d,result)" : ""));
                }
            }
        }
        assertEquals(List.of("Rt.sleep", "Rt.sleep(d,result)", "Rt.sleep(d,result)", "Asyncio.sleep", "Rt.await",
                "Rt.sleep(d,result)"), calls);

        ClassLoader loader = WeaveHarness.load(woven);
        Class<?> sleeper = loader.loadClass("d.Sleeper");
        Class<?> asyncio = loader.loadClass("dev.weft.Asyncio");
        java.lang.reflect.Method run = asyncio.getMethod("run", loader.loadClass("dev.weft.Awaitable"));
        assertEquals("xyz", run.invoke(null, sleeper.getDeclaredMethod("run", double.class).invoke(null, 0.001)));
        java.lang.reflect.InvocationTargetException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.lang.reflect.InvocationTargetException.class,
                () -> run.invoke(null, sleeper.getDeclaredMethod("run", double.class).invoke(null, Double.NaN)));
        assertEquals(IllegalArgumentException.class, e.getCause().getClass());
        assertEquals("sleep: delay must not be NaN", e.getCause().getMessage());
    }
    private static final String ARGS = String.join("\n",
            "package d;",
            "import dev.weft.*;",
            "import dev.weft.annotations.Async;",
            "public class Args {",
            "  @Async static Coroutine<Integer> step(int x) { Await.on(Asyncio.sleep(0)); return Coroutine.of(x); }",
            "  @Async public Coroutine<String> run(String dead, int live, long deadLong, String late) {",
            "    int r = Await.on(step(dead.length() + (int) deadLong));", // dead and deadLong: dead from here
            "    r += Await.on(step(live));",                               // live: dead from here
            "    return Coroutine.of(late + r);",
            "  }",
            "}");

    /**
     * A frame made only when a body must suspend at a direct call of another body gets zero for every argument that
     * nothing after the point reads, so no argument stays live across a direct call just for a frame that is rarely
     * made. The receiver and the arguments still read are passed as they are. (At other awaits, a sleep here, dead
     * arguments are kept, for debuggers: DebuggerTest.)
     */
    @Test
    void aFrameMadeAtADirectCallGetsOnlyTheArgumentsStillRead() throws Throwable {
        Map<String, byte[]> woven = WeaveHarness.weave(WeaveHarness.compile(Map.of("d.Args", ARGS)));
        WeaveHarness.verify(woven);
        MethodNode body = runBody(woven.get("d/Args"), "Ldev/weft/Task;I)Ljava/lang/Object;");
        List<String> frames = new ArrayList<>();
        String frameClass = "d/Args$weft$run$0";
        int ctorArgs = 5; // the receiver and the four arguments
        for (AbstractInsnNode insn : body.instructions) {
            // Frame.bounce$(args..., task) where it bounces; where it suspends, the save method takes the frame, null
            // in a body called directly, then args..., task (to make it), then the saved locals.
            if (!(insn instanceof MethodInsnNode) || !((MethodInsnNode) insn).owner.equals(frameClass)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            org.objectweb.asm.Type[] params = org.objectweb.asm.Type.getArgumentTypes(call.desc);
            int skip;
            if (call.name.equals("bounce$")) {
                skip = 1; // the task
            } else {
                int frameParam = -1;
                for (int i = 0; i < params.length; i++) {
                    if (params[i].getInternalName().equals(frameClass)) {
                        frameParam = i;
                    }
                }
                int lazyEnd = frameParam + 1 + ctorArgs + 1;
                if (frameParam < 0 || params.length < lazyEnd || !params[frameParam + 1].getDescriptor().equals("Ld/Args;")) {
                    continue; // a save method of a point where the frame exists
                }
                skip = params.length - lazyEnd + 1; // the saved locals, then the task
            }
            AbstractInsnNode a = insn.getPrevious();
            for (int i = 0; i < skip; i++) {
                a = a.getPrevious();
            }
            List<String> args = new ArrayList<>();
            for (int i = 0; i < ctorArgs; i++, a = a.getPrevious()) {
                args.add(0, org.objectweb.asm.util.Printer.OPCODES[a.getOpcode()].toLowerCase(java.util.Locale.ROOT)
                        + (a instanceof org.objectweb.asm.tree.VarInsnNode
                        ? " " + ((org.objectweb.asm.tree.VarInsnNode) a).var : ""));
            }
            frames.add(String.join(", ", args));
        }
        assertEquals(List.of(
                "aload 0, aload 1, iload 2, lload 3, aload 5",        // too deep: bounce with every argument
                "aload 0, aconst_null, iload 2, lconst_0, aload 5",   // the first await suspended
                "aload 0, aconst_null, iconst_0, lconst_0, aload 5"), // the second
                frames);

        ClassLoader loader = WeaveHarness.load(woven);
        Class<?> args = loader.loadClass("d.Args");
        Object coroutine = args.getMethod("run", String.class, int.class, long.class, String.class)
                .invoke(args.getConstructor().newInstance(), "ab", 7, 3L, "late ");
        Class<?> asyncio = loader.loadClass("dev.weft.Asyncio");
        assertEquals("late 12", asyncio.getMethod("run", loader.loadClass("dev.weft.Awaitable")).invoke(null, coroutine));
    }

    /** The woven body of {@code run}: its descriptor ends with the added parameters and the body's result. */
    private static MethodNode runBody(byte[] woven, String descEnd) {
        ClassNode cn = new ClassNode();
        new ClassReader(woven).accept(cn, 0);
        return cn.methods.stream()
                .filter(m -> m.name.equals("run") && m.desc.endsWith(descEnd))
                .findFirst().orElseThrow();
    }
}
