package dev.weft.fuzzer.gen;

import dev.weft.fuzzer.ast.Block;
import dev.weft.fuzzer.ast.Expr;
import dev.weft.fuzzer.ast.Program;
import dev.weft.fuzzer.ast.Stmt;
import dev.weft.fuzzer.ast.Ty;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a random {@code @Async} program from a seed. Guarantees, by construction:
 * <ul>
 *   <li>the same seed and options give the same source;</li>
 *   <li>the program compiles (every expression is built for a known type, every local is initialised
 *       and named uniquely, jumps are guarded by {@code if} so nothing is unreachable);</li>
 *   <li>it terminates: loops run at most three times, and the {@code fuel} counter bounds the number of
 *       {@code @Async} calls however they recurse;</li>
 *   <li>its trace does not depend on suspension: there is a single task, every coroutine is awaited (or
 *       wrapped in a task that is awaited) right where it is made, and everything awaited completes
 *       without outside help, so a non-suspending stand-in of the API prints the same trace;</li>
 *   <li>exceptions thrown on purpose are {@code Boom}s, and the trace shows their messages only.</li>
 * </ul>
 */
public final class ProgramGenerator {
    private final GeneratorOptions options;

    /** @param options which shapes to produce */
    public ProgramGenerator(GeneratorOptions options) {
        this.options = options;
    }

    /**
     * @param seed the seed
     * @return the program; its package is derived from the seed
     */
    public Program generate(long seed) {
        return new Run(seed).program();
    }

    /** @return the package of the program generated from {@code seed} */
    public static String packageFor(long seed) {
        return "fz.s" + (seed < 0 ? "m" + -seed : Long.toString(seed));
    }

    /** A generated {@code @Async} method as callers see it. */
    private static final class Sig {
        final int index;
        final String name;
        final boolean isStatic;
        final Ty ret; // null: Coroutine<Void>
        final List<Ty> params = new ArrayList<>();

        Sig(int index, boolean isStatic, Ty ret) {
            this.index = index;
            this.name = "a" + index;
            this.isStatic = isStatic;
            this.ret = ret;
        }
    }

    private enum Kind { SCALAR, ARRAY, INT_FN, STR_FN, SUPPLIER, RUNNABLE }

    private static final class Var {
        final String name;
        final Ty ty; // for SUPPLIER: the coroutine's type
        final Kind kind;
        final boolean assignable;
        final boolean capturable;

        Var(String name, Ty ty, Kind kind, boolean assignable, boolean capturable) {
            this.name = name;
            this.ty = ty;
            this.kind = kind;
            this.assignable = assignable;
            this.capturable = capturable;
        }
    }

    private final class Run {
        final long seed;
        final Random r;
        int names;
        final List<Sig> sigs = new ArrayList<>();

        // The context of the statement or expression being generated.
        Sig method; // null in the void entry point
        boolean instance;
        final List<Var> scope = new ArrayList<>();
        final List<String> loopLabels = new ArrayList<>();
        final List<String> blockLabels = new ArrayList<>();
        int loops;
        int switches;
        boolean allowAwait = true;
        boolean inLambda;
        int awaitNesting;
        boolean syncAllowed;
        boolean finallyAwaitAllowed;
        int budget;

        Run(long seed) {
            this.seed = seed;
            this.r = new Random(seed);
        }

        String fresh(String prefix) {
            return prefix + names++;
        }

        boolean chance(int percent) {
            return r.nextInt(100) < percent;
        }

        <T> T pick(List<T> list) {
            return list.get(r.nextInt(list.size()));
        }

        Ty anyType() {
            Ty[] all = Ty.values();
            return all[r.nextInt(all.length)];
        }

        Program program() {
            Program p = new Program(seed, packageFor(seed), Prelude.TEXT);
            int count = 2 + r.nextInt(3);
            for (int i = 0; i < count; i++) {
                Sig s = new Sig(i, i == 0 || chance(50), chance(15) ? null : anyType());
                int params = r.nextInt(4);
                for (int k = 0; k < params; k++) {
                    s.params.add(anyType());
                }
                sigs.add(s);
            }
            // Random numbers are drawn whatever the options, so that an option changes only its own shape.
            boolean bigWanted = chance(15);
            int bigIndex = r.nextInt(count);
            int big = bigWanted && options.bigMethods ? bigIndex : -1;
            for (Sig s : sigs) {
                p.methods.add(method(s, s.index == big));
            }
            boolean voidEntry = chance(40) && options.voidEntry;
            if (voidEntry) {
                p.methods.add(voidEntry());
            }
            p.methods.add(mainMethod(voidEntry));
            return p;
        }

        String header(Sig s, boolean isPrivate) {
            StringBuilder h = new StringBuilder("@Async ");
            if (isPrivate) {
                h.append("private ");
            }
            if (s.isStatic) {
                h.append("static ");
            }
            h.append("Coroutine<").append(s.ret == null ? "Void" : s.ret.boxed).append("> ").append(s.name)
                    .append("(int depth");
            for (int k = 0; k < s.params.size(); k++) {
                h.append(", ").append(s.params.get(k).java).append(" p").append(k);
            }
            return h.append(')').toString();
        }

