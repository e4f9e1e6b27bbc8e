package dev.weft.fuzzer.run;

import dev.weft.fuzzer.ast.Block;
import dev.weft.fuzzer.ast.Expr;
import dev.weft.fuzzer.ast.Program;
import dev.weft.fuzzer.ast.Stmt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a program while a finding persists (greedy delta debugging on the program's tree): deletes
 * methods and statements, replaces compound statements by one of their blocks, and expressions by a
 * literal or by a sub-expression of the same type. A candidate is kept when it still compiles with the
 * stand-in and still shows a finding with the same {@link Finding#key() key}. Candidates are checked
 * many at a time, in one batch, so a round costs one batch run whatever its size.
 */
public final class Reducer {
    /** Runs candidates; the campaign's executor in a fresh directory per call. */
    public interface Oracle {
        /**
         * @param candidates programs to check
         * @return their results, in order
         * @throws IOException when the work files cannot be written
         * @throws InterruptedException when interrupted
         */
        List<ProgramResult> check(List<Source> candidates) throws IOException, InterruptedException;
    }

    private final Oracle oracle;
    private final int candidatesPerRound;
    private final long deadlineMillis;
    private int variants;

    /**
     * @param oracle what runs candidates
     * @param candidatesPerRound how many candidates one batch checks
     * @param budgetMillis when to stop shrinking and keep what there is
     */
    public Reducer(Oracle oracle, int candidatesPerRound, long budgetMillis) {
        this.oracle = oracle;
        this.candidatesPerRound = candidatesPerRound;
        this.deadlineMillis = System.currentTimeMillis() + budgetMillis;
    }

    /** A change to the tree that can be undone. */
    private interface Change {
        void apply();

        void undo();
    }

    /**
     * @param program the failing program; changed in place into the reduced one
     * @param key the finding to keep
     * @param original the program's result as it is
     * @return the reduced program's result (with the kept finding)
     * @throws IOException when the work files cannot be written
     * @throws InterruptedException when interrupted
     */
    public ProgramResult reduce(Program program, String key, ProgramResult original)
            throws IOException, InterruptedException {
        ProgramResult best = original;
        // Changes before the last kept one failed a moment ago; start after them, and go over all of
        // them again only when nothing after them helps.
        int start = 0;
        while (System.currentTimeMillis() < deadlineMillis) {
            List<Change> changes = changes(program);
            int kept = -1;
            for (int from = Math.min(start, changes.size()); from < changes.size() && kept < 0; from += candidatesPerRound) {
                if (System.currentTimeMillis() >= deadlineMillis) {
                    break;
                }
                List<Change> round = changes.subList(from, Math.min(changes.size(), from + candidatesPerRound));
                List<Source> candidates = new ArrayList<>();
                for (Change c : round) {
                    c.apply();
                    String pkg = program.packageName + ".r" + variants++;
                    candidates.add(new Source(program.seed, pkg, program.source(pkg)));
                    c.undo();
                }
                List<ProgramResult> results = oracle.check(candidates);
                for (int k = 0; k < results.size(); k++) {
                    if (results.get(k).findings().stream().anyMatch(f -> f.key().equals(key))) {
                        round.get(k).apply();
                        best = results.get(k);
                        kept = from + k;
                        break;
                    }
                }
            }
            if (kept >= 0) {
                start = kept;
            } else if (start > 0) {
                start = 0;
            } else {
                break;
            }
        }
        return best;
    }

    /** Every change, the ones that remove most first. */
    private static List<Change> changes(Program p) {
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < p.methods.size(); i++) {
            Program.Method m = p.methods.get(i);
            if (m.removable) {
                out.add(removal(p.methods, m));
            }
        }
        List<Change> statements = new ArrayList<>();
        List<Change> inlines = new ArrayList<>();
        List<Change> expressions = new ArrayList<>();
        for (Program.Method m : p.methods) {
            walk(m.body, statements, inlines, expressions);
        }
        out.addAll(statements);
        out.addAll(inlines);
        out.addAll(expressions);
        return out;
    }

    private static void walk(Block b, List<Change> statements, List<Change> inlines, List<Change> expressions) {
        for (Stmt s : b.stmts) {
            if (!s.pinned) {
                statements.add(removal(b.stmts, s));
            }
            for (Block inner : s.blocks()) {
                if (!s.pinned) {
                    inlines.add(inline(b, s, inner));
                }
            }
            for (Object part : s.parts) {
                if (part instanceof Expr) {
                    exprs(s.parts, (Expr) part, expressions);
                }
            }
            for (Block inner : s.blocks()) {
                walk(inner, statements, inlines, expressions);
            }
        }
    }

    private static void exprs(List<Object> owner, Expr e, List<Change> out) {
        if (e.type != null && !e.isLeaf()) {
            out.add(replacement(owner, e, Expr.leaf(e.type, e.type.defaultLiteral())));
            for (Object part : e.parts) {
                if (part instanceof Expr && ((Expr) part).type == e.type) {
                    out.add(replacement(owner, e, (Expr) part));
                }
            }
        }
        for (Object part : e.parts) {
            if (part instanceof Expr) {
                exprs(e.parts, (Expr) part, out);
            }
        }
    }

    private static <T> Change removal(List<T> list, T item) {
        return new Change() {
            int index;

            @Override
            public void apply() {
                index = indexOf(list, item);
                list.remove(index);
            }

            @Override
            public void undo() {
                list.add(index, item);
            }
        };
    }

    private static Change inline(Block owner, Stmt s, Block inner) {
        return new Change() {
            int index;

            @Override
            public void apply() {
                index = indexOf(owner.stmts, s);
                owner.stmts.remove(index);
                owner.stmts.addAll(index, inner.stmts);
            }

            @Override
            public void undo() {
                for (int k = 0; k < inner.stmts.size(); k++) {
                    owner.stmts.remove(index);
                }
                owner.stmts.add(index, s);
            }
        };
    }

    private static Change replacement(List<Object> owner, Expr old, Expr with) {
        return new Change() {
            int index;

            @Override
            public void apply() {
                index = indexOf(owner, old);
                owner.set(index, with);
            }

            @Override
            public void undo() {
                owner.set(index, old);
            }
        };
    }

    /** By identity: equal-looking statements are different places in the tree. */
    private static <T> int indexOf(List<T> list, Object item) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == item) {
                return i;
            }
        }
        throw new IllegalStateException("the tree changed under the reducer");
    }
}
