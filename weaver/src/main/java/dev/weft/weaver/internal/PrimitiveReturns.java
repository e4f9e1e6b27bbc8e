package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.Set;

/**
 * The returns of a body returning a primitive (see {@link PrimitiveResult}), the last pass: the body is
 * analysed and rewritten as returning {@code Object} until then.
 */
final class PrimitiveReturns {
    private PrimitiveReturns() {
    }

    /**
     * In a body returning a primitive, every remaining {@code areturn} returns the coroutine's result: a value
     * boxed right before is returned unboxed; any other is unboxed here, and {@code null} is signalled
     * ({@code Rt.returnsNull}) with the marker returned.
     */
    static void rewrite(MethodShape shape, MethodNode m) {
        PrimitiveResult own = shape.result;
        if (own == null) {
            return;
        }
        Set<LabelNode> targets = BodyPreparer.referencedLabels(m);
        InsnList insns = m.instructions;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn.getOpcode() == Opcodes.ARETURN) {
                AbstractInsnNode prev = BodyPreparer.previousCode(insn, targets);
                if (own.isBoxing(prev)) {
                    insns.remove(prev);
                    insns.set(insn, new InsnNode(own.returnOpcode()));
                } else {
                    insns.insertBefore(insn, returnObject(shape));
                    insns.remove(insn);
                }
            }
            insn = next;
        }
    }

    /** Returns the object on the stack from a body returning a primitive: unboxed, or signalled when null. */
    static InsnList returnObject(MethodShape shape) {
        PrimitiveResult own = shape.result;
        LabelNode notNull = new LabelNode();
        InsnList l = new InsnList();
        l.add(new InsnNode(Opcodes.DUP));
        l.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "returnsNull", Names.RT_RETURNS_NULL_DESC, false));
        l.add(new JumpInsnNode(Opcodes.IFEQ, notNull));
        // Null: signalled; drop it and return the marker.
        l.add(new InsnNode(Opcodes.POP));
        l.add(own.marker());
        l.add(new InsnNode(own.returnOpcode()));
        l.add(notNull);
        l.add(own.unboxing());
        l.add(new InsnNode(own.returnOpcode()));
        return l;
    }
}
