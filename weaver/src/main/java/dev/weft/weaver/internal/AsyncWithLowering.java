package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code async with}: try-with-resources over a resource whose static type is an {@code AsyncCloseable}.
 *
 * <p>Compilers expand {@code try (R r = init) { body }} into the body covered by a handler of {@code Throwable}, a
 * close of {@code r} on every normal way out of the body (falling off its end, {@code return}, {@code break},
 * {@code continue}: each copy placed right where a range of that handler ends), and, in the handler, a close of
 * {@code r} followed by a rethrow of the caught exception {@code e}; failures of that close are added to {@code e}
 * as suppressed (javac: a small handler around the close; the Eclipse compiler: a handler that merges into one
 * primary exception local, shared by the resources of one statement). This pass recognises both from that
 * structure, not from instruction offsets, and rewrites the closes:
 * <ul>
 * <li>a normal close becomes {@code Await.on(r.aclose())};</li>
 * <li>the handler's close becomes {@code if (Await.on(r.aexit(e))) goto after; else rethrow e} (javac 11 to 25 and
 * ECJ alike), where {@code after} is the code after the statement: the exception is suppressed and execution goes
 * on there, as in Python. An exception thrown by {@code aexit} replaces {@code e}: javac's suppressing handler
 * around the close is removed; for ECJ the primary exception local is cleared before the await, so its merging
 * handler takes the new exception as primary.</li>
 * </ul>
 * A close the user wrote ({@code writer.close()}) is none of these and stays a plain call. When the block cannot
 * complete normally the code after the statement is not told by the block's own exits: a suppressing {@code aexit}
 * then fails with an {@code IllegalStateException} that says so (also when the statement has {@code catch}
 * clauses that could complete normally, after which Python would go on).
 */
final class AsyncWithLowering {
    private static final String ASYNC_CLOSEABLE = "dev/weft/AsyncCloseable";
    private static final String THROWABLE = "java/lang/Throwable";
    /** How far a walk from a handler looks for the close in it: the Eclipse compiler's merge code is ~15 long. */
    private static final int HANDLER_WALK = 48;

    private final ClassNode cn;
    private final MethodNode m;
    private final ClassHierarchy hierarchy;

    private AsyncWithLowering(ClassNode cn, MethodNode m, ClassHierarchy hierarchy) {
        this.cn = cn;
        this.m = m;
        this.hierarchy = hierarchy;
    }

    /** One {@code r.close()} call on an {@code AsyncCloseable} held in local {@code r}. */
    private static final class Close {
        final MethodInsnNode call;
        /** The {@code aload r} right before the call. */
        final VarInsnNode load;
        /** Where the close's code starts: the null check's {@code aload r}, or {@link #load}. */
        final AbstractInsnNode start;
        /** For a close followed by {@code aload t; athrow}: t's slot, else -1. */
        int rethrown = -1;
        /** The {@code athrow} of that rethrow. */
        AbstractInsnNode athrow;

        Close(MethodInsnNode call, VarInsnNode load, AbstractInsnNode start) {
            this.call = call;
            this.load = load;
            this.start = start;
        }

        int resource() {
            return load.var;
        }
    }

    /**
     * Rewrites every {@code async with} of {@code m}.
     *
     * @throws WeaveProblemException when a close in a handler has a shape the pass does not know
     */
    static void lower(ClassNode cn, MethodNode m, ClassHierarchy hierarchy, LocalSlots slots)
            throws AnalyzerException {
        new AsyncWithLowering(cn, m, hierarchy).lower(slots);
    }

    /** @return whether {@code insn} calls {@code close()} on a static type that is an {@code AsyncCloseable} */
    static boolean isAsyncClose(AbstractInsnNode insn, ClassHierarchy hierarchy) {
        if (insn.getOpcode() != Opcodes.INVOKEINTERFACE && insn.getOpcode() != Opcodes.INVOKEVIRTUAL) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        if (!call.name.equals("close") || !call.desc.equals("()V") || call.owner.startsWith("[")
                || call.owner.startsWith("java/")) {
            return false;
        }
        try {
            return hierarchy.isAssignableFrom(ASYNC_CLOSEABLE, call.owner);
        } catch (ClassHierarchy.MissingClassException e) {
            return false;
        }
    }

