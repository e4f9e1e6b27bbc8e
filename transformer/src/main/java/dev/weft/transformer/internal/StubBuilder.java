package dev.weft.transformer.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
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

/**
 * The rewrite of the method itself: it keeps its name, descriptor, signature and annotations, and its
 * code becomes {@code return new Frame(this, args...)}: calling an {@code @Async} method runs none of
 * its body.
 */
final class StubBuilder {
    private StubBuilder() {
    }

    static MethodNode build(MethodShape shape, MethodNode m) {
        String frameClass = shape.frameClass;
        boolean isStatic = shape.isStatic;
        Type[] argTypes = shape.argTypes;
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
        code.add(new TypeInsnNode(Opcodes.NEW, frameClass));
        code.add(new InsnNode(Opcodes.DUP));
        int slot = 0;
        if (!isStatic) {
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
            slot = 1;
        }
        for (Type t : argTypes) {
            code.add(new VarInsnNode(FrameLayout.loadOpcode(t), slot));
            slot += t.getSize();
        }
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, frameClass, "<init>", shape.frameConstructorDescriptor(), false));
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

}
