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
        List<Integer> lines = tailLines(shape, points);
        for (SuspensionPoint p : points) {
            if (!isTail(shape, p)) {
                resumePoints.add(p);
                continue;
            }
            InsnList code = new InsnList();
            if (p.direct != null && p.direct.intrinsic == null) {
                if (lines.size() > 1) {
                    insns.insertBefore(p.direct.call, site(shape, lines.indexOf(p.line)));
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
            if (lines.size() > 1) {
                code.add(site(shape, lines.indexOf(p.line)));
            }
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

    /**
     * Whether {@code p} is a tail await. A returned {@code Asyncio.sleep(...)} stays a resume point: its frame parks
     * itself, no coroutine made; so does a direct call whose result is of another kind than the body's.
     */
    static boolean isTail(MethodShape shape, SuspensionPoint p) {
        if (p.kind != SuspensionPoint.Kind.RETURN || !p.stack.isEmpty()
                || p.direct != null && p.direct.intrinsic != null) {
            return false;
        }
        return p.direct == null || PrimitiveResult.ofBody(p.direct.bodyDesc) == shape.result;
    }

    /**
     * The source lines of the tail awaits among {@code points}, each once, in code order: tail await site
     * {@code k} is the one on the {@code k}-th line. With more than one line, each tail await first stores
     * {@code TAIL - k} in its frame's label (when it has a frame), which suspending in it keeps, so that stack traces
     * and task dumps tell which line it waits on. With one line, {@code TAIL} says it all and nothing is stored.
     */
    static List<Integer> tailLines(MethodShape shape, List<SuspensionPoint> points) {
        List<Integer> lines = new ArrayList<>();
        for (SuspensionPoint p : points) {
            if (isTail(shape, p) && !lines.contains(p.line)) {
                lines.add(p.line);
            }
        }
        return lines;
    }

    /** {@code if (frame != null) frame.label = TAIL - k;}: stack-neutral, before the tail await's call. */
    private static InsnList site(MethodShape shape, int k) {
        InsnList code = new InsnList();
        LabelNode skip = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        code.add(new JumpInsnNode(Opcodes.IFNULL, skip));
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        code.add(Insns.intConst(Names.TAIL_LABEL - k));
        code.add(new FieldInsnNode(Opcodes.PUTFIELD, Names.ASYNC_FRAME, Names.FRAME_LABEL, "I"));
        code.add(skip);
        return code;
    }
}