        Program.Method method(Sig s, boolean big) {
            method = s;
            instance = !s.isStatic;
            scope.clear();
            scope.add(new Var("depth", Ty.INT, Kind.SCALAR, false, true));
            for (int k = 0; k < s.params.size(); k++) {
                scope.add(new Var("p" + k, s.params.get(k), Kind.SCALAR, false, true));
            }
            // Known bug 1 aside, a method may have both synchronized blocks and awaits in finally blocks.
            syncAllowed = true;
            finallyAwaitAllowed = true;
            boolean syncRather = chance(50);
            if (!options.syncWithFinallyAwait) {
                syncAllowed = syncRather;
                finallyAwaitAllowed = !syncAllowed;
            }
            Block body = new Block();
            body.stmts.add(Stmt.pinned("if (depth <= 0 || --fuel < 0) { return ", returnValue(true), "; }"));
            body.stmts.add(Stmt.of("log(", enterLog(s), ");"));
            if (big) {
                budget = 60 + r.nextInt(60);
                while (budget > 0) {
                    body.stmts.add(simpleStmt(2));
                    budget--;
                }
            } else {
                budget = 8 + r.nextInt(16);
                statementsKeepingScope(body, 3, 2 + r.nextInt(5));
            }
            body.stmts.add(dump());
            body.stmts.add(Stmt.of("return ", returnValue(false), ";"));
            return new Program.Method(s.name, header(s, s.index != 0 && chance(30)), body, s.index != 0);
        }

        Expr enterLog(Sig s) {
            Expr e = new Expr(Ty.STRING, "\"enter " + s.name + " \" + depth");
            for (int k = 0; k < s.params.size(); k++) {
                e.parts.add(" + \" \" + show(p" + k + ")");
            }
            return e;
        }

        Expr returnValue(boolean trivial) {
            if (method == null) {
                throw new IllegalStateException();
            }
            if (method.ret == null) {
                return Expr.leaf(null, "Coroutine.done()");
            }
            Expr v = trivial ? Expr.leaf(method.ret, method.ret.defaultLiteral()) : expr(method.ret, 3);
            return new Expr(null, "Coroutine.of(", v, ")");
        }

        Program.Method voidEntry() {
            method = null;
            instance = false;
            scope.clear();
            boolean syncRather = chance(50);
            syncAllowed = options.syncWithFinallyAwait || syncRather;
            finallyAwaitAllowed = options.syncWithFinallyAwait || !syncAllowed;
            Block body = new Block();
            body.stmts.add(Stmt.pinned("int depth = 4;"));
            scope.add(new Var("depth", Ty.INT, Kind.SCALAR, false, true));
            budget = 10;
            statementsKeepingScope(body, 2, 2);
            body.stmts.add(Stmt.of("log(\"result \" + show(", entryCall(), "));"));
            statementsKeepingScope(body, 1, 2);
            body.stmts.add(dump());
            return new Program.Method("entry", "/** An @Async void entry point: runs on its own loop. */\n"
                    + "    @Async static void entry()", body, false);
        }

        Expr entryCall() {
            Sig a0 = sigs.get(0);
            Expr call = new Expr(null, "Await.on(a0(4");
            for (Ty t : a0.params) {
                call.parts.add(", ");
                call.parts.add(Expr.leaf(t, t.randomLiteral(r)));
            }
            call.parts.add("))");
            return call;
        }

        Program.Method mainMethod(boolean voidEntry) {
            Block body = new Block();
            Sig a0 = sigs.get(0);
            StringBuilder args = new StringBuilder("4");
            for (Ty t : a0.params) {
                args.append(", ").append(t.randomLiteral(r));
            }
            String run = voidEntry ? "entry();" : "log(\"result \" + show(Asyncio.run(a0(" + args + "))));";
            body.stmts.add(Stmt.pinned("try { " + run + " } catch (Throwable t) { log(\"uncaught \" + "
                    + "t.getClass().getSimpleName() + \": \" + t.getMessage()); }"));
            body.stmts.add(Stmt.pinned("log(\"statics \" + statics());"));
            return new Program.Method("main", "public static void main(String[] args)", body, false);
        }

        // ---------------------------------------------------------------- statements

        void statements(Block into, int depth, int count) {
            int mark = scope.size();
            statementsKeepingScope(into, depth, count);
            truncate(mark);
        }

        /** Like {@link #statements} but leaves the new locals in scope, for the method's final dump. */
        void statementsKeepingScope(Block into, int depth, int count) {
            for (int i = 0; i < count && budget > 0; i++) {
                budget--;
                into.stmts.add(depth > 0 && chance(35) ? compoundStmt(depth) : simpleStmt(depth));
            }
        }

        void truncate(int mark) {
            while (scope.size() > mark) {
                scope.remove(scope.size() - 1);
            }
        }

        Block block(int depth, int count) {
            Block b = new Block();
            statements(b, depth - 1, count);
            return b;
        }

        Block blockNoAwait(int depth, int count) {
            boolean saved = allowAwait;
            allowAwait = false;
            Block b = block(depth, count);
            allowAwait = saved;
            return b;
        }

