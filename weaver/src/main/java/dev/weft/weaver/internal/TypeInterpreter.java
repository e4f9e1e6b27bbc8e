package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Gives every local and stack slot its exact type (like ASM's {@code SimpleVerifier}, without
 * verifying and without loading classes), and marks objects created by {@code NEW} as uninitialised
 * until their constructor runs.
 */
final class TypeInterpreter extends BasicInterpreter {
    static final Type OBJECT = Type.getObjectType("java/lang/Object");

    /** A {@code NEW} result whose constructor has not run yet. */
    static final class Uninitialized extends BasicValue {
        final TypeInsnNode newInsn;

        Uninitialized(Type type, TypeInsnNode newInsn) {
            super(type);
            this.newInsn = newInsn;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Uninitialized && ((Uninitialized) o).newInsn == newInsn;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(newInsn);
        }
    }

    private final ClassHierarchy hierarchy;

    TypeInterpreter(ClassHierarchy hierarchy) {
        super(Opcodes.ASM9);
        this.hierarchy = hierarchy;
    }

    @Override
    public BasicValue newValue(Type type) {
        if (type == null) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        switch (type.getSort()) {
            case Type.VOID:
                return null;
            case Type.BOOLEAN:
            case Type.CHAR:
            case Type.BYTE:
            case Type.SHORT:
            case Type.INT:
                return BasicValue.INT_VALUE;
            case Type.FLOAT:
                return BasicValue.FLOAT_VALUE;
            case Type.LONG:
                return BasicValue.LONG_VALUE;
            case Type.DOUBLE:
                return BasicValue.DOUBLE_VALUE;
            case Type.ARRAY:
            case Type.OBJECT:
                return new BasicValue(type);
            default:
                throw new AssertionError("unexpected type " + type);
        }
    }

    @Override
    public BasicValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.NEW) {
            TypeInsnNode t = (TypeInsnNode) insn;
            return new Uninitialized(Type.getObjectType(t.desc), t);
        }
        return super.newOperation(insn);
    }

    @Override
    public BasicValue binaryOperation(AbstractInsnNode insn, BasicValue value1, BasicValue value2)
            throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.AALOAD) {
            Type arrayType = value1.getType();
            if (arrayType != null && arrayType.getSort() == Type.ARRAY) {
                return newValue(Type.getType(arrayType.getDescriptor().substring(1)));
            }
            return newValue(OBJECT);
        }
        return super.binaryOperation(insn, value1, value2);
    }

    @Override
    public BasicValue merge(BasicValue value1, BasicValue value2) {
        if (value1.equals(value2) && value1.getClass() == value2.getClass()) {
            return value1;
        }
        if (value1 instanceof Uninitialized || value2 instanceof Uninitialized) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        Type type1 = value1.getType();
        Type type2 = value2.getType();
        if (type1 == null || type2 == null) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        if (type1.equals(type2)) {
            return value1;
        }
        if (!isReference(type1) || !isReference(type2)) {
            return BasicValue.UNINITIALIZED_VALUE;
        }
        if (type1.equals(NULL_TYPE)) {
            return value2;
        }
        if (type2.equals(NULL_TYPE)) {
            return value1;
        }
        return newValue(mergeReferences(type1, type2));
    }

    private static boolean isReference(Type t) {
        return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
    }

    /** The JVM verifier's merge: common superclass; arrays element-wise; interfaces as Object. */
    private Type mergeReferences(Type type1, Type type2) {
        int dim1 = 0;
        Type e1 = type1;
        if (type1.getSort() == Type.ARRAY) {
            dim1 = type1.getDimensions();
            e1 = type1.getElementType();
            if (e1.getSort() != Type.OBJECT) {
                dim1--;
                e1 = OBJECT;
            }
        }
        int dim2 = 0;
        Type e2 = type2;
        if (type2.getSort() == Type.ARRAY) {
            dim2 = type2.getDimensions();
            e2 = type2.getElementType();
            if (e2.getSort() != Type.OBJECT) {
                dim2--;
                e2 = OBJECT;
            }
        }
        if (dim1 != dim2) {
            return arrayOf(OBJECT, Math.min(dim1, dim2));
        }
        String common = hierarchy.commonSuperClass(e1.getInternalName(), e2.getInternalName());
        return arrayOf(Type.getObjectType(common), dim1);
    }

    private static Type arrayOf(Type element, int dims) {
        if (dims == 0) {
            return element;
        }
        return Type.getType("[".repeat(dims) + element.getDescriptor());
    }

    /** A frame that turns an uninitialised object into an initialised one when its constructor runs. */
    static final class InitFrame extends Frame<BasicValue> {
        InitFrame(int numLocals, int maxStack) {
            super(numLocals, maxStack);
        }

        InitFrame(Frame<? extends BasicValue> frame) {
            super(frame);
        }

        @Override
        public void execute(AbstractInsnNode insn, Interpreter<BasicValue> interpreter) throws AnalyzerException {
            BasicValue receiver = null;
            if (insn.getOpcode() == Opcodes.INVOKESPECIAL && ((MethodInsnNode) insn).name.equals("<init>")) {
                int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
                receiver = getStack(getStackSize() - 1 - args);
            }
            super.execute(insn, interpreter);
            if (receiver instanceof Uninitialized) {
                BasicValue init = interpreter.newValue(receiver.getType());
                for (int i = 0; i < getLocals(); i++) {
                    if (receiver.equals(getLocal(i))) {
                        setLocal(i, init);
                    }
                }
                for (int i = 0; i < getStackSize(); i++) {
                    if (receiver.equals(getStack(i))) {
                        setStack(i, init);
                    }
                }
            }
        }
    }
}
