package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code return c;} and {@code return m(...);} are tail awaits: nothing of the body runs after them, so they are
 * not resume points. The returned coroutine is awaited by {@code Rt.awaitTail}, a direct call's result goes
 * through {@code Rt.tail} (or its primitive twin), and the body returns what they give: the value, or
 * {@code SUSPEND} with the frame suspended in the tail await (label {@code TAIL}: resumed, it ends with the value
 * it is given). A body called directly that has made no frame makes none: the callee's frame stays published for
 * its own caller to await. A direct call whose result is of another kind than the body's (an {@code int} body
 * returning the call of an object body, say) and a returned {@code Asyncio.sleep(...)} (which parks the frame
 * itself, allocating nothing) stay ordinary resume points.
 */
final class TailReturns {
    private TailReturns() {
    }

    /**
     * Rewrites the tail awaits among {@code points}.
     *
     * @return the other points: the resume points
     */
    static List<SuspensionPoint> rewrite(MethodShape shape, MethodNode m, List<SuspensionPoint> points) {
        List<SuspensionPoint> resumePoints = new ArrayList<>();
        PrimitiveResult own = shape.result;
        InsnList insns = m.instructions;
        for (SuspensionPoint p : points) {
            // A returned Asyncio.sleep(...) stays a resume point: its frame parks itself, no coroutine made.
            if (p.kind != SuspensionPoint.Kind.RETURN || !p.stack.isEmpty()
                    || p.direct != null && p.direct.intrinsic != null) {
                resumePoints.add(p);
                continue;
            }
            InsnList code = new InsnList();
            if (p.direct != null && p.direct.intrinsic == null) {
                PrimitiveResult callee = PrimitiveResult.ofBody(p.direct.bodyDesc);
                if (callee != own) {
                    resumePoints.add(p);
                    continue;
                }
                AwaitSteps.callBody(shape, insns, p.direct);
                code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
                code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, own == null ? "tail" : own.tailName(),
                        own == null ? "(Ljava/lang/Object;Ldev/weft/internal/AsyncFrame;)Ljava/lang/Object;"
                                : "(" + own.returnDescriptor() + "Ldev/weft/internal/AsyncFrame;)" + own.returnDescriptor(),
                        false));
                insns.insertBefore(p.insn, code);
                if (own != null) {
                    insns.set(p.insn, new InsnNode(own.returnOpcode()));
                }
                continue;
            }
            // The coroutine returned.
            code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
            code.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
            code.add(new VarInsnNode(Opcodes.ILOAD, shape.depthSlot));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "awaitTail", Names.RT_AWAIT_TAIL_DESC, false));
            if (own != null) {
                // SUSPEND as the marker; a value or null as the result (PrimitiveReturns.rewrite).
                LabelNode value = new LabelNode();
                code.add(new InsnNode(Opcodes.DUP));
                code.add(new FieldInsnNode(Opcodes.GETSTATIC, Names.RT, Names.RT_SUSPEND, Names.OBJECT_DESC));
                code.add(new JumpInsnNode(Opcodes.IF_ACMPNE, value));
                code.add(new InsnNode(Opcodes.POP));
                code.add(own.marker());
                code.add(new InsnNode(own.returnOpcode()));
                code.add(value);
            }
            insns.insertBefore(p.insn, code);
        }
        return resumePoints;
    }
}