        Stmt simpleStmt(int depth) {
            while (true) {
                int roll = r.nextInt(100);
                if (roll < 16) {
                    return declaration(depth);
                } else if (roll < 26) {
                    Stmt s = assignment(depth);
                    if (s != null) {
                        return s;
                    }
                } else if (roll < 34) {
                    Stmt s = compoundAssignment(depth);
                    if (s != null) {
                        return s;
                    }
                } else if (roll < 46) {
                    Ty t = anyType();
                    return Stmt.of("log(\"" + fresh("L") + " \" + show(", expr(t, depth), "));");
                } else if (roll < 54) {
                    if (allowAwait) {
                        return awaitStatement(depth);
                    }
                } else if (roll < 58) {
                    Stmt s = increment();
                    if (s != null) {
                        return s;
                    }
                } else if (roll < 63) {
                    return arrayDeclaration(depth);
                } else if (roll < 67) {
                    Stmt s = lambdaDeclaration();
                    if (s != null) {
                        return s;
                    }
                } else if (roll < 70) {
                    Var run = visible(Kind.RUNNABLE, null);
                    if (run != null) {
                        return Stmt.of(run.name + ".run();");
                    }
                } else if (roll < 76) {
                    Stmt s = jump(depth);
                    if (s != null) {
                        return s;
                    }
                } else if (roll < 79) {
                    return Stmt.of("if (", expr(Ty.BOOLEAN, 2), ") { throw new Boom(\"" + fresh("t") + "\"); }");
                } else if (roll < 82) {
                    return newStatement(depth);
                } else if (roll < 86) {
                    return dump();
                } else if (roll < 90) {
                    return Stmt.of("SARR[Math.floorMod(", expr(Ty.INT, 1), ", 3)] += ", expr(Ty.INT, depth), ";");
                } else {
                    Ty t = pickAssignableField();
                    return Stmt.of(fieldRef(t) + " = ", assignValue(t, depth), ";");
                }
            }
        }

        Stmt declaration(int depth) {
            Ty t = anyType();
            boolean isFinal = chance(25);
            Expr init = chance(10) && t != Ty.BOOLEAN ? switchExpression(t, depth) : assignValue(t, depth);
            String name = fresh("v");
            Stmt s = Stmt.of((isFinal ? "final " : "") + t.java + " " + name + " = ", init, ";");
            scope.add(new Var(name, t, Kind.SCALAR, !isFinal, isFinal));
            return s;
        }

        /** A value to store in a variable of type {@code t}: strings are cut so that loops cannot grow them. */
        Expr assignValue(Ty t, int depth) {
            Expr e = expr(t, depth);
            return t == Ty.STRING ? new Expr(Ty.STRING, "cut(", e, ")") : e;
        }

        Stmt assignment(int depth) {
            Var v = visibleAssignable(null);
            if (v == null) {
                return null;
            }
            if (v.kind == Kind.ARRAY) {
                if (chance(30)) {
                    return Stmt.of(v.name + " = ", arrayCreation(v.ty, depth), ";");
                }
                return Stmt.of(v.name + "[Math.floorMod(", expr(Ty.INT, 1), ", 3)] = ", assignValue(v.ty, depth),
                        ";");
            }
            return Stmt.of(v.name + " = ", assignValue(v.ty, depth), ";");
        }

        String compoundOperator(Ty t) {
            if (t == Ty.BOOLEAN) {
                return pick(List.of("&=", "|=", "^="));
            }
            if (t == Ty.STRING) {
                return "+=";
            }
            if (t.isIntegral()) {
                return pick(List.of("+=", "-=", "*=", "^=", "|=", "&=", "<<=", ">>="));
            }
            return pick(List.of("+=", "-=", "*="));
        }

        Stmt compoundAssignment(int depth) {
            Ty t;
            String target;
            int which = r.nextInt(3);
            if (which == 0) {
                Var v = visibleAssignable(Kind.SCALAR);
                if (v == null) {
                    return null;
                }
                t = v.ty;
                target = v.name;
            } else if (which == 1) {
                Var v = visible(Kind.ARRAY, null);
                if (v == null) {
                    return null;
                }
                t = v.ty;
                target = v.name + "[Math.floorMod(" + expr(Ty.INT, 0) + ", 3)]";
            } else {
                t = pickAssignableField();
                target = fieldRef(t);
            }
            String op = compoundOperator(t);
            Expr rhs = expr(t, depth);
            if (t == Ty.STRING) {
                rhs = new Expr(Ty.STRING, "cut(", rhs, ")");
            }
            return Stmt.of(target + " " + op + " ", rhs, ";");
        }

        Stmt increment() {
            List<String> targets = new ArrayList<>();
            for (Var v : scope) {
                if (v.kind == Kind.SCALAR && v.assignable && v.ty.isNumeric() && !(inLambda && !v.capturable)) {
                    targets.add(v.name);
                }
                if (v.kind == Kind.ARRAY && v.ty.isNumeric()) {
                    targets.add(v.name + "[" + r.nextInt(3) + "]");
                }
            }
            targets.add("SARR[" + r.nextInt(3) + "]");
            targets.add(fieldRef(pick(List.of(Ty.INT, Ty.LONG, Ty.CHAR, Ty.BYTE, Ty.DOUBLE))));
            String t = pick(targets);
            return Stmt.of(pick(List.of(t + "++;", t + "--;", "++" + t + ";", "--" + t + ";")));
        }

