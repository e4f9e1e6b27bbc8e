package dev.weft.transformer.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a generated frame class: one typed field per value that lives across a suspension
 * point (by kind: {@code I}, {@code J}, {@code F}, {@code D}, and {@code Object} for references; fields
 * are shared between points), plus {@code self} for instance methods and one field per argument.
 */
final class FrameLayout {

    /** A field of the frame class. */
    static final class Field {
        final String name;
        final String desc;

        Field(String name, String desc) {
            this.name = name;
            this.desc = desc;
        }
    }

    private static final String[] PREFIX = {"i", "j", "f", "d", "l"};
    private static final String[] DESC = {"I", "J", "F", "D", "Ljava/lang/Object;"};

    final String frameClass;
    final String selfDesc;
    /** The arguments, with their declared types: kept for the whole call and passed on every resume. */
    final List<Field> argFields = new ArrayList<>();
    private final List<List<Field>> fields = new ArrayList<>();

    FrameLayout(String frameClass, String selfDesc, Type[] argTypes) {
        this.frameClass = frameClass;
        this.selfDesc = selfDesc;
        for (int k = 0; k < PREFIX.length; k++) {
            fields.add(new ArrayList<>());
        }
        for (int i = 0; i < argTypes.length; i++) {
            argFields.add(new Field("a" + i, argTypes[i].getDescriptor()));
        }
    }

    static int kindOf(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return 0;
            case Type.LONG:
                return 1;
            case Type.FLOAT:
                return 2;
            case Type.DOUBLE:
                return 3;
            default:
                return 4;
        }
    }

    /** @return the {@code index}-th field of the kind of {@code t}, created if needed */
    Field field(Type t, int index) {
        int k = kindOf(t);
        List<Field> list = fields.get(k);
        while (list.size() <= index) {
            list.add(new Field(PREFIX[k] + list.size(), DESC[k]));
        }
        return list.get(index);
    }

    /** Assigns fields to values, numbering each kind from 0. */
    void assign(List<SuspensionPoint.Saved> values) {
        int[] next = new int[PREFIX.length];
        for (SuspensionPoint.Saved s : values) {
            if (s.alwaysNull) {
                continue;
            }
            int k = kindOf(s.type);
            s.field = field(s.type, next[k]++);
        }
    }

    /** @return the reference fields, for nulling the ones a suspension point does not use */
    List<Field> referenceFields() {
        return fields.get(4);
    }

    List<Field> allFields() {
        List<Field> all = new ArrayList<>(argFields);
        for (List<Field> l : fields) {
            all.addAll(l);
        }
        return all;
    }

    static int loadOpcode(Type t) {
        return t.getOpcode(Opcodes.ILOAD);
    }

    static int storeOpcode(Type t) {
        return t.getOpcode(Opcodes.ISTORE);
    }
}
