package dev.weft.weaver;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact form, which the weaver takes for a body too large in the usual one: points alike share one copy
 * of the await's code. Exceptions (a failed await, a cancellation) still reach the handlers that cover the point,
 * locals and the values below the awaitable survive, and the program computes what the usual form computes.
 */
class CompactFormTest {
    private static final String SOURCE = "package t;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "import java.util.ArrayList;\n"
            + "import java.util.List;\n"
            + "public class C {\n"
            + "  static Future<Integer> pending(int k) {\n"
            + "    Future<Integer> f = Asyncio.getRunningLoop().createFuture();\n"
            + "    Runnable done = () -> { if (k % 5 == 4) { f.setException(new IllegalStateException(\"p\" + k)); } else { f.setResult(k); } };\n"
            + "    if (k % 3 == 0) { Asyncio.getRunningLoop().callSoon(done); } else { done.run(); }\n"
            + "    return f;\n"
            + "  }\n"
            + "  @Async static Coroutine<Integer> fails(int k) {\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "    if (k % 2 == 0) { throw new IllegalStateException(\"f\" + k); }\n"
            + "    return Coroutine.of(k * 10);\n"
            + "  }\n"
            + "  @Async static Coroutine<Void> victim(List<String> log) {\n"
            + "    try {\n"
            + "      log.add(\"victim \" + Await.on(pending(1)));\n"
            + "      Await.on(Asyncio.getRunningLoop().createFuture());\n"
            + "      Await.on(Asyncio.getRunningLoop().createFuture());\n"
            + "    } catch (CancelledError e) {\n"
            + "      log.add(\"victim cancelled\");\n"
            + "      throw e;\n"
            + "    } finally {\n"
            + "      log.add(\"victim finally\");\n"
            + "    }\n"
            + "    return Coroutine.done();\n"
            + "  }\n"
            + "  @Async static Coroutine<String> main() {\n"
            + "    List<String> log = new ArrayList<>();\n"
            + "    int acc = 0;\n"
            + "    for (int r = 0; r < 6; r++) {\n"
            + "      try {\n"
            + "        acc = acc * 3 + Await.on(pending(r));\n"
            + "        acc = acc * 3 + Await.on(pending(r + 2));\n"
            + "        acc = acc * 3 + Await.on(fails(r));\n"
            + "        acc = acc * 3 + Await.on(fails(r + 1));\n"
            + "      } catch (IllegalStateException e) {\n"
            + "        log.add(r + \" caught \" + e.getMessage() + \" acc=\" + acc);\n"
            + "      } finally {\n"
            + "        acc += Await.on(pending(7));\n"
            + "      }\n"
            + "    }\n"
            + "    Task<Void> t = Asyncio.createTask(victim(log));\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "    t.cancel();\n"
            + "    try {\n"
            + "      Await.on(t);\n"
            + "    } catch (CancelledError e) {\n"
            + "      log.add(\"main saw the cancellation\");\n"
            + "    }\n"
            + "    return Coroutine.of(acc + \" \" + log);\n"
            + "  }\n"
            + "  public static Object run() { return Asyncio.run(main()); }\n"
            + "}\n";

    /**
     * The loop's figures are what the same loop computes in Python (pending(k) raising for k % 5 == 4, fails(k)
     * for even k, the finally adding 7).
     */
    private static final String EXPECTED = "616992 [0 caught f0 acc=2, 1 caught f2 acc=271, 2 caught p4 acc=836,"
            + " 3 caught f4 acc=22833, 4 caught p4 acc=22840, 5 caught f6 acc=616985, victim 1, victim cancelled,"
            + " victim finally, main saw the cancellation]";

    @Test
    void theCompactFormComputesWhatTheUsualFormComputes() throws Throwable {
        Map<String, byte[]> classes = WeaveHarness.compile(Map.of("t.C", SOURCE));
        Map<String, byte[]> usual = WeaveHarness.weave(classes);
        WeaveHarness.verify(usual);
        assertEquals(EXPECTED, WeaveHarness.call(WeaveHarness.load(usual), "t.C", "run"));

        Map<String, byte[]> compact = WeaveHarness.weave(classes, WeaveOptions.defaults().withCompact(true));
        WeaveHarness.verify(compact);
        assertEquals(EXPECTED, WeaveHarness.call(WeaveHarness.load(compact), "t.C", "run"));

        // The points alike share their code: fewer calls of the runtime than awaits. (For so few points the body is
        // not smaller: the form pays off in bodies of thousands of awaits, see CodeSizeTest.)
        assertTrue(awaitCalls(compact, "main") < awaitCalls(usual, "main"),
                awaitCalls(compact, "main") + " vs " + awaitCalls(usual, "main"));
        assertTrue(awaitCalls(compact, "victim") < awaitCalls(usual, "victim"),
                awaitCalls(compact, "victim") + " vs " + awaitCalls(usual, "victim"));
    }

    @Test
    void theCompactFormOfEcjClassFilesComputesTheSame() throws Throwable {
        Map<String, byte[]> classes = WeaveHarness.compileWithEcj(Map.of("t.C", SOURCE));
        Map<String, byte[]> compact = WeaveHarness.weave(classes, WeaveOptions.defaults().withCompact(true));
        WeaveHarness.verify(compact);
        assertEquals(EXPECTED, WeaveHarness.call(WeaveHarness.load(compact), "t.C", "run"));
    }

    /** How many calls of {@code Rt.await} and {@code Rt.resume} the body of {@code name} makes. */
    private static int awaitCalls(Map<String, byte[]> classes, String name) {
        int n = 0;
        for (AbstractInsnNode insn : body(classes, name).instructions) {
            if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals("dev/weft/internal/Rt")
                    && (((MethodInsnNode) insn).name.equals("await") || ((MethodInsnNode) insn).name.equals("resume"))) {
                n++;
            }
        }
        return n;
    }

    private static MethodNode body(Map<String, byte[]> classes, String name) {
        ClassNode cn = new ClassNode();
        new ClassReader(classes.get("t/C")).accept(cn, 0);
        for (MethodNode m : cn.methods) {
            if (m.name.equals(name) && (m.access & Opcodes.ACC_SYNTHETIC) != 0) {
                return m;
            }
        }
        throw new AssertionError("no body " + name);
    }
}
