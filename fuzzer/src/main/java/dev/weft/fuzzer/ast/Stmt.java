package dev.weft.fuzzer.ast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement: source text with {@link Expr}s and nested {@link Block}s in it, so that one class
 * covers every statement form and the reducer can delete a statement, or replace a compound
 * statement by one of its blocks, without knowing what the statement means.
 */
public final class Stmt {
    /** {@link String}, {@link Expr} and {@link Block} pieces, printed in order. */
    public final List<Object> parts;
    /**
     * Whether the reducer must keep it: the counter increment of a {@code while} loop, without which
     * the loop would not terminate.
     */
    public final boolean pinned;

    private Stmt(boolean pinned, Object... parts) {
        this.pinned = pinned;
        this.parts = new ArrayList<>(Arrays.asList(parts));
    }

    /**
     * @param parts strings, expressions and blocks
     * @return a statement the reducer may remove
     */
    public static Stmt of(Object... parts) {
        return new Stmt(false, parts);
    }

    /**
     * @param parts strings, expressions and blocks
     * @return a statement the reducer must keep
     */
    public static Stmt pinned(Object... parts) {
        return new Stmt(true, parts);
    }

    /** @return the blocks directly in this statement */
    public List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Block) {
                out.add((Block) p);
            }
        }
        return out;
    }

    /**
     * @param out where the source goes
     * @param indent the indentation of the line the statement starts on
     */
    public void print(StringBuilder out, String indent) {
        for (Object p : parts) {
            if (p instanceof Expr) {
                ((Expr) p).print(out);
            } else if (p instanceof Block) {
                ((Block) p).print(out, indent);
            } else {
                out.append((String) p);
            }
        }
    }
}
