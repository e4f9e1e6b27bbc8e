package dev.weft.weaver.internal;

import org.objectweb.asm.Type;

/**
 * How a value is held in a local slot and saved in the frame: the JVM's computational kinds, each with its own
 * fields on the frame class ({@code i0, i1, ...}, {@code j0, ...}). Boolean, byte, char and short are
 * {@link #INT}; every object and array is a {@link #REFERENCE}, saved as {@code Object} and cast back.
 */
enum SlotKind {
    INT("i", "I"),
    LONG("j", "J"),
    FLOAT("f", "F"),
    DOUBLE("d", "D"),
    REFERENCE("l", "Ljava/lang/Object;");

    /** The prefix of the frame's fields of this kind. */
    final String fieldPrefix;
    /** The descriptor of the frame's fields of this kind. */
    final String fieldDesc;

    SlotKind(String fieldPrefix, String fieldDesc) {
        this.fieldPrefix = fieldPrefix;
        this.fieldDesc = fieldDesc;
    }

    /** @return the kind of a value of type {@code t} */
    static SlotKind of(Type t) {
        switch (t.getSort()) {
            case Type.BOOLEAN:
            case Type.BYTE:
            case Type.CHAR:
            case Type.SHORT:
            case Type.INT:
                return INT;
            case Type.LONG:
                return LONG;
            case Type.FLOAT:
                return FLOAT;
            case Type.DOUBLE:
                return DOUBLE;
            default:
                return REFERENCE;
        }
    }

    /** @return whether a value of this kind takes two slots */
    boolean isWide() {
        return this == LONG || this == DOUBLE;
    }
}
