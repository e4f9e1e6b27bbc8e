package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

import java.util.function.Supplier;

/**
 * The result of an {@code @Async} method declared to return {@code Coroutine<Integer>} (or another boxed
 * primitive type), which its body returns as the primitive: a direct call and the await of it box nothing.
 * Such a body, when it suspends or ends with {@code null}, returns its type's {@linkplain #marker marker} value
 * and says so out of band ({@code Rt.signalled} and {@code Rt.signal}). A caller reads the signal only when the
 * primitive is the marker: a compare with a constant, in a register, instead of a load from the task's loop
 * after every call. A real result equal to the marker costs that load, and is still the result. Whether a
 * method has a primitive result is read from its generic signature alone, so the weaver of a caller in another
 * class decides exactly as the weaver of the method did.
 */
final class PrimitiveResult {
    private static final PrimitiveResult[] ALL = {
            new PrimitiveResult("java/lang/Integer", Type.INT_TYPE, "intValue"),
            new PrimitiveResult("java/lang/Long", Type.LONG_TYPE, "longValue"),
            new PrimitiveResult("java/lang/Double", Type.DOUBLE_TYPE, "doubleValue"),
            new PrimitiveResult("java/lang/Boolean", Type.BOOLEAN_TYPE, "booleanValue"),
            new PrimitiveResult("java/lang/Float", Type.FLOAT_TYPE, "floatValue"),
            new PrimitiveResult("java/lang/Character", Type.CHAR_TYPE, "charValue"),
            new PrimitiveResult("java/lang/Short", Type.SHORT_TYPE, "shortValue"),
            new PrimitiveResult("java/lang/Byte", Type.BYTE_TYPE, "byteValue"),
    };

    /** The box's internal name, e.g. {@code java/lang/Integer}. */
    final String box;
    /** The primitive the body returns. */
    final Type primitive;
    private final String unboxName;
    /** {@code Box.valueOf}'s descriptor, e.g. {@code (I)Ljava/lang/Integer;}. */
    private final String valueOfDesc;
    /** {@code Box.xValue}'s descriptor, e.g. {@code ()I}. */
    private final String unboxDesc;
    private final String signatureReturn;

    private PrimitiveResult(String box, Type primitive, String unboxName) {
        this.box = box;
        this.primitive = primitive;
        this.unboxName = unboxName;
        this.valueOfDesc = "(" + primitive.getDescriptor() + ")L" + box + ";";
        this.unboxDesc = "()" + primitive.getDescriptor();
        this.signatureReturn = ")L" + Names.COROUTINE + "<L" + box + ";>;";
    }

    /**
     * @param signature an {@code @Async} method's generic signature, or {@code null}
     * @return its primitive result, when it returns exactly {@code Coroutine<Box>}; else {@code null}
     */
    static PrimitiveResult ofSignature(String signature) {
        if (signature == null) {
            return null;
        }
        int end = signature.indexOf('^'); // throws clauses follow the return type
        String ret = signature.substring(signature.indexOf(')'), end < 0 ? signature.length() : end);
        for (PrimitiveResult p : ALL) {
            if (ret.equals(p.signatureReturn)) {
                return p;
            }
        }
        return null;
    }

    /**
     * @param bodyDesc a woven body's descriptor
     * @return the primitive result it returns, or {@code null} when it returns {@code Object}
     */
    static PrimitiveResult ofBody(String bodyDesc) {
        Type ret = Type.getReturnType(bodyDesc);
        for (PrimitiveResult p : ALL) {
            if (ret.equals(p.primitive)) {
                return p;
            }
        }
        return null;
    }

