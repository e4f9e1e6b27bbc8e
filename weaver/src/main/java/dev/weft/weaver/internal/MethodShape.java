package dev.weft.weaver.internal;

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
    /** The method's own descriptor. */
    final String desc;
    /** The body's frame parameter, right after the arguments ({@code null} when the body is called directly). */
    final int frameSlot;
    /** The body's task parameter, after the frame. */
    final int taskSlot;
    /** The body's depth parameter (of direct calls and inline awaits), after the task. */
    final int depthSlot;
    /** The primitive the body returns for a {@code Coroutine<Integer>} (and the like), else {@code null}. */
    final PrimitiveResult result;
    /** Whether the method is an async generator: it returns {@code AsyncGenerator}, its body yields. */
    final boolean generator;
    /** The slots the body adds after the arguments: frame, task, depth. */
    static final int EXTRA_SLOTS = 3;

    MethodShape(ClassNode cn, MethodNode m, String frameClass) {
        this.cn = cn;
        this.frameClass = frameClass;
        this.isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        this.isInterface = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        this.argTypes = Type.getArgumentTypes(m.desc);
        this.desc = m.desc;
        this.generator = MisuseChecker.isGenerator(m);
        this.result = generator ? null : PrimitiveResult.ofSignature(m.signature);
        int size = isStatic ? 0 : 1;
        for (Type t : argTypes) {
            size += t.getSize();
        }
        this.argSize = size;
        this.frameSlot = size;
        this.taskSlot = size + 1;
        this.depthSlot = size + 2;
    }

    /**
     * The frame class of an {@code @Async} method: {@code Host$weft$name$k}, where k counts the class's
     * {@code @Async} methods of that name in class-file order, so a caller elsewhere can name it too.
     */
    static String frameClassName(String host, String methodName, int ordinal) {
        return host + Names.FRAME_INFIX + methodName.replace('<', '_').replace('>', '_') + "$" + ordinal;
    }

    /**
     * The body's descriptor: the method's arguments, then its frame, the task and the depth; it returns the
     * result or {@code SUSPEND}, or, with a primitive result, the primitive (see {@link PrimitiveResult}).
     */
    static String bodyDescriptor(String methodDesc, String frameClass, PrimitiveResult result) {
        StringBuilder sb = new StringBuilder("(");
        for (Type t : Type.getArgumentTypes(methodDesc)) {
            sb.append(t.getDescriptor());
        }
        return sb.append('L').append(frameClass).append(';').append(Names.TASK_DESC).append("I)")
                .append(result == null ? Names.OBJECT_DESC : result.returnDescriptor()).toString();
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

    /** @return the frame class's factory for a body called directly: receiver, arguments, task; the frame */
    String lazyFactoryDescriptor() {
        String c = frameConstructorDescriptor();
        return c.substring(0, c.length() - 2) + Names.TASK_DESC + ")L" + frameClass + ";";
    }

    /**
     * @return the frame class's bounce for a body called too deep: receiver, arguments, task; it returns what the
     *     body returns when suspended, {@code SUSPEND} or its primitive's marker
     */
    String bounceDescriptor() {
        String c = frameConstructorDescriptor();
        return c.substring(0, c.length() - 2) + Names.TASK_DESC + ")"
                + (result == null ? Names.OBJECT_DESC : result.returnDescriptor());
    }

    /** @return the body's descriptor (see {@link #bodyDescriptor(String, String, PrimitiveResult)}) */
    String bodyDescriptor() {
        return bodyDescriptor(desc, frameClass, result);
    }
}
