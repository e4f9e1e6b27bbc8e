package dev.weft.fuzzer.ast;

import java.util.ArrayList;
import java.util.List;

/** A braced block of statements; the unit the reducer deletes statements from. */
public final class Block {
    /** The statements, in order; mutable for the generator and the reducer. */
    public final List<Stmt> stmts = new ArrayList<>();

    /**
     * @param out where the source goes
     * @param indent the indentation of the block's closing brace
     */
    public void print(StringBuilder out, String indent) {
        out.append("{\n");
        for (Stmt s : stmts) {
            out.append(indent).append("    ");
            s.print(out, indent + "    ");
            out.append('\n');
        }
        out.append(indent).append('}');
    }
}
