package dev.weft.transformer.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** What every pass needs to know of the method being woven: its class, kind, arguments and frame. */
final class MethodShape {
    final ClassNode cn;
    final String frameClass;
    final boolean isStatic;
    final boolean isInterface;
    final Type[] argTypes;
    /** Slots taken by the receiver and the arguments. */
    final int argSize;
    /** The body's frame parameter, right after the arguments. */
    final int frameSlot;

    MethodShape(ClassNode cn, MethodNode m, String frameClass) {
        this.cn = cn;
        this.frameClass = frameClass;
        this.isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        this.isInterface = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        this.argTypes = Type.getArgumentTypes(m.desc);
        int size = isStatic ? 0 : 1;
        for (Type t : argTypes) {
            size += t.getSize();
        }
        this.argSize = size;
        this.frameSlot = size;
    }

    /** @return the frame class constructor's descriptor: receiver (if any), then the arguments */
    String frameConstructorDescriptor() {
        StringBuilder sb = new StringBuilder("(");
        if (!isStatic) {
            sb.append('L').append(cn.name).append(';');
        }
        for (Type t : argTypes) {
            sb.append(t.getDescriptor());
        }
        return sb.append(")V").toString();
    }

    /** @return the body's descriptor: the arguments, then the frame; returns the result or SUSPEND */
    String bodyDescriptor() {
        StringBuilder sb = new StringBuilder("(");
        for (Type t : argTypes) {
            sb.append(t.getDescriptor());
        }
        return sb.append('L').append(frameClass).append(";)Ljava/lang/Object;").toString();
    }
}
