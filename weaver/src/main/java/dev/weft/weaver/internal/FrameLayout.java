package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    final String frameClass;
    final String selfDesc;
    /** The arguments, with their declared types: kept for the whole call and passed on every resume. */
    final List<Field> argFields = new ArrayList<>();
    /** The body's suspension points, labels 1 to this; the frame's invoke() accepts no other label but 0. */
    int resumePoints;
    /** Whether the body has tail awaits ({@link TailReturns}): the frame then clears its saved references itself. */
    boolean tails;
    /**
     * The body's primitive result, or {@code null}: its save methods return what the body returns when it
     * suspends, {@code SUSPEND} or the primitive's marker.
     */
    PrimitiveResult result;
    private final List<List<Field>> fields = new ArrayList<>();

    FrameLayout(String frameClass, String selfDesc, Type[] argTypes) {
        this.frameClass = frameClass;
        this.selfDesc = selfDesc;
        for (int k = 0; k < SlotKind.values().length; k++) {
            fields.add(new ArrayList<>());
        }
        for (int i = 0; i < argTypes.length; i++) {
            argFields.add(new Field("a" + i, argTypes[i].getDescriptor()));
        }
    }

    /** @return the {@code index}-th field of the kind of {@code t}, created if needed */
    Field field(Type t, int index) {
        SlotKind k = SlotKind.of(t);
        List<Field> list = fields.get(k.ordinal());
        while (list.size() <= index) {
            list.add(new Field(k.fieldPrefix + list.size(), k.fieldDesc));
        }
        return list.get(index);
    }

    /**
     * Assigns fields to the values of every point. A local slot keeps one field (per kind) at every point: the
     * slots are colored so that two slots live at the same point get different fields, the lowest free one in
     * order of first appearance; so points save a slot in the same field and can share restore and suspend
     * paths. The values below the awaitable take fields above every local's, so that a restore path never
     * reloads one of them into a slot.
     */
    void assign(List<SuspensionPoint> points) {
        Map<Long, Integer> color = new LinkedHashMap<>();
        Map<Long, Set<Long>> conflicts = new HashMap<>();
        for (SuspensionPoint p : points) {
            List<Long> live = new ArrayList<>();
            for (SuspensionPoint.Saved s : p.locals) {
                if (!s.alwaysNull) {
                    live.add(key(s.slot, SlotKind.of(s.type)));
                }
            }
            for (Long a : live) {
                Set<Long> c = conflicts.computeIfAbsent(a, k -> new HashSet<>());
                for (Long b : live) {
                    if (!a.equals(b) && (a & 7) == (b & 7)) {
                        c.add(b);
                    }
                }
            }
        }
        int[] localFields = new int[SlotKind.values().length];
        for (SuspensionPoint p : points) {
            for (SuspensionPoint.Saved s : p.locals) {
                if (s.alwaysNull) {
                    continue;
                }
                long k = key(s.slot, SlotKind.of(s.type));
                Integer c = color.get(k);
                if (c == null) {
                    BitSet taken = new BitSet();
                    for (Long other : conflicts.get(k)) {
                        Integer oc = color.get(other);
                        if (oc != null) {
                            taken.set(oc);
                        }
                    }
                    c = taken.nextClearBit(0);
                    color.put(k, c);
                    int kind = SlotKind.of(s.type).ordinal();
                    localFields[kind] = Math.max(localFields[kind], c + 1);
                }
                s.field = field(s.type, c);
            }
        }
        for (SuspensionPoint p : points) {
            int[] next = localFields.clone();
            for (SuspensionPoint.Saved s : p.stack) {
                if (!s.alwaysNull) {
                    int kind = SlotKind.of(s.type).ordinal();
                    s.field = field(s.type, next[kind]++);
                }
            }
        }
    }

    /** A slot and a kind as one number; the kind in its low three bits. */
    private static long key(int slot, SlotKind kind) {
        return ((long) slot << 3) | kind.ordinal();
    }

    /**
     * A static method of the frame class that saves one set of fields: it takes the values below the awaitable
     * (a {@code null} entry for an always-null one, taken but not stored), the {@code SUSPEND} above them, the
     * label, the frame and the live locals; stores them, clears the other references, sets the label, publishes
     * the frame and returns the {@code SUSPEND}.
     */
    static final class SaveMethod {
        final String name;
        final List<Field> stack;
        final List<Field> locals;
        final String desc;
        /** Whether it first links the frame a direct call suspended in ({@code Rt.adopt}). */
        final boolean adopt;
        /**
         * For a body that may have no frame yet: the types of the frame constructor's arguments and the task, which
         * it takes after the frame (then possibly {@code null}) to make it; else {@code null}.
         */
        final Type[] lazy;

        SaveMethod(String name, String frameClass, List<Field> stack, List<Field> locals, boolean adopt,
                   Type[] lazy, PrimitiveResult result) {
            this.name = name;
            this.stack = stack;
            this.locals = locals;
            this.adopt = adopt;
            this.lazy = lazy;
            StringBuilder sb = new StringBuilder("(");
            for (Field f : stack) {
                sb.append(f == null ? "Ljava/lang/Object;" : f.desc);
            }
            sb.append("Ljava/lang/Object;IL").append(frameClass).append(';');
            if (lazy != null) {
                for (Type t : lazy) {
                    sb.append(t.getDescriptor());
                }
            }
            for (Field f : locals) {
                sb.append(f.desc);
            }
            this.desc = sb.append(')').append(result == null ? "Ljava/lang/Object;" : result.returnDescriptor())
                    .toString();
        }
    }

    private final Map<List<String>, SaveMethod> saves = new LinkedHashMap<>();

    /**
     * @param lazy {@code null}, or the types of the frame constructor's arguments and the task: the save method makes
     *     the frame when it is {@code null} (see {@link SaveMethod#lazy})
     * @return the save method for the point's values; made on first use
     */
    SaveMethod saveMethod(SuspensionPoint p, boolean adopt, Type[] lazy) {
        List<Field> stack = new ArrayList<>();
        List<Field> locals = new ArrayList<>();
        List<String> key = new ArrayList<>();
        key.add(adopt ? "adopt" : "");
        key.add(lazy != null ? "lazy" : "");
        for (SuspensionPoint.Saved s : p.stack) {
            stack.add(s.alwaysNull ? null : s.field);
            key.add(s.alwaysNull ? "null" : s.field.name);
        }
        key.add("|");
        for (SuspensionPoint.Saved s : p.saveLocals != null ? p.saveLocals : p.locals) {
            if (!s.alwaysNull) {
                locals.add(s.field);
                key.add(s.field.name);
            }
        }
        return saves.computeIfAbsent(key, k -> new SaveMethod((adopt ? "adopt$" : "save$") + saves.size(),
                frameClass, stack, locals, adopt, lazy, result));
    }

    /** @return the save methods the body calls */
    Collection<SaveMethod> saveMethods() {
        return saves.values();
    }

    /** @return the reference fields, for nulling the ones a suspension point does not use */
    List<Field> referenceFields() {
        return fields.get(SlotKind.REFERENCE.ordinal());
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
