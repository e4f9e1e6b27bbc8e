package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/** Small instruction sequences the rewriter's steps all write. */
final class Insns {
    private Insns() {
    }

    /** Pushes {@code v} with the shortest instruction. */
    static AbstractInsnNode intConst(int v) {
        if (v >= -1 && v <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + v);
        }
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, v);
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, v);
        }
        return new LdcInsnNode(v);
    }

    /** Pushes the frame's label. */
    static InsnList frameLabel(MethodShape shape) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, Names.FRAME_LABEL, "I"));
        return code;
    }
}