        Stmt arrayDeclaration(int depth) {
            Ty t = anyType();
            String name = fresh("arr");
            Stmt s = Stmt.of(t.java + "[] " + name + " = ", chance(50) ? arrayCreation(t, depth)
                    : new Expr(null, "{", expr(t, depth - 1), ", ", expr(t, depth - 1), ", ", expr(t, depth - 1), "}"), ";");
            scope.add(new Var(name, t, Kind.ARRAY, true, false));
            return s;
        }

        Expr arrayCreation(Ty t, int depth) {
            return new Expr(null, "new " + t.java + "[]{", expr(t, depth - 1), ", ", expr(t, depth - 1), ", ",
                    expr(t, depth - 1), "}");
        }

        Stmt awaitStatement(int depth) {
            int k = r.nextInt(6);
            List<Sig> voids = callable(null, true);
            if (k <= 1 || (k == 2 && voids.isEmpty())) {
                return Stmt.of("Await.on(Asyncio.sleep(0));");
            }
            if (k == 2) {
                return Stmt.of("Await.on(", call(pick(voids), depth), ");");
            }
            if (k == 3 && !voids.isEmpty()) {
                return Stmt.of("Await.on(Asyncio.createTask(", call(pick(voids), depth), "));");
            }
            while (true) {
                // Only a method invocation may stand as a statement: not the cast of the gather form.
                Expr e = awaitExpr(anyType(), depth);
                if (e.parts.get(0) instanceof String && ((String) e.parts.get(0)).startsWith("Await.on(")) {
                    return Stmt.of(e, ";");
                }
            }
        }

        Stmt newStatement(int depth) {
            boolean saved = allowAwait;
            if (!options.unusedNewWithAwait) {
                allowAwait = false;
            }
            Stmt s = Stmt.of("new Box(", expr(Ty.INT, depth), ", ", expr(Ty.STRING, depth), ", ",
                    expr(Ty.LONG, depth), ");");
            allowAwait = saved;
            return s;
        }

        Stmt lambdaDeclaration() {
            int k = r.nextInt(4);
            String name = fresh("fn");
            boolean saved = inLambda;
            boolean savedAwait = allowAwait;
            inLambda = true;
            allowAwait = false;
            try {
                if (k == 0) {
                    String x = fresh("x");
                    scope.add(new Var(x, Ty.INT, Kind.SCALAR, false, true));
                    Expr body = new Expr(Ty.INT, "mixI(" + x + ", ", expr(Ty.INT, 2), ", 3)");
                    scope.remove(scope.size() - 1);
                    scope.add(new Var(name, Ty.INT, Kind.INT_FN, false, true));
                    return Stmt.of("final IntUnaryOperator " + name + " = " + x + " -> ", body, ";");
                } else if (k == 1) {
                    String x = fresh("x");
                    scope.add(new Var(x, Ty.STRING, Kind.SCALAR, false, true));
                    Expr body = new Expr(Ty.STRING, "cut(" + x + " + ", expr(Ty.STRING, 2), ")");
                    scope.remove(scope.size() - 1);
                    scope.add(new Var(name, Ty.STRING, Kind.STR_FN, false, true));
                    return Stmt.of("final UnaryOperator<String> " + name + " = " + x + " -> ", body, ";");
                } else if (k == 2) {
                    Ty t = anyType();
                    Expr made;
                    List<Sig> targets = callable(t, false);
                    if (!targets.isEmpty() && chance(70)) {
                        made = call(pick(targets), 2);
                    } else {
                        made = new Expr(null, "Asyncio.sleep(0, ", expr(t, 2), ")");
                    }
                    scope.add(new Var(name, t, Kind.SUPPLIER, false, true));
                    return Stmt.of("final Supplier<Coroutine<" + t.boxed + ">> " + name + " = () -> ", made, ";");
                } else {
                    Expr body = new Expr(null, "log(\"" + fresh("R") + " \" + show(", expr(anyType(), 2), "))");
                    scope.add(new Var(name, null, Kind.RUNNABLE, false, true));
                    return Stmt.of("final Runnable " + name + " = () -> ", body, ";");
                }
            } finally {
                inLambda = saved;
                allowAwait = savedAwait;
            }
        }

        Stmt jump(int depth) {
            List<String> options = new ArrayList<>();
            for (String l : loopLabels) {
                options.add("break " + l + ";");
                options.add("continue " + l + ";");
            }
            for (String l : blockLabels) {
                options.add("break " + l + ";");
            }
            if (loops > 0) {
                options.add("continue;");
                options.add("break;");
            }
            if (switches > 0) {
                options.add("break;");
            }
            if (chance(30) || options.isEmpty()) {
                if (method == null) {
                    options.add("return;");
                } else {
                    return Stmt.of("if (", expr(Ty.BOOLEAN, 2), ") { return ", returnValue(false), "; }");
                }
            }
            return Stmt.of("if (", expr(Ty.BOOLEAN, 2), ") { " + pick(options) + " }");
        }

        Stmt dump() {
            Expr e = new Expr(Ty.STRING, "\"" + fresh("D") + "\"");
            int n = 0;
            for (Var v : scope) {
                if ((v.kind == Kind.SCALAR || v.kind == Kind.ARRAY) && n++ < 14) {
                    e.parts.add(" + \" \" + show(" + v.name + ")");
                }
            }
            return Stmt.of("log(", e, ");");
        }

