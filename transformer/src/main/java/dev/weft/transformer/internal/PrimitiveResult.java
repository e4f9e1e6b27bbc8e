package dev.weft.transformer.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The result of an {@code @Async} method declared to return {@code Coroutine<Integer>} (or another boxed
 * primitive type), which its body returns as the primitive: a direct call and the await of it box nothing.
 * Such a body, when it suspends or ends with {@code null}, returns 0 and says so out of band
 * ({@code Rt.signalled} and {@code Rt.signal}). Whether a method has one is read from its generic signature
 * alone, so the weaver of a caller in another class decides exactly as the weaver of the method did.
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

    /** @return the instruction pushing this primitive's zero */
    AbstractInsnNode zero() {
        switch (primitive.getSort()) {
            case Type.LONG:
                return new InsnNode(Opcodes.LCONST_0);
            case Type.DOUBLE:
                return new InsnNode(Opcodes.DCONST_0);
            case Type.FLOAT:
                return new InsnNode(Opcodes.FCONST_0);
            default:
                return new InsnNode(Opcodes.ICONST_0);
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
    InsnList readSignal(java.util.function.Supplier<InsnList> loadTask, LabelNode value) {
        InsnList l = new InsnList();
        l.add(loadTask.get());
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "signalled", Names.RT_SIGNALLED_DESC, false));
        l.add(new JumpInsnNode(Opcodes.IFEQ, value));
        l.add(new InsnNode(primitive.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP));
        l.add(loadTask.get());
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "signal", Names.RT_SIGNAL_DESC, false));
        return l;
    }
}