    /** @return {@code Rt.resumeInt(frame, method)} and the like: the resumed value, unboxed (a null fails) */
    AbstractInsnNode resumeUnboxed() {
        String name = box.substring(box.lastIndexOf('/') + 1);
        if (name.equals("Integer")) {
            name = "Int";
        }
        return new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "resume" + name,
                "(Ldev/weft/internal/AsyncFrame;Ljava/lang/String;)" + primitive.getDescriptor(), false);
    }

    /**
     * Like {@link #readSignal}, where the value is unboxed at once: a signalled {@code null} fails right there
     * ({@code Rt.signalUnboxed}), so what follows is always {@code SUSPEND}.
     */
    InsnList readSignalUnboxed(Supplier<InsnList> loadTask, LabelNode value, String method) {
        InsnList l = readSignal(loadTask, value);
        MethodInsnNode signal = (MethodInsnNode) l.getLast();
        l.insertBefore(signal, new LdcInsnNode(method));
        l.set(signal, new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "signalUnboxed",
                "(Ldev/weft/Task;Ljava/lang/String;)Ljava/lang/Object;", false));
        return l;
    }

    /** @return the name of {@code Rt.tailInt} and the like */
    String tailName() {
        String name = box.substring(box.lastIndexOf('/') + 1);
        return "tail" + (name.equals("Integer") ? "Int" : name);
    }

    /** @return the descriptor a body returning this primitive ends with */
    String returnDescriptor() {
        return primitive.getDescriptor();
    }

    /** @return {@code Box.valueOf(primitive)}: the primitive on the stack becomes its box */
    AbstractInsnNode boxing() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, box, "valueOf", valueOfDesc, false);
    }

    /** @return whether {@code insn} is {@link #boxing} */
    boolean isBoxing(AbstractInsnNode insn) {
        if (insn == null || insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode m = (MethodInsnNode) insn;
        return m.owner.equals(box) && m.name.equals("valueOf") && m.desc.equals(valueOfDesc);
    }

    /** @return {@code checkcast Box; Box.xValue()}: an object on the stack becomes the primitive (or throws) */
    InsnList unboxing() {
        InsnList l = new InsnList();
        l.add(new TypeInsnNode(Opcodes.CHECKCAST, box));
        l.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, box, unboxName, unboxDesc, false));
        return l;
    }

    /** @return whether {@code insn} is the {@code Box.xValue()} call of {@link #unboxing} */
    boolean isUnboxCall(AbstractInsnNode insn) {
        if (insn == null || insn.getOpcode() != Opcodes.INVOKEVIRTUAL) {
            return false;
        }
        MethodInsnNode m = (MethodInsnNode) insn;
        return m.owner.equals(box) && m.name.equals(unboxName) && m.desc.equals(unboxDesc);
    }

    /** @return whether {@code insn} is the {@code checkcast Box} of {@link #unboxing} */
    boolean isCast(AbstractInsnNode insn) {
        return insn != null && insn.getOpcode() == Opcodes.CHECKCAST && ((TypeInsnNode) insn).desc.equals(box);
    }

    /** The int marker; also the bits of the float marker, and (widened) of the long and double markers. */
    static final int INT_MARKER = 0x8000_5EF7;
    static final long LONG_MARKER = 0x8000_0000_0000_5EF7L;

    /**
     * @return the instruction pushing the value a body returns when it signals: for int and long a large negative
     *     number, for float and double a negative subnormal (never a NaN, which equals nothing), for char
     *     {@code '\uFFFF'} (not a character), for short and byte a negative value; for boolean, with only two
     *     values, {@code false}
     */
    AbstractInsnNode marker() {
        switch (primitive.getSort()) {
            case Type.INT:
                return new LdcInsnNode(INT_MARKER);
            case Type.LONG:
                return new LdcInsnNode(LONG_MARKER);
            case Type.FLOAT:
                return new LdcInsnNode(Float.intBitsToFloat(INT_MARKER));
            case Type.DOUBLE:
                return new LdcInsnNode(Double.longBitsToDouble(LONG_MARKER));
            case Type.CHAR:
                return new LdcInsnNode(0xFFFF);
            case Type.SHORT:
                return new IntInsnNode(Opcodes.SIPUSH, (short) 0x8A51);
            case Type.BYTE:
                return new IntInsnNode(Opcodes.BIPUSH, (byte) 0x81);
            default:
                return new InsnNode(Opcodes.ICONST_0);
        }
    }

    /** @return {@code lcmp}, {@code fcmpl} or {@code dcmpl}; -1 for the int-like types, compared by a jump */
    private int compareOpcode() {
        switch (primitive.getSort()) {
            case Type.LONG:
                return Opcodes.LCMP;
            case Type.FLOAT:
                return Opcodes.FCMPL;
            case Type.DOUBLE:
                return Opcodes.DCMPL;
            default:
                return -1;
        }
    }

    /** @return the opcode returning this primitive */
    int returnOpcode() {
        return primitive.getOpcode(Opcodes.IRETURN);
    }

    /**
     * After a call of a body returning this primitive, with the primitive on the stack: goes on at {@code value}
     * with it when the body did not signal; otherwise replaces it with what the signal means, {@code SUSPEND} or
     * the {@code null} result ({@code Rt.signal}), and goes on after the returned instructions.
     *
     * @param loadTask makes the instructions that push the running task
     * @param value where the primitive, the result, goes on
     * @return the instructions
     */
    InsnList readSignal(Supplier<InsnList> loadTask, LabelNode value) {
        InsnList l = new InsnList();
        boolean wide = primitive.getSize() == 2;
        l.add(new InsnNode(wide ? Opcodes.DUP2 : Opcodes.DUP));
        l.add(marker());
        int compare = compareOpcode();
        if (compare < 0) {
            l.add(new JumpInsnNode(Opcodes.IF_ICMPNE, value));
        } else {
            l.add(new InsnNode(compare));
            l.add(new JumpInsnNode(Opcodes.IFNE, value));
        }
        l.add(loadTask.get());
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "signalled", Names.RT_SIGNALLED_DESC, false));
        l.add(new JumpInsnNode(Opcodes.IFEQ, value));
        l.add(new InsnNode(wide ? Opcodes.POP2 : Opcodes.POP));
        l.add(loadTask.get());
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "signal", Names.RT_SIGNAL_DESC, false));
        return l;
    }
}