        Stmt compoundStmt(int depth) {
            while (true) {
                int roll = r.nextInt(100);
                if (roll < 14) {
                    Stmt s = Stmt.of("if (", expr(Ty.BOOLEAN, 2), ") ", block(depth, 1 + r.nextInt(3)));
                    if (chance(50)) {
                        s.parts.add(" else ");
                        s.parts.add(block(depth, 1 + r.nextInt(3)));
                    }
                    return s;
                } else if (roll < 26) {
                    return forLoop(depth);
                } else if (roll < 31) {
                    return whileLoop(depth, false);
                } else if (roll < 35) {
                    return whileLoop(depth, true);
                } else if (roll < 39) {
                    return forEach(depth);
                } else if (roll < 47) {
                    return classicSwitch(depth);
                } else if (roll < 52) {
                    return arrowSwitch(depth);
                } else if (roll < 68) {
                    return tryStatement(depth);
                } else if (roll < 76) {
                    return tryWithResources(depth);
                } else if (roll < 82) {
                    if (syncAllowed) {
                        String lock = instance && chance(40) ? "this" : "LOCK";
                        Block body = blockNoAwait(depth, 1 + r.nextInt(3));
                        if (body.stmts.isEmpty() && !options.emptySynchronized) {
                            body.stmts.add(Stmt.of("sI++;"));
                        }
                        return Stmt.of("synchronized (" + lock + ") ", body);
                    }
                } else if (roll < 87) {
                    String label = fresh("b");
                    blockLabels.add(label);
                    Block b = block(depth, 1 + r.nextInt(4));
                    blockLabels.remove(blockLabels.size() - 1);
                    return Stmt.of(label + ": ", b);
                } else if (roll < 90) {
                    return Stmt.of(block(depth, 1 + r.nextInt(3)));
                } else {
                    return Stmt.of("if (", expr(Ty.BOOLEAN, 2), ") ", block(depth, 1 + r.nextInt(2)), " else if (",
                            expr(Ty.BOOLEAN, 2), ") ", block(depth, 1 + r.nextInt(2)));
                }
            }
        }

        Expr loopBound() {
            if (chance(60)) {
                return Expr.leaf(Ty.INT, Integer.toString(r.nextInt(4)));
            }
            return new Expr(Ty.INT, "Math.floorMod(", expr(Ty.INT, 2), ", 4)");
        }

        Block loopBody(String label, int depth, Stmt first) {
            loopLabels.add(label);
            loops++;
            Block b = new Block();
            if (first != null) {
                b.stmts.add(first);
            }
            statements(b, depth - 1, 1 + r.nextInt(4));
            loops--;
            loopLabels.remove(loopLabels.size() - 1);
            return b;
        }

        Stmt forLoop(int depth) {
            String label = fresh("l");
            String i = fresh("i");
            Expr bound = loopBound();
            int mark = scope.size();
            scope.add(new Var(i, Ty.INT, Kind.SCALAR, false, false));
            Block body = loopBody(label, depth, null);
            truncate(mark);
            return Stmt.of(label + ": for (int " + i + " = 0; " + i + " < ", bound, "; " + i + "++) ", body);
        }

        Stmt whileLoop(int depth, boolean doWhile) {
            String label = fresh("l");
            String w = fresh("w");
            Expr bound = loopBound();
            int mark = scope.size();
            scope.add(new Var(w, Ty.INT, Kind.SCALAR, false, false));
            // The counter goes up first, so that a continue cannot skip it.
            Block body = loopBody(label, depth, Stmt.pinned(w + "++;"));
            truncate(mark);
            if (doWhile) {
                return Stmt.of("int " + w + " = 0; " + label + ": do ", body, " while (" + w + " < ", bound, ");");
            }
            return Stmt.of("int " + w + " = 0; " + label + ": while (" + w + " < ", bound, ") ", body);
        }

        Stmt forEach(int depth) {
            String label = fresh("l");
            String x = fresh("x");
            Ty t = anyType();
            Expr source = t == Ty.STRING && chance(50)
                    ? new Expr(null, "List.of(", expr(t, 2), ", ", expr(t, 2), ")")
                    : new Expr(null, "new " + t.java + "[]{", expr(t, 2), ", ", expr(t, 2), "}");
            int mark = scope.size();
            scope.add(new Var(x, t, Kind.SCALAR, false, false));
            Block body = loopBody(label, depth, null);
            truncate(mark);
            return Stmt.of(label + ": for (" + t.java + " " + x + " : ", source, ") ", body);
        }

        Stmt classicSwitch(int depth) {
            boolean strings = chance(30);
            Stmt s = strings
                    ? Stmt.of("switch (\"k\" + Math.floorMod(", expr(Ty.INT, 2), ", 4)) { ")
                    : Stmt.of("switch (Math.floorMod(", expr(Ty.INT, 2), ", 4)) { ");
            switches++;
            int cases = 1 + r.nextInt(3);
            for (int c = 0; c < cases; c++) {
                s.parts.add(strings ? "case \"k" + c + "\": " : "case " + c + ": ");
                s.parts.add(block(depth, 1 + r.nextInt(3)));
                s.parts.add(chance(70) ? " break; " : " ");
            }
            if (chance(70)) {
                s.parts.add("default: ");
                s.parts.add(block(depth, 1 + r.nextInt(2)));
                s.parts.add(" ");
            }
            switches--;
            s.parts.add("}");
            return s;
        }

