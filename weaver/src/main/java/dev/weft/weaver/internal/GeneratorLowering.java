package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.Set;

/**
 * The body of an async generator (an {@code @Async} method returning {@code AsyncGenerator}): each
 * {@code Await.yield(v)} becomes {@code Await.on(Rt.yieldPoint(v))}, a suspension point whose await the planner
 * then turns into {@code Rt.yieldValue(v, frame)} (see {@link Names#intrinsic}); and the body may end only with
 * {@code return AsyncGenerator.done();} ({@link BodyPreparer#optimizeReturns} makes it {@code return null}), as a
 * Python async generator cannot return a value.
 */
final class GeneratorLowering {
    private GeneratorLowering() {
    }

    /**
     * @param plainReturns the returns {@link BodyPreparer#optimizeReturns} made plain
     * @throws WeaveProblemException at a return of anything but {@code AsyncGenerator.done()}
     */
    static void lower(MethodShape shape, MethodNode body, Set<AbstractInsnNode> plainReturns) {
        for (AbstractInsnNode insn = body.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.ARETURN && !plainReturns.contains(insn)) {
                throw new WeaveProblemException(MisuseChecker.problem(shape.cn, body, insn,
                        "an async generator cannot return a value: end it with `return AsyncGenerator.done();`"
                                + " (in Python, 'return' with a value in an async generator is a SyntaxError)"));
            }
            if (MisuseChecker.isYieldCall(insn)) {
                InsnList seq = new InsnList();
                seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, Names.RT_YIELD_POINT,
                        Names.RT_YIELD_POINT_DESC, false));
                seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.AWAIT, Names.AWAIT_ON, Names.AWAIT_ON_AWAITABLE,
                        false));
                AbstractInsnNode last = seq.getLast();
                body.instructions.insert(insn, seq);
                body.instructions.remove(insn);
                insn = last;
            }
        }
    }
}