    /**
     * For the error outside {@code @Async} code: the first try-with-resources over an {@code AsyncCloseable} in
     * {@code m} (a close of one followed by a rethrow, in a handler of the body).
     *
     * @return where its resource is stored (the {@code try} line, for javac and ECJ alike), or {@code null}
     */
    static AbstractInsnNode findAsyncWith(ClassNode cn, MethodNode m, ClassHierarchy hierarchy) {
        AsyncWithLowering l = new AsyncWithLowering(cn, m, hierarchy);
        for (Close c : l.closes()) {
            if (c.rethrown < 0) {
                continue;
            }
            AbstractInsnNode first = null;
            for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
                if ((tcb.type == null || tcb.type.equals(THROWABLE)) && l.reaches(tcb.handler, c.call)
                        && (first == null || m.instructions.indexOf(tcb.start) < m.instructions.indexOf(first))) {
                    first = tcb.start;
                }
            }
            for (AbstractInsnNode p = first; p != null; p = p.getPrevious()) {
                if (p.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) p).var == c.resource()) {
                    return p;
                }
            }
            return c.call;
        }
        return null;
    }

    private List<Close> closes() {
        List<Close> closes = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (!isAsyncClose(insn, hierarchy)) {
                continue;
            }
            AbstractInsnNode prev = previousReal(insn);
            if (prev == null || prev.getOpcode() != Opcodes.ALOAD) {
                continue;   // not a close of a local: not a try-with-resources
            }
            VarInsnNode load = (VarInsnNode) prev;
            AbstractInsnNode start = load;
            AbstractInsnNode check = previousReal(load);
            if (check != null && check.getOpcode() == Opcodes.IFNULL) {
                AbstractInsnNode checked = previousReal(check);
                if (checked != null && checked.getOpcode() == Opcodes.ALOAD && ((VarInsnNode) checked).var == load.var) {
                    start = checked;
                }
            }
            Close c = new Close((MethodInsnNode) insn, load, start);
            AbstractInsnNode n = followGotos(nextReal(insn));
            if (n != null && n.getOpcode() == Opcodes.ALOAD) {
                AbstractInsnNode t = nextReal(n);
                if (t != null && t.getOpcode() == Opcodes.ATHROW) {
                    c.rethrown = ((VarInsnNode) n).var;
                    c.athrow = t;
                }
            }
            closes.add(c);
        }
        return closes;
    }

    private void lower(LocalSlots slots) throws AnalyzerException {
        List<Close> closes = closes();
        if (closes.isEmpty()) {
            return;
        }
        Map<Close, List<TryCatchBlockNode>> statements = new LinkedHashMap<>();
        Set<Close> normal = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Close c : closes) {
            if (c.rethrown < 0) {
                continue;
            }
            List<TryCatchBlockNode> handlers = new ArrayList<>();
            for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
                if ((tcb.type == null || tcb.type.equals(THROWABLE)) && reaches(tcb.handler, c.call)) {
                    handlers.add(tcb);
                }
            }
            if (!handlers.isEmpty()) {
                statements.put(c, handlers);
                continue;
            }
            // The Eclipse compiler writes the handler's close for an empty block too, unreachable: the block's
            // normal close right after the resource is stored is the statement's one close.
            Close empty = emptyBlockClose(closes, c.resource());
            if (empty == null) {
                throw new WeaveProblemException(MisuseChecker.problem(cn, m, c.call, "cannot weave this"
                        + " try-with-resources over " + c.call.owner.replace('/', '.') + " (async with): the shape of"
                        + " its bytecode is not one the weaver knows (javac 11 to 25 and the Eclipse compiler are"
                        + " supported)"));
            }
            normal.add(empty);
        }
        Map<Close, Close> statementOf = new IdentityHashMap<>();
        for (Map.Entry<Close, List<TryCatchBlockNode>> s : statements.entrySet()) {
            Close exceptional = s.getKey();
            for (TryCatchBlockNode tcb : s.getValue()) {
                AbstractInsnNode atEnd = nextReal(tcb.end);
                for (Close c : closes) {
                    if (c.rethrown < 0 && c.start == atEnd && c.resource() == exceptional.resource()) {
                        normal.add(c);
                        statementOf.put(c, exceptional);
                    }
                }
            }
        }
        // javac writes an empty block as the store and the close alone, with no handler at all.
        for (Close c : closes) {
            if (c.rethrown < 0 && !normal.contains(c) && isEmptyBlockClose(c)) {
                normal.add(c);
            }
        }
        // The types of the locals where each handler closes and after each statement, before anything changes.
        MethodAnalysis types = statements.isEmpty() ? null : MethodAnalysis.of(cn.name, m, hierarchy);
        Map<Close, Frame<BasicValue>[]> frames = new IdentityHashMap<>();
        Map<Close, AbstractInsnNode> afters = new IdentityHashMap<>();
        for (Close exceptional : statements.keySet()) {
            List<Close> exits = new ArrayList<>();
            for (Close c : normal) {
                if (statementOf.get(c) == exceptional) {
                    exits.add(c);
                }
            }
            AbstractInsnNode after = continuation(exceptional, exits);
            if (after != null) {
                afters.put(exceptional, after);
                @SuppressWarnings("unchecked")
                Frame<BasicValue>[] pair = new Frame[] {types.frameAt(exceptional.call), types.frameAt(after)};
                frames.put(exceptional, pair);
            }
        }
        m.maxStack = Math.max(m.maxStack, 4);   // new IllegalStateException(message, e) in a handler
        for (Close exceptional : statements.keySet()) {
            rewriteExceptional(exceptional, afters.get(exceptional), frames.get(exceptional), slots);
        }
        for (Close c : normal) {
            InsnList seq = new InsnList();
            seq.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, ASYNC_CLOSEABLE, "aclose", "()Ldev/weft/Coroutine;",
                    true));
            seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.AWAIT, Names.AWAIT_ON, Names.AWAIT_ON_AWAITABLE,
                    false));
            seq.add(new InsnNode(Opcodes.POP));
            m.instructions.insert(c.call, seq);
            m.instructions.remove(c.call);
        }
    }

    /** The close of {@code resource} right after it is stored, null-checked: an empty block's (see {@link #isEmptyBlockClose}). */
    private Close emptyBlockClose(List<Close> closes, int resource) {
        for (Close c : closes) {
            if (c.rethrown < 0 && c.resource() == resource && isEmptyBlockClose(c)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Whether {@code c} is the one close of a try-with-resources with an empty block: it comes right after the
     * resource is stored, null-checked, or unchecked when the resource is a {@code new} object (as both compilers
     * write it). A user's own close written right there is taken for one.
     */
    private static boolean isEmptyBlockClose(Close c) {
        AbstractInsnNode store = previousReal(c.start);
        if (store == null || store.getOpcode() != Opcodes.ASTORE || ((VarInsnNode) store).var != c.resource()) {
            return false;
        }
        if (c.start != c.load) {
            return true;   // null-checked
        }
        AbstractInsnNode made = previousReal(store);
        return made instanceof MethodInsnNode && ((MethodInsnNode) made).name.equals("<init>");
    }

    /**
     * The handler's close: {@code e2 = t; t = null; if (Await.on(r.aexit(e2))) goto after; t = e2;} then the
     * compiler's rethrow of t.
     */
    private void rewriteExceptional(Close c, AbstractInsnNode after, Frame<BasicValue>[] frames, LocalSlots slots) {
        removeSuppressingHandler(c);
        int e2 = slots.take(SlotKind.REFERENCE);
        int t = c.rethrown;
        InsnList seq = new InsnList();
        seq.add(new VarInsnNode(Opcodes.ALOAD, t));
        seq.add(new VarInsnNode(Opcodes.ASTORE, e2));
        // The Eclipse compiler's merging handler, which may catch what aexit throws, takes it as the primary
        // exception only while its local is null; javac's code never reads t again on that path.
        seq.add(new InsnNode(Opcodes.ACONST_NULL));
        seq.add(new VarInsnNode(Opcodes.ASTORE, t));
        seq.add(new VarInsnNode(Opcodes.ALOAD, c.resource()));
        seq.add(new VarInsnNode(Opcodes.ALOAD, e2));
        seq.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, ASYNC_CLOSEABLE, "aexit",
                "(Ljava/lang/Throwable;)Ldev/weft/Coroutine;", true));
        seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.AWAIT, Names.AWAIT_ON, Names.AWAIT_ON_AWAITABLE,
                false));
        seq.add(new TypeInsnNode(Opcodes.CHECKCAST, "java/lang/Boolean"));
        seq.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Boolean", "booleanValue", "()Z", false));
        LabelNode propagate = new LabelNode();
        seq.add(new JumpInsnNode(Opcodes.IFEQ, propagate));
        if (after != null) {
            defaultLocals(seq, frames[0], frames[1]);
            seq.add(new JumpInsnNode(Opcodes.GOTO, labelBefore(after)));
        } else {
            seq.add(new TypeInsnNode(Opcodes.NEW, "java/lang/IllegalStateException"));
            seq.add(new InsnNode(Opcodes.DUP));
            seq.add(new LdcInsnNode(c.call.owner.replace('/', '.') + ".aexit() suppressed the exception of a"
                    + " try-with-resources block (async with) in " + cn.name.replace('/', '.') + "." + m.name
                    + ", but no code follows the block: it always returns, breaks, continues or throws"));
            seq.add(new VarInsnNode(Opcodes.ALOAD, e2));
            seq.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                    "(Ljava/lang/String;Ljava/lang/Throwable;)V", false));
            seq.add(new InsnNode(Opcodes.ATHROW));
        }
        seq.add(propagate);
        seq.add(new VarInsnNode(Opcodes.ALOAD, e2));
        seq.add(new VarInsnNode(Opcodes.ASTORE, t));
        m.instructions.insert(c.call, seq);
        m.instructions.remove(c.call);
        m.instructions.remove(c.load);
    }

    /**
     * Suppressed, execution goes on after the statement, where the compiler knows as assigned the locals the block
     * assigns: those that do not hold a value of the same type where the handler closes get their default, as
     * API.md says ({@code null}, {@code 0}); the others keep their value.
     */
    private static void defaultLocals(InsnList seq, Frame<BasicValue> handler, Frame<BasicValue> after) {
        for (int slot = 0; slot < after.getLocals(); slot++) {
            BasicValue v = after.getLocal(slot);
            if (v == null || v.getType() == null || v == BasicValue.UNINITIALIZED_VALUE) {
                continue;
            }
            BasicValue h = slot < handler.getLocals() ? handler.getLocal(slot) : null;
            if (h != null && v.getType().equals(h.getType())) {
                continue;
            }
            Type t = v.getType();
            switch (t.getSort()) {
                case Type.LONG:
                    seq.add(new InsnNode(Opcodes.LCONST_0));
                    break;
                case Type.FLOAT:
                    seq.add(new InsnNode(Opcodes.FCONST_0));
                    break;
                case Type.DOUBLE:
                    seq.add(new InsnNode(Opcodes.DCONST_0));
                    break;
                case Type.OBJECT:
                case Type.ARRAY:
                    seq.add(new InsnNode(Opcodes.ACONST_NULL));
                    break;
                default:
                    seq.add(new InsnNode(Opcodes.ICONST_0));
                    break;
            }
            seq.add(new VarInsnNode(t.getOpcode(Opcodes.ISTORE), slot));
        }
    }

    /**
     * javac's handler around the handler's close, {@code catch (Throwable s) { t.addSuppressed(s); }}: an exception
     * from {@code aexit} replaces {@code e} instead, so the handler goes, and its code (reached from nowhere else).
     */
    private void removeSuppressingHandler(Close c) {
        for (TryCatchBlockNode tcb : new ArrayList<>(m.tryCatchBlocks)) {
            if (!covers(tcb, c.call)) {
                continue;
            }
            AbstractInsnNode a = nextReal(tcb.handler);
            AbstractInsnNode b = a == null ? null : nextReal(a);
            AbstractInsnNode d = b == null ? null : nextReal(b);
            AbstractInsnNode call = d == null ? null : nextReal(d);
            if (a != null && a.getOpcode() == Opcodes.ASTORE && b.getOpcode() == Opcodes.ALOAD
                    && ((VarInsnNode) b).var == c.rethrown && d.getOpcode() == Opcodes.ALOAD
                    && ((VarInsnNode) d).var == ((VarInsnNode) a).var && call != null
                    && call.getOpcode() == Opcodes.INVOKEVIRTUAL && ((MethodInsnNode) call).owner.equals(THROWABLE)
                    && ((MethodInsnNode) call).name.equals("addSuppressed") && !isJumpTarget(tcb.handler, tcb)) {
                m.tryCatchBlocks.remove(tcb);
                m.instructions.remove(a);
                m.instructions.remove(b);
                m.instructions.remove(d);
                m.instructions.remove(call);
            }
        }
    }

    /** Whether anything but {@code except}'s handler entry reaches {@code label}. */
    private boolean isJumpTarget(LabelNode label, TryCatchBlockNode except) {
        for (AbstractInsnNode insn : m.instructions) {
            if (BodyPreparer.jumpTargets(insn).contains(label)) {
                return true;
            }
        }
        for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
            if (tcb != except && tcb.handler == label) {
                return true;
            }
        }
        AbstractInsnNode before = previousReal(label);
        // Falling into the handler from the code before it.
        return before != null && before.getOpcode() != Opcodes.GOTO && before.getOpcode() != Opcodes.ATHROW
                && (before.getOpcode() < Opcodes.IRETURN || before.getOpcode() > Opcodes.RETURN);
    }

    private boolean covers(TryCatchBlockNode tcb, AbstractInsnNode insn) {
        int i = m.instructions.indexOf(insn);
        return m.instructions.indexOf(tcb.start) <= i && i < m.instructions.indexOf(tcb.end);
    }

    /**
     * The code after the statement, or {@code null} when the block cannot complete normally: where the normal exit
     * that falls off the block's end jumps. It lies after the handler's rethrow with nothing between but handler code
     * (the Eclipse compiler's merging handler, the statement's own {@code catch} clauses); a {@code break} or
     * {@code continue} jumps over other code too, or backwards.
     */
    private AbstractInsnNode continuation(Close exceptional, List<Close> exits) {
        int rethrow = m.instructions.indexOf(exceptional.athrow);
        AbstractInsnNode best = null;
        for (Close c : exits) {
            AbstractInsnNode jump = nextReal(c.call);
            if (jump == null || jump.getOpcode() != Opcodes.GOTO) {
                continue;
            }
            AbstractInsnNode target = nextRealOrSelf(((JumpInsnNode) jump).label);
            int at = target == null ? -1 : m.instructions.indexOf(target);
            if (at > rethrow && (best == null || at < m.instructions.indexOf(best))
                    && onlyHandlerCodeBetween(rethrow, at)) {
                best = target;
            }
        }
        return best;
    }

    /** Whether every instruction strictly between positions {@code from} and {@code to} is reached only from handlers there. */
    private boolean onlyHandlerCodeBetween(int from, int to) {
        Set<AbstractInsnNode> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<AbstractInsnNode> work = new ArrayDeque<>();
        for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
            int h = m.instructions.indexOf(tcb.handler);
            if (h > from && h < to) {
                work.add(tcb.handler);
            }
        }
        while (!work.isEmpty()) {
            AbstractInsnNode n = nextRealOrSelf(work.poll());
            if (n == null) {
                continue;
            }
            int at = m.instructions.indexOf(n);
            if (at <= from || at >= to || !reached.add(n)) {
                continue;
            }
            for (LabelNode l : BodyPreparer.jumpTargets(n)) {
                work.add(l);
            }
            int op = n.getOpcode();
            boolean ends = op == Opcodes.GOTO || op == Opcodes.ATHROW || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                    || n instanceof org.objectweb.asm.tree.TableSwitchInsnNode
                    || n instanceof org.objectweb.asm.tree.LookupSwitchInsnNode;
            if (!ends) {
                work.add(n.getNext());
            }
        }
        for (AbstractInsnNode n = m.instructions.get(from).getNext(); n != null && m.instructions.indexOf(n) < to;
             n = n.getNext()) {
            if (n.getOpcode() >= 0 && !reached.contains(n)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a short walk from {@code handler} (jumps followed, no call but {@code addSuppressed}) reaches {@code target}. */
    private boolean reaches(LabelNode handler, AbstractInsnNode target) {
        Deque<AbstractInsnNode> work = new ArrayDeque<>();
        Set<AbstractInsnNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        work.add(handler);
        int budget = HANDLER_WALK;
        while (!work.isEmpty() && budget-- > 0) {
            AbstractInsnNode n = nextRealOrSelf(work.poll());
            if (n == null || !seen.add(n)) {
                continue;
            }
            if (n == target) {
                return true;
            }
            int op = n.getOpcode();
            if (op == Opcodes.ATHROW || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)) {
                continue;
            }
            if (n instanceof MethodInsnNode && !((MethodInsnNode) n).name.equals("addSuppressed")) {
                continue;
            }
            if (n instanceof JumpInsnNode) {
                work.add(((JumpInsnNode) n).label);
                if (op == Opcodes.GOTO) {
                    continue;
                }
            }
            work.add(n.getNext());
        }
        return false;
    }

    private static AbstractInsnNode followGotos(AbstractInsnNode n) {
        for (int i = 0; i < 8 && n != null && n.getOpcode() == Opcodes.GOTO; i++) {
            n = nextRealOrSelf(((JumpInsnNode) n).label);
        }
        return n;
    }

    /** A label right before {@code insn}, made if there is none. */
    private LabelNode labelBefore(AbstractInsnNode insn) {
        AbstractInsnNode p = insn.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            if (p instanceof LabelNode) {
                return (LabelNode) p;
            }
            p = p.getPrevious();
        }
        LabelNode l = new LabelNode();
        m.instructions.insertBefore(insn, l);
        return l;
    }

    private static AbstractInsnNode nextRealOrSelf(AbstractInsnNode n) {
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    private static AbstractInsnNode nextReal(AbstractInsnNode n) {
        return n == null ? null : nextRealOrSelf(n.getNext());
    }

    private static AbstractInsnNode previousReal(AbstractInsnNode n) {
        AbstractInsnNode p = n.getPrevious();
        while (p != null && p.getOpcode() < 0) {
            p = p.getPrevious();
        }
        return p;
    }
}
