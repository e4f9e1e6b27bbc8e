package dev.weft.weaver.internal;

import dev.weft.weaver.WeaveProblem;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Python's "coroutine was never awaited", found at weave time: a call of a method returning
 * {@code dev.weft.Coroutine} whose result is dropped ({@code fetch();} as a statement: the call, then
 * {@code pop}), or a method reference to one that a functional interface returning nothing drops
 * ({@code Runnable r = Shop::fetch}, as the Eclipse compiler also compiles {@code () -> fetch()}). Calling an
 * {@code @Async} method runs none of its body, so such a call does nothing at all. Every method of the class
 * is looked at, {@code @Async} or not: {@code main();} in a plain {@code public static void main} is the
 * commonest case.
 *
 * <p>The Eclipse compiler (unless told {@code -preserveAllLocals}) does not store a value in a local variable that
 * is never read: {@code Coroutine<Void> c = fetch();} with {@code c} unused is a dropped call in its class files,
 * and reported, as rightly (that coroutine is never awaited either), though not in javac's.
 *
 * <p>Only calls declared to return exactly {@code Coroutine} count (the runtime's and every {@code @Async}
 * method's return type): telling a subclass would mean reading the class hierarchy of every call's return
 * type, and nothing in the API returns one. A {@code Task} or a {@code Future} may be dropped: it runs anyway.
 */
final class DiscardedCoroutines {
    private DiscardedCoroutines() {
    }

    /**
     * @param cn the class as compiled (before any weaving)
     * @return one warning per dropped call, by line; a call a compiler copied (a {@code finally} block on each
     *     exit) once
     */
    static List<WeaveProblem> find(ClassNode cn) {
        List<WeaveProblem> warnings = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            if (m.instructions == null) {
                continue;
            }
            Set<String> reported = new HashSet<>();
            for (AbstractInsnNode insn : m.instructions) {
                String callee = null;
                if (insn instanceof MethodInsnNode && isDropped((MethodInsnNode) insn)) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    callee = call.owner.replace('/', '.') + "." + call.name;
                } else if (insn instanceof InvokeDynamicInsnNode) {
                    callee = droppedByReference((InvokeDynamicInsnNode) insn);
                }
                if (callee != null && reported.add(MisuseChecker.lineOf(m, insn) + " " + callee)) {
                    warnings.add(MisuseChecker.problem(cn, m, insn, message(callee)));
                }
            }
        }
        warnings.sort(Comparator.comparingInt(WeaveProblem::line));
        return warnings;
    }

    /** The warning for a dropped call of {@code callee} ({@code com.acme.Shop.fetch}). */
    static String message(String callee) {
        return "coroutine " + callee + " was never awaited: its result is dropped, so its body never runs; await it"
                + " (Await.on(...)), or start it with Asyncio.createTask(...)";
    }

    /**
     * @return the method a lambda factory refers to, when it returns {@code Coroutine} and the functional method it
     *     implements returns nothing (the metafactory drops the result); else {@code null}
     */
    private static String droppedByReference(InvokeDynamicInsnNode indy) {
        if (!indy.bsm.getOwner().equals(LAMBDA_METAFACTORY) || indy.bsmArgs.length < 3
                || !(indy.bsmArgs[1] instanceof Handle) || !(indy.bsmArgs[2] instanceof Type)) {
            return null;
        }
        Handle target = (Handle) indy.bsmArgs[1];
        Type instantiated = (Type) indy.bsmArgs[2];
        if (!target.getDesc().endsWith(")" + Names.COROUTINE_DESC)
                || instantiated.getReturnType().getSort() != Type.VOID) {
            return null;
        }
        return target.getOwner().replace('/', '.') + "." + target.getName();
    }

    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private static boolean isDropped(MethodInsnNode call) {
        if (!call.desc.endsWith(")" + Names.COROUTINE_DESC)) {
            return false;
        }
        // Compilers put nothing but labels and line numbers between an expression statement's call and its pop.
        AbstractInsnNode next = call.getNext();
        while (next != null && next.getOpcode() < 0) {
            next = next.getNext();
        }
        return next != null && next.getOpcode() == Opcodes.POP;
    }
}