        Stmt arrowSwitch(int depth) {
            Stmt s = Stmt.of("switch (Math.floorMod(", expr(Ty.INT, 2), ", 3)) { case 0 -> ");
            switches++;
            s.parts.add(block(depth, 1 + r.nextInt(3)));
            s.parts.add(" case 1, 2 -> ");
            s.parts.add(block(depth, 1 + r.nextInt(3)));
            if (chance(50)) {
                s.parts.add(" default -> ");
                s.parts.add(block(depth, 1));
            }
            switches--;
            s.parts.add(" }");
            return s;
        }

        Block catchBlock(String var, int depth) {
            Block b = new Block();
            b.stmts.add(Stmt.of("log(\"" + fresh("C") + " \" + " + var + ".getClass().getSimpleName() + \" \" + "
                    + var + ".getMessage());"));
            statements(b, depth - 1, r.nextInt(3));
            if (chance(15)) {
                b.stmts.add(Stmt.of("if (", expr(Ty.BOOLEAN, 1), ") { throw " + var + "; }"));
            }
            return b;
        }

        void catches(Stmt s, int depth, boolean needOne) {
            int n = needOne ? 1 + r.nextInt(2) : r.nextInt(2);
            List<String> types = new ArrayList<>(List.of("Boom", "IllegalStateException | Boom", "RuntimeException",
                    "Exception", "Throwable"));
            for (int k = 0; k < n && !types.isEmpty(); k++) {
                // Narrower types first, so that no catch is unreachable.
                String type = types.remove(r.nextInt(Math.min(2, types.size())));
                if (type.contains("Boom")) {
                    types.removeIf(x -> x.contains("Boom"));
                }
                String e = fresh("e");
                s.parts.add(" catch (" + type + " " + e + ") ");
                s.parts.add(catchBlock(e, depth));
                if (type.equals("RuntimeException") || type.equals("Exception") || type.equals("Throwable")) {
                    break;
                }
            }
        }

        Block finallyBlock(int depth) {
            boolean saved = allowAwait;
            allowAwait = allowAwait && finallyAwaitAllowed;
            Block b = block(depth, 1 + r.nextInt(3));
            allowAwait = saved;
            return b;
        }

        Stmt tryStatement(int depth) {
            Stmt s = Stmt.of("try ", block(depth, 1 + r.nextInt(4)));
            boolean fin = chance(50);
            catches(s, depth, !fin);
            if (fin) {
                s.parts.add(" finally ");
                s.parts.add(finallyBlock(depth));
            }
            return s;
        }

        Stmt tryWithResources(int depth) {
            String r1 = fresh("r");
            Stmt s = Stmt.of("try (Res " + r1 + " = new Res(\"" + r1 + "\", ", expr(Ty.INT, 2), ")");
            if (chance(40)) {
                String r2 = fresh("r");
                s.parts.add("; Res " + r2 + " = new Res(\"" + r2 + "\", ");
                s.parts.add(expr(Ty.INT, 2));
                s.parts.add(")");
            }
            s.parts.add(") ");
            s.parts.add(block(depth, 1 + r.nextInt(3)));
            catches(s, depth, false);
            if (chance(30)) {
                s.parts.add(" finally ");
                s.parts.add(finallyBlock(depth));
            }
            return s;
        }

        // ---------------------------------------------------------------- expressions

        Var visible(Kind kind, Ty ty) {
            List<Var> found = new ArrayList<>();
            for (Var v : scope) {
                if (v.kind == kind && (ty == null || v.ty == ty) && (!inLambda || v.capturable)) {
                    found.add(v);
                }
            }
            return found.isEmpty() ? null : pick(found);
        }

        Var visibleAssignable(Kind kind) {
            List<Var> found = new ArrayList<>();
            for (Var v : scope) {
                if (v.assignable && (kind == null ? v.kind == Kind.SCALAR || v.kind == Kind.ARRAY : v.kind == kind)
                        && !inLambda) {
                    found.add(v);
                }
            }
            return found.isEmpty() ? null : pick(found);
        }

        Ty pickAssignableField() {
            return anyType();
        }

        String fieldRef(Ty t) {
            int k = r.nextInt(3);
            if (k == 0 || (!instance && k == 1)) {
                return (chance(30) ? "Main.s" : "s") + t.suffix;
            }
            if (k == 1) {
                return (chance(50) ? "this.f" : "f") + t.suffix;
            }
            return "INST.f" + t.suffix;
        }

        /** Async methods callable from here that return {@code t} ({@code null}: Void when {@code voids}). */
        List<Sig> callable(Ty t, boolean voids) {
            List<Sig> out = new ArrayList<>();
            int from = method == null ? 0 : method.index;
            for (Sig s : sigs) {
                if (s.index >= from && (voids ? s.ret == null : s.ret == t && t != null)) {
                    out.add(s);
                }
            }
            return out;
        }

        Expr call(Sig s, int depth) {
            String receiver;
            if (s.isStatic) {
                receiver = chance(20) ? "Main." : "";
            } else if (instance) {
                receiver = chance(50) ? "this." : "";
            } else {
                receiver = "INST.";
            }
            Expr e = new Expr(null, receiver + s.name + "(depth - 1");
            for (Ty p : s.params) {
                e.parts.add(", ");
                e.parts.add(expr(p, depth - 1));
            }
            e.parts.add(")");
            return e;
        }

