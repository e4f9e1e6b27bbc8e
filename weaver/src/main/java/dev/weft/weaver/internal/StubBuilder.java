package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.BitSet;

/**
 * The rewrite of the method itself: it keeps its name, descriptor, signature and annotations, and its
 * code becomes {@code return new Frame(this, args...)}: calling an {@code @Async} method runs none of
 * its body. {@link #newFrame} also serves the body, which makes its frame lazily when called directly.
 */
final class StubBuilder {
    private StubBuilder() {
    }

    static MethodNode build(MethodShape shape, MethodNode m) {
        boolean isStatic = shape.isStatic;
        int argSize = shape.argSize;
        MethodNode stub = new MethodNode(Opcodes.ASM9, m.access, m.name, m.desc, m.signature,
                m.exceptions == null ? null : m.exceptions.toArray(new String[0]));
        stub.visibleAnnotations = m.visibleAnnotations;
        stub.invisibleAnnotations = m.invisibleAnnotations;
        stub.visibleParameterAnnotations = m.visibleParameterAnnotations;
        stub.invisibleParameterAnnotations = m.invisibleParameterAnnotations;
        stub.visibleAnnotableParameterCount = m.visibleAnnotableParameterCount;
        stub.invisibleAnnotableParameterCount = m.invisibleAnnotableParameterCount;
        stub.visibleTypeAnnotations = m.visibleTypeAnnotations;
        stub.invisibleTypeAnnotations = m.invisibleTypeAnnotations;
        stub.parameters = m.parameters;
        stub.attrs = m.attrs;

        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        InsnList code = stub.instructions;
        code.add(start);
        int line = MisuseChecker.lineOf(m, m.instructions.getFirst());
        if (line > 0) {
            code.add(new LineNumberNode(line, start));
        }
        newFrame(shape, code, new BitSet());
        if (shape.generator) {
            // An async generator's method gives the generator over the frame; its steps run the body.
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "generator", Names.RT_GENERATOR_DESC, false));
        }
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(end);
        stub.localVariables = new ArrayList<>();
        if (m.localVariables != null) {
            for (LocalVariableNode lv : m.localVariables) {
                if (lv.index < argSize) {
                    stub.localVariables.add(new LocalVariableNode(lv.name, lv.desc, lv.signature, start, end, lv.index));
                }
            }
        }
        stub.maxStack = 2 + argSize + (isStatic ? 0 : 1);
        stub.maxLocals = argSize;
        return stub;
    }

    /** Pushes {@code new Frame(this, args...)}, with zero for the arguments in {@code zeroed}. */
    static void newFrame(MethodShape shape, InsnList seq, BitSet zeroed) {
        seq.add(new TypeInsnNode(Opcodes.NEW, shape.frameClass));
        seq.add(new InsnNode(Opcodes.DUP));
        pushArguments(shape, seq, zeroed);
        seq.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, shape.frameClass, "<init>",
                shape.frameConstructorDescriptor(), false));
    }

    /** Pushes the receiver (if any) and the arguments, with zero for those in {@code zeroed}. */
    static void pushArguments(MethodShape shape, InsnList seq, BitSet zeroed) {
        int slot = 0;
        if (!shape.isStatic) {
            seq.add(new VarInsnNode(Opcodes.ALOAD, 0));
            slot = 1;
        }
        for (Type t : shape.argTypes) {
            if (zeroed.get(slot)) {
                seq.add(zero(t));
            } else {
                seq.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
            }
            slot += t.getSize();
        }
    }

    private static AbstractInsnNode zero(Type t) {
        switch (t.getSort()) {
            case Type.LONG:
                return new InsnNode(Opcodes.LCONST_0);
            case Type.FLOAT:
                return new InsnNode(Opcodes.FCONST_0);
            case Type.DOUBLE:
                return new InsnNode(Opcodes.DCONST_0);
            case Type.OBJECT:
            case Type.ARRAY:
                return new InsnNode(Opcodes.ACONST_NULL);
            default:
                return new InsnNode(Opcodes.ICONST_0);
        }
    }
}
