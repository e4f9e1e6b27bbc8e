package dev.weft.fuzzer.ast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An expression of a known {@link Ty}: source text with typed sub-expressions in it. Generic on
 * purpose, so that the reducer can replace any expression by a literal of its type, or by a
 * sub-expression of the same type, without knowing what the expression means.
 */
public final class Expr {
    /** The static type; {@code null} for an expression the reducer must leave alone (e.g. a lambda). */
    public final Ty type;
    /** {@link String} and {@link Expr} pieces, printed in order. */
    public final List<Object> parts;

    /**
     * @param type the static type of the expression, or {@code null} when it must not be replaced
     * @param parts strings and sub-expressions
     */
    public Expr(Ty type, Object... parts) {
        this.type = type;
        this.parts = new ArrayList<>(Arrays.asList(parts));
    }

    /**
     * @param type the type
     * @param text the literal text
     * @return a leaf
     */
    public static Expr leaf(Ty type, String text) {
        return new Expr(type, text);
    }

    /** @return whether this is a single piece of text (a literal or a name) */
    public boolean isLeaf() {
        return parts.size() == 1 && parts.get(0) instanceof String;
    }

    /** @return whether {@code Await.on} occurs in it */
    public boolean awaits() {
        return toString().contains("Await.on(");
    }

    /** @param out where the source goes */
    public void print(StringBuilder out) {
        for (Object p : parts) {
            if (p instanceof Expr) {
                ((Expr) p).print(out);
            } else {
                out.append((String) p);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        print(b);
        return b.toString();
    }
}