        Expr leaf(Ty t) {
            int k = r.nextInt(10);
            if (k < 5) {
                Var v = visible(Kind.SCALAR, t);
                if (v != null) {
                    return Expr.leaf(t, v.name);
                }
            }
            if (k < 7) {
                return Expr.leaf(t, fieldRef(t));
            }
            return Expr.leaf(t, t.randomLiteral(r));
        }

        Expr expr(Ty t, int depth) {
            if (depth <= 0 || chance(25)) {
                return leaf(t);
            }
            // Awaits inside the arguments of awaits are rarer: javac's inference time grows fast with
            // nested generic calls, and the weaver sees the same shape at any nesting depth.
            if (allowAwait && !inLambda && chance(awaitNesting == 0 ? 30 : 8)) {
                awaitNesting++;
                try {
                    return awaitExpr(t, depth);
                } finally {
                    awaitNesting--;
                }
            }
            int k = r.nextInt(12);
            switch (k) {
                case 0:
                    return new Expr(t, "(", expr(Ty.BOOLEAN, depth - 1), " ? ", expr(t, depth - 1), " : ",
                            expr(t, depth - 1), ")");
                case 1:
                    return new Expr(t, "mix" + t.suffix + "(", expr(t, depth - 1), ", ", expr(t, depth - 1), ", ",
                            expr(t, depth - 1), ")");
                case 2: {
                    Var a = visible(Kind.ARRAY, t);
                    if (a != null) {
                        return new Expr(t, a.name + "[Math.floorMod(", expr(Ty.INT, depth - 1), ", 3)]");
                    }
                    // Parenthesised: an array creation cannot be indexed directly.
                    return new Expr(t, "(new " + t.java + "[]{", expr(t, depth - 1), ", ", expr(t, depth - 1), "})["
                            + r.nextInt(2) + "]");
                }
                case 3:
                    if (t == Ty.INT || t == Ty.STRING || t == Ty.LONG) {
                        String field = t == Ty.INT ? ".i" : t == Ty.LONG ? ".l" : ".s";
                        return new Expr(t, "new Box(", expr(Ty.INT, depth - 1), ", ", expr(Ty.STRING, depth - 1),
                                ", ", expr(Ty.LONG, depth - 1), ")" + field);
                    }
                    break;
                case 4: {
                    if (!inLambda) {
                        Var fn = visible(t == Ty.STRING ? Kind.STR_FN : Kind.INT_FN, null);
                        if (fn != null && (t == Ty.INT || t == Ty.STRING)) {
                            return new Expr(t, fn.name + (t == Ty.INT ? ".applyAsInt(" : ".apply("),
                                    expr(t, depth - 1), ")");
                        }
                    }
                    Var v = inLambda ? null : visibleAssignable(Kind.SCALAR);
                    if (v != null && v.ty == t && t.isNumeric()) {
                        return new Expr(t, "(" + v.name + (chance(50) ? "++" : "--") + ")");
                    }
                    if (v != null && v.ty == t && t != Ty.STRING) {
                        return new Expr(t, "(" + v.name + " " + compoundOperator(t) + " ", expr(t, depth - 1), ")");
                    }
                    break;
                }
                case 5:
                    if (t != Ty.BOOLEAN && chance(40)) {
                        return switchExpression(t, depth);
                    }
                    break;
                default:
                    break;
            }
            return typed(t, depth);
        }

