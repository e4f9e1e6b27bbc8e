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
    /** The body's suspension points, labels 1 to this; the frame's invoke() accepts no other label but 0. */
    int resumePoints;
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

    /**
     * Assigns fields to the values of every point. Each kind has as many fields as the point with the most
     * values of that kind needs (a point takes the lowest free ones); a value takes the field its slot had at an earlier point when that field is
     * free, so that points tend to save a slot in the same field (and can share a restore path), else the
     * lowest free one.
     */
    void assign(List<SuspensionPoint> points) {
        java.util.Map<Long, Integer> preferred = new java.util.HashMap<>();
        for (SuspensionPoint p : points) {
            List<java.util.BitSet> used = new ArrayList<>();
            for (int k = 0; k < PREFIX.length; k++) {
                used.add(new java.util.BitSet());
            }
            List<SuspensionPoint.Saved> values = p.allSaved();
            // First the values whose slot has a field already, then the others.
            List<SuspensionPoint.Saved> rest = new ArrayList<>();
            for (SuspensionPoint.Saved s : values) {
                if (s.alwaysNull) {
                    continue;
                }
                int k = kindOf(s.type);
                Integer f = preferred.get(key(s.slot, k));
                if (f != null && !used.get(k).get(f)) {
                    used.get(k).set(f);
                    s.field = field(s.type, f);
                } else {
                    rest.add(s);
                }
            }
            for (SuspensionPoint.Saved s : rest) {
                int k = kindOf(s.type);
                int f = used.get(k).nextClearBit(0);
                used.get(k).set(f);
                s.field = field(s.type, f);
                preferred.putIfAbsent(key(s.slot, k), f);
            }
        }
    }

    private static long key(int slot, int kind) {
        return ((long) slot << 3) | kind;
    }

    /**
     * A static method of the frame class that saves one set of fields: it takes the values below the awaitable
     * (a {@code null} entry for an always-null one, taken but not stored), the {@code SUSPEND} above them, the
     * frame, the live locals and the label; stores them, clears the other references, sets the label, publishes
     * the frame and returns the {@code SUSPEND}.
     */
    static final class SaveMethod {
        final String name;
        final List<Field> stack;
        final List<Field> locals;
        final String desc;
        /** Whether it first links the frame a direct call suspended in ({@code Rt.adopt}). */
        final boolean adopt;

        SaveMethod(String name, String frameClass, List<Field> stack, List<Field> locals, boolean adopt) {
            this.name = name;
            this.stack = stack;
            this.locals = locals;
            this.adopt = adopt;
            StringBuilder sb = new StringBuilder("(");
            for (Field f : stack) {
                sb.append(f == null ? "Ljava/lang/Object;" : f.desc);
            }
            sb.append("Ljava/lang/Object;L").append(frameClass).append(';');
            for (Field f : locals) {
                sb.append(f.desc);
            }
            this.desc = sb.append("I)Ljava/lang/Object;").toString();
        }
    }

    private final java.util.Map<List<String>, SaveMethod> saves = new java.util.LinkedHashMap<>();

    /** @return the save method for the point's values; made on first use */
    SaveMethod saveMethod(SuspensionPoint p, boolean adopt) {
        List<Field> stack = new ArrayList<>();
        List<Field> locals = new ArrayList<>();
        List<String> key = new ArrayList<>();
        key.add(adopt ? "adopt" : "");
        for (SuspensionPoint.Saved s : p.stack) {
            stack.add(s.alwaysNull ? null : s.field);
            key.add(s.alwaysNull ? "null" : s.field.name);
        }
        key.add("|");
        for (SuspensionPoint.Saved s : p.locals) {
            if (!s.alwaysNull) {
                locals.add(s.field);
                key.add(s.field.name);
            }
        }
        return saves.computeIfAbsent(key, k -> new SaveMethod((adopt ? "adopt$" : "save$") + saves.size(),
                frameClass, stack, locals, adopt));
    }

    /** @return the save methods the body calls */
    java.util.Collection<SaveMethod> saveMethods() {
        return saves.values();
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