        Expr typed(Ty t, int depth) {
            int d = depth - 1;
            switch (t) {
                case INT:
                    switch (r.nextInt(8)) {
                        case 0: return new Expr(t, "(", expr(t, d), " / ((", expr(t, d), " & 7) + 1))");
                        case 1: return new Expr(t, "(", expr(t, d), " % ((", expr(t, d), " & 7) + 1))");
                        case 2: return new Expr(t, "(", expr(t, d), " << (", expr(t, d), " & 7))");
                        // (long) first: a cast may unbox and widen, but not unbox and narrow.
                        case 3: return new Expr(t, "(int) (long) ", expr(Ty.LONG, d));
                        case 4: return new Expr(t, expr(Ty.STRING, d), ".length()");
                        case 5: return new Expr(t, "(int) ", expr(Ty.CHAR, d));
                        default: return arithmetic(t, d);
                    }
                case LONG:
                    switch (r.nextInt(5)) {
                        case 0: return new Expr(t, "(long) ", expr(Ty.INT, d));
                        case 1: return new Expr(t, "(", expr(t, d), " >>> (", expr(Ty.INT, d), " & 63))");
                        default: return arithmetic(t, d);
                    }
                case DOUBLE:
                    switch (r.nextInt(5)) {
                        case 0: return new Expr(t, "(double) ", expr(Ty.INT, d));
                        case 1: return new Expr(t, "(", expr(t, d), " / 4.0)");
                        default: return arithmetic(t, d);
                    }
                case FLOAT:
                    return r.nextInt(4) == 0 ? new Expr(t, "(float) (double) ", expr(Ty.DOUBLE, d)) : arithmetic(t, d);
                case BOOLEAN:
                    switch (r.nextInt(9)) {
                        case 0: return new Expr(t, "(", expr(t, d), " && ", expr(t, d), ")");
                        case 1: return new Expr(t, "(", expr(t, d), " || ", expr(t, d), ")");
                        case 2: return new Expr(t, "!", expr(t, d));
                        case 3: return new Expr(t, "(", expr(Ty.INT, d), " < ", expr(Ty.INT, d), ")");
                        case 4: return new Expr(t, "(", expr(Ty.LONG, d), " >= ", expr(Ty.LONG, d), ")");
                        case 5: return new Expr(t, "(", expr(Ty.DOUBLE, d), " != ", expr(Ty.DOUBLE, d), ")");
                        case 6: return new Expr(t, expr(Ty.STRING, d), ".equals(", expr(Ty.STRING, d), ")");
                        case 7: return new Expr(t, "(", expr(Ty.CHAR, d), " == ", expr(Ty.CHAR, d), ")");
                        default: return new Expr(t, "(", expr(t, d), " ^ ", expr(t, d), ")");
                    }
                case CHAR:
                    return r.nextBoolean()
                            ? new Expr(t, "(char) (", expr(t, d), " + (", expr(Ty.INT, d), " & 15))")
                            : new Expr(t, "(\"x\" + ", expr(Ty.STRING, d), ").charAt(0)");
                case BYTE:
                    return new Expr(t, "(byte) (", expr(r.nextBoolean() ? t : Ty.INT, d), " + ", expr(t, d), ")");
                case SHORT:
                    return new Expr(t, "(short) (", expr(r.nextBoolean() ? t : Ty.INT, d), " - ", expr(t, d), ")");
                default:
                    switch (r.nextInt(6)) {
                        case 0: return new Expr(t, "String.valueOf(", cast(expr(anyType(), d)), ")");
                        case 1: return new Expr(t, "new StringBuilder(", cast(expr(t, d)), ").append(",
                                cast(expr(anyType(), d)), ").append(", cast(expr(anyType(), d)), ").toString()");
                        case 2: return new Expr(t, "new Box(", expr(Ty.INT, d), ", ", expr(t, d), ", ",
                                expr(Ty.LONG, d), ").toString()");
                        default: {
                            Expr e = new Expr(t, "(\"\" + ");
                            e.parts.add(expr(anyType(), d));
                            e.parts.add(" + \",\" + ");
                            e.parts.add(expr(anyType(), d));
                            e.parts.add(")");
                            return e;
                        }
                    }
            }
        }

        /**
         * An argument of an overloaded method ({@code valueOf}, {@code append}): a conditional or switch
         * with {@code Await.on} in it is a poly expression that matches both the {@code Object} and the
         * primitive overload, so it gets its type from a cast.
         */
        Expr cast(Expr e) {
            return e.isLeaf() ? e : new Expr(e.type, "(" + e.type.java + ") (", e, ")");
        }

        Expr arithmetic(Ty t, int d) {
            String op = t.isIntegral() ? pick(List.of(" + ", " - ", " * ", " ^ ", " & ", " | "))
                    : pick(List.of(" + ", " - ", " * "));
            return new Expr(t, "(", expr(t, d), op, expr(t, d), ")");
        }

        Expr switchExpression(Ty t, int depth) {
            return new Expr(t, "(switch (Math.floorMod(", expr(Ty.INT, depth - 1), ", 3)) { case 0 -> ",
                    expr(t, depth - 1), "; case 1 -> ", expr(t, depth - 1), "; default -> ", expr(t, depth - 1),
                    "; })");
        }

        Expr awaitExpr(Ty t, int depth) {
            int d = depth - 1;
            while (true) {
                int k = r.nextInt(11);
                switch (k) {
                    case 0:
                    case 1:
                        return new Expr(t, "Await.on(Asyncio.sleep(0, ", expr(t, d), "))");
                    case 2:
                        return new Expr(t, "Await.on(Coroutine.of(", expr(t, d), "))");
                    case 3:
                        return new Expr(t, "Await.on(CompletableFuture.completedFuture(", expr(t, d), "))");
                    case 4:
                    case 5:
                    case 6: {
                        List<Sig> targets = callable(t, false);
                        if (!targets.isEmpty()) {
                            return new Expr(t, "Await.on(", call(pick(targets), depth), ")");
                        }
                        break;
                    }
                    case 7: {
                        List<Sig> targets = callable(t, false);
                        if (!targets.isEmpty()) {
                            return new Expr(t, "Await.on(Asyncio.createTask(", call(pick(targets), depth), "))");
                        }
                        break;
                    }
                    case 8:
                        if (chance(50)) {
                            return new Expr(t, "Await.on(echo(depth - 1, ", expr(t, d), "))");
                        }
                        return new Expr(t, "Await.on(" + (instance ? "this" : "INST") + ".second(", expr(t, d),
                                ", ", expr(t, d), "))");
                    case 9:
                        return new Expr(t, "((" + t.boxed + ") Await.on(Asyncio.gather(Asyncio.sleep(0, ",
                                expr(t, d), "), Coroutine.of(", expr(t, d), "))).get(" + r.nextInt(2) + "))");
                    default: {
                        Var s = visible(Kind.SUPPLIER, t);
                        if (s != null) {
                            return new Expr(t, "Await.on(" + s.name + ".get())");
                        }
                        break;
                    }
                }
            }
        }
    }
}
