package dev.weft.transformer.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Turns one {@code @Async} method into a state machine. The method keeps its name, descriptor and
 * annotations and becomes a stub that returns a new frame (running none of the body). The body moves,
 * with its line numbers and local variable table, to a method of the same name whose descriptor adds
 * the frame as a last parameter and returns {@code Object} (the result, or {@code Rt.SUSPEND}); stack
 * traces therefore still name the user's method and line. Passes: plan the suspension points (with
 * {@link MethodAnalysis}), rewrite each one (save live values, return, restore, jump back), add the
 * entry dispatch, and describe the frame class for {@link FrameClassGenerator}.
 */
final class AsyncMethodWeaver {

    /** What weaving one method produced. */
    static final class Result {
        final MethodNode stub;
        final MethodNode body;
        final FrameLayout layout;
        final Type[] argTypes;
        final boolean isStatic;

        Result(MethodNode stub, MethodNode body, FrameLayout layout, Type[] argTypes, boolean isStatic) {
            this.stub = stub;
            this.body = body;
            this.layout = layout;
            this.argTypes = argTypes;
            this.isStatic = isStatic;
        }
    }

    private final ClassNode cn;
    private final MethodNode original;
    private final ClassHierarchy hierarchy;
    private final String frameClass;
    private final boolean isStatic;
    private final boolean isInterface;
    private final Type[] argTypes;
    private final int argSize;
    private final int frameSlot;

    AsyncMethodWeaver(ClassNode cn, MethodNode m, ClassHierarchy hierarchy, String frameClass) {
        this.cn = cn;
        this.original = m;
        this.hierarchy = hierarchy;
        this.frameClass = frameClass;
        this.isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        this.isInterface = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        this.argTypes = Type.getArgumentTypes(m.desc);
        int size = isStatic ? 0 : 1;
        for (Type t : argTypes) {
            size += t.getSize();
        }
        this.argSize = size;
        this.frameSlot = size;
    }

    Result weave() throws AnalyzerException {
        MethodNode stub = buildStub();
        MethodNode body = original;
        int firstLine = MisuseChecker.lineOf(body, body.instructions.getFirst());

        body.desc = bodyDescriptor();
        body.access = bodyAccess();
        body.signature = null;
        body.exceptions = new ArrayList<>();
        body.visibleAnnotations = null;
        body.invisibleAnnotations = null;
        body.visibleParameterAnnotations = null;
        body.invisibleParameterAnnotations = null;
        body.visibleAnnotableParameterCount = 0;
        body.invisibleAnnotableParameterCount = 0;
        body.parameters = null;
        body.visibleTypeAnnotations = null;
        body.invisibleTypeAnnotations = null;
        removeFrames(body);
        shiftLocals(body);
        body.maxLocals += 1;
        int[] nextLocal = {body.maxLocals};

        java.util.Set<AbstractInsnNode> plainReturns = optimizeReturns(body);

        List<AbstractInsnNode> sites = findSites(body, plainReturns);
        body.maxStack += 8;
        MethodAnalysis analysis = MethodAnalysis.of(cn.name, body, hierarchy);
        if (ConstructorRelocator.relocate(cn, body, analysis, sites, hierarchy, nextLocal)) {
            body.maxLocals = nextLocal[0];
            analysis = MethodAnalysis.of(cn.name, body, hierarchy);
        }

        BitSet writtenParams = writtenParameters(body);
        List<SuspensionPoint> points = plan(body, analysis, sites, nextLocal, writtenParams);
        FrameLayout layout = new FrameLayout(frameClass, isStatic ? null : "L" + cn.name + ";", argTypes);
        for (SuspensionPoint p : points) {
            layout.assign(p.allSaved());
        }

        rewrite(body, points, layout, nextLocal, firstLine);
        body.maxLocals = nextLocal[0] + 2;
        body.maxStack += 8;
        return new Result(stub, body, layout, argTypes, isStatic);
    }

    // ---- the stub ----

    private MethodNode buildStub() {
        MethodNode m = original;
        MethodNode stub = new MethodNode(Opcodes.ASM9, m.access, m.name, m.desc, m.signature,
                m.exceptions == null ? null : m.exceptions.toArray(new String[0]));
        stub.visibleAnnotations = m.visibleAnnotations;
        stub.invisibleAnnotations = m.invisibleAnnotations;
        stub.visibleParameterAnnotations = m.visibleParameterAnnotations;
        stub.invisibleParameterAnnotations = m.invisibleParameterAnnotations;
        stub.visibleAnnotableParameterCount = m.visibleAnnotableParameterCount;
        stub.invisibleAnnotableParameterCount = m.invisibleAnnotableParameterCount;
        stub.visibleTypeAnnotations = m.visibleTypeAnnotations;
        stub.invisibleTypeAnnotations = m.invisibleTypeAnnotations;
        stub.parameters = m.parameters;
        stub.attrs = m.attrs;

        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        InsnList code = stub.instructions;
        code.add(start);
        int line = MisuseChecker.lineOf(m, m.instructions.getFirst());
        if (line > 0) {
            code.add(new LineNumberNode(line, start));
        }
        code.add(new TypeInsnNode(Opcodes.NEW, frameClass));
        code.add(new InsnNode(Opcodes.DUP));
        int slot = 0;
        if (!isStatic) {
            code.add(new VarInsnNode(Opcodes.ALOAD, 0));
            slot = 1;
        }
        for (Type t : argTypes) {
            code.add(new VarInsnNode(FrameLayout.loadOpcode(t), slot));
            slot += t.getSize();
        }
        code.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, frameClass, "<init>", frameConstructorDescriptor(), false));
        code.add(new InsnNode(Opcodes.ARETURN));
        code.add(end);
        stub.localVariables = new ArrayList<>();
        if (m.localVariables != null) {
            for (LocalVariableNode lv : m.localVariables) {
                if (lv.index < argSize) {
                    stub.localVariables.add(new LocalVariableNode(lv.name, lv.desc, lv.signature, start, end, lv.index));
                }
            }
        }
        stub.maxStack = 2 + argSize + (isStatic ? 0 : 1);
        stub.maxLocals = argSize;
        return stub;
    }

    String frameConstructorDescriptor() {
        StringBuilder sb = new StringBuilder("(");
        if (!isStatic) {
            sb.append('L').append(cn.name).append(';');
        }
        for (Type t : argTypes) {
            sb.append(t.getDescriptor());
        }
        return sb.append(")V").toString();
    }

    private String bodyDescriptor() {
        StringBuilder sb = new StringBuilder("(");
        for (Type t : argTypes) {
            sb.append(t.getDescriptor());
        }
        return sb.append('L').append(frameClass).append(";)Ljava/lang/Object;").toString();
    }

    private int bodyAccess() {
        int a = Opcodes.ACC_SYNTHETIC | (original.access & Opcodes.ACC_STATIC) | (original.access & Opcodes.ACC_STRICT);
        if (isInterface) {
            a |= Opcodes.ACC_PUBLIC;
        }
        return a;
    }

    // ---- preparing the body ----

    private static void removeFrames(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                m.instructions.remove(insn);
            }
            insn = next;
        }
    }

    /** Makes room for the frame parameter after the arguments: later locals move up one slot. */
    private void shiftLocals(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof VarInsnNode) {
                VarInsnNode v = (VarInsnNode) insn;
                if (v.var >= argSize) {
                    v.var++;
                }
            } else if (insn instanceof IincInsnNode) {
                IincInsnNode v = (IincInsnNode) insn;
                if (v.var >= argSize) {
                    v.var++;
                }
            }
        }
        if (m.localVariables != null) {
            for (LocalVariableNode lv : m.localVariables) {
                if (lv.index >= argSize) {
                    lv.index++;
                }
            }
        }
        shiftAnnotations(m.visibleLocalVariableAnnotations);
        shiftAnnotations(m.invisibleLocalVariableAnnotations);
    }

    private void shiftAnnotations(List<LocalVariableAnnotationNode> list) {
        if (list == null) {
            return;
        }
        for (LocalVariableAnnotationNode a : list) {
            for (int i = 0; i < a.index.size(); i++) {
                if (a.index.get(i) >= argSize) {
                    a.index.set(i, a.index.get(i) + 1);
                }
            }
        }
    }

    /** {@code return Coroutine.of(x)} becomes {@code return x}; {@code return Coroutine.done()} becomes {@code return null}. */
    private static java.util.Set<AbstractInsnNode> optimizeReturns(MethodNode m) {
        java.util.Set<AbstractInsnNode> plain = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() != Opcodes.ARETURN) {
                continue;
            }
            AbstractInsnNode prev = insn.getPrevious();
            while (prev instanceof LineNumberNode) {
                prev = prev.getPrevious();
            }
            if (prev == null || prev.getOpcode() != Opcodes.INVOKESTATIC) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) prev;
            if (!call.owner.equals(Names.COROUTINE)) {
                continue;
            }
            if (call.name.equals("of") && call.desc.equals(Names.COROUTINE_OF_DESC)) {
                m.instructions.remove(call);
                plain.add(insn);
            } else if (call.name.equals("done") && call.desc.equals(Names.COROUTINE_DONE_DESC)) {
                m.instructions.set(call, new InsnNode(Opcodes.ACONST_NULL));
                plain.add(insn);
            }
        }
        return plain;
    }

    private static List<AbstractInsnNode> findSites(MethodNode m, java.util.Set<AbstractInsnNode> plainReturns) {
        List<AbstractInsnNode> sites = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (MisuseChecker.isAwaitCall(insn)) {
                sites.add(insn);
            } else if (insn.getOpcode() == Opcodes.ARETURN && !plainReturns.contains(insn)) {
                sites.add(insn);
            }
        }
        return sites;
    }

    /**
     * The parameter slots the body writes. The frame passes the arguments again on every resume, so an
     * unmodified parameter never needs saving (and a debugger always sees it).
     */
    private BitSet writtenParameters(MethodNode m) {
        BitSet written = new BitSet();
        for (AbstractInsnNode insn : m.instructions) {
            int var = -1;
            if (insn instanceof VarInsnNode && insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
                var = ((VarInsnNode) insn).var;
            } else if (insn instanceof IincInsnNode) {
                var = ((IincInsnNode) insn).var;
            }
            if (var >= 0 && var < argSize) {
                written.set(var);
            }
        }
        return written;
    }

    // ---- planning ----

    private List<SuspensionPoint> plan(MethodNode m, MethodAnalysis analysis, List<AbstractInsnNode> sites,
                                       int[] nextLocal, BitSet writtenParams) {
        List<SuspensionPoint> points = new ArrayList<>();
        int label = 1;
        for (AbstractInsnNode site : sites) {
            Frame<BasicValue> f = analysis.frameAt(site);
            if (f == null) {
                continue; // unreachable code: leave it as it is (it can never run)
            }
            SuspensionPoint.Kind kind;
            boolean checked = false;
            if (site.getOpcode() == Opcodes.ARETURN) {
                kind = SuspensionPoint.Kind.RETURN;
            } else {
                String desc = ((MethodInsnNode) site).desc;
                switch (desc) {
                    case Names.AWAIT_ON_AWAITABLE:
                        kind = SuspensionPoint.Kind.AWAITABLE;
                        break;
                    case Names.AWAIT_ON_AWAITABLE_CHECKED:
                        kind = SuspensionPoint.Kind.AWAITABLE;
                        checked = true;
                        break;
                    case Names.AWAIT_ON_STAGE:
                        kind = SuspensionPoint.Kind.STAGE;
                        break;
                    case Names.AWAIT_ON_STAGE_CHECKED:
                        kind = SuspensionPoint.Kind.STAGE;
                        checked = true;
                        break;
                    default:
                        throw new ConstructorRelocator.WeaveProblemException(MisuseChecker.problem(cn, m, site,
                                "unknown Await.on overload " + desc + ": the weaver and weft-runtime versions differ"));
                }
            }
            SuspensionPoint p = new SuspensionPoint(label++, kind, site, checked,
                    MisuseChecker.lineOf(m, site));
            int below = f.getStackSize() - 1 - (checked ? 1 : 0);
            int temp = nextLocal[0];
            for (int i = 0; i < below; i++) {
                BasicValue v = f.getStack(i);
                if (v instanceof TypeInterpreter.Uninitialized || v.getType() == null) {
                    throw new ConstructorRelocator.WeaveProblemException(MisuseChecker.problem(cn, m, site,
                            "cannot weave: an uninitialised value is on the operand stack at Await.on"));
                }
                boolean isNull = v.getType().equals(TypeInterpreter.NULL_TYPE);
                p.stack.add(new SuspensionPoint.Saved(temp, v.getType(), isNull));
                temp += v.getSize();
            }
            BitSet live = analysis.liveAt(site);
            for (int slot = live.nextSetBit(0); slot >= 0; slot = live.nextSetBit(slot + 1)) {
                if (slot == frameSlot || (slot < argSize && !writtenParams.get(slot))) {
                    continue;
                }
                if (slot >= f.getLocals()) {
                    continue;
                }
                BasicValue v = f.getLocal(slot);
                if (v == null || v.getType() == null || v == BasicValue.UNINITIALIZED_VALUE) {
                    continue; // not definitely assigned here: cannot be read before being written
                }
                if (v instanceof TypeInterpreter.Uninitialized) {
                    throw new ConstructorRelocator.WeaveProblemException(MisuseChecker.problem(cn, m, site,
                            "cannot weave: an uninitialised object is stored in a local variable across Await.on"));
                }
                boolean isNull = v.getType().equals(TypeInterpreter.NULL_TYPE);
                p.locals.add(new SuspensionPoint.Saved(slot, v.getType(), isNull));
            }
            points.add(p);
        }
        return points;
    }

    // ---- rewriting ----

    private void rewrite(MethodNode m, List<SuspensionPoint> points, FrameLayout layout, int[] nextLocal,
                         int firstLine) {
        InsnList insns = m.instructions;
        int tempBase = nextLocal[0];
        int tempTop = tempBase;
        List<InsnList> restores = new ArrayList<>();
        List<LabelNode> restoreLabels = new ArrayList<>();
        for (SuspensionPoint p : points) {
            int tempEnd = tempBase;
            for (SuspensionPoint.Saved s : p.stack) {
                tempEnd = Math.max(tempEnd, s.slot + s.type.getSize());
            }
            int scratch = tempEnd;
            tempTop = Math.max(tempTop, scratch + 1);

            LabelNode resume = new LabelNode();
            LabelNode join = new LabelNode();
            InsnList seq = new InsnList();
            if (p.checked) {
                seq.add(new InsnNode(Opcodes.POP));
            }
            boolean spill = !p.stack.isEmpty();
            if (spill) {
                seq.add(new VarInsnNode(Opcodes.ASTORE, scratch));
                for (int i = p.stack.size() - 1; i >= 0; i--) {
                    SuspensionPoint.Saved s = p.stack.get(i);
                    if (s.alwaysNull) {
                        seq.add(new InsnNode(Opcodes.POP));
                    } else {
                        seq.add(new VarInsnNode(FrameLayout.storeOpcode(s.type), s.slot));
                    }
                }
                seq.add(new VarInsnNode(Opcodes.ALOAD, scratch));
            }
            seq.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            switch (p.kind) {
                case AWAITABLE:
                    seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "await", Names.RT_AWAIT_DESC, false));
                    break;
                case STAGE:
                    seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "awaitStage",
                            Names.RT_AWAIT_STAGE_DESC, false));
                    break;
                default:
                    seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "awaitReturn",
                            Names.RT_AWAIT_RETURN_DESC, false));
                    break;
            }
            seq.add(new InsnNode(Opcodes.DUP));
            seq.add(new FieldInsnNode(Opcodes.GETSTATIC, Names.RT, Names.RT_SUSPEND, Names.OBJECT_DESC));
            seq.add(new JumpInsnNode(Opcodes.IF_ACMPNE, join));
            // Suspended: save what lives across this point, remember where to resume, return SUSPEND.
            List<SuspensionPoint.Saved> saved = p.allSaved();
            int refsUsed = 0;
            for (SuspensionPoint.Saved s : saved) {
                if (s.alwaysNull) {
                    continue;
                }
                seq.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                seq.add(new VarInsnNode(FrameLayout.loadOpcode(s.type), s.slot));
                seq.add(new FieldInsnNode(Opcodes.PUTFIELD, frameClass, s.field.name, s.field.desc));
                if (FrameLayout.kindOf(s.type) == 4) {
                    refsUsed++;
                }
            }
            List<FrameLayout.Field> refs = layout.referenceFields();
            for (int i = refsUsed; i < refs.size(); i++) {
                // Dead references are cleared so a suspended frame retains nothing it no longer needs.
                seq.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                seq.add(new InsnNode(Opcodes.ACONST_NULL));
                seq.add(new FieldInsnNode(Opcodes.PUTFIELD, frameClass, refs.get(i).name, refs.get(i).desc));
            }
            seq.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            seq.add(intConst(p.label));
            seq.add(new FieldInsnNode(Opcodes.PUTFIELD, Names.ASYNC_FRAME, "label", "I"));
            // The DUPed result (SUSPEND) is still on the stack: return it.
            seq.add(new InsnNode(Opcodes.ARETURN));
            seq.add(resume);
            seq.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
            seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "resume", Names.RT_RESUME_DESC, false));
            seq.add(join);
            if (spill) {
                seq.add(new VarInsnNode(Opcodes.ASTORE, scratch));
                for (SuspensionPoint.Saved s : p.stack) {
                    if (s.alwaysNull) {
                        seq.add(new InsnNode(Opcodes.ACONST_NULL));
                    } else {
                        seq.add(new VarInsnNode(FrameLayout.loadOpcode(s.type), s.slot));
                    }
                }
                seq.add(new VarInsnNode(Opcodes.ALOAD, scratch));
            }
            if (p.kind == SuspensionPoint.Kind.RETURN) {
                insns.insertBefore(p.insn, seq);
            } else {
                insns.insertBefore(p.insn, seq);
                insns.remove(p.insn);
            }

            // Out of line, outside every try block: restore the saved values, then jump back in.
            LabelNode restoreLabel = new LabelNode();
            InsnList restore = new InsnList();
            restore.add(restoreLabel);
            if (p.line > 0) {
                restore.add(new LineNumberNode(p.line, restoreLabel));
            }
            for (SuspensionPoint.Saved s : saved) {
                if (s.alwaysNull) {
                    restore.add(new InsnNode(Opcodes.ACONST_NULL));
                    restore.add(new VarInsnNode(Opcodes.ASTORE, s.slot));
                    continue;
                }
                restore.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                restore.add(new FieldInsnNode(Opcodes.GETFIELD, frameClass, s.field.name, s.field.desc));
                if (FrameLayout.kindOf(s.type) == 4 && !s.type.equals(TypeInterpreter.OBJECT)) {
                    restore.add(new TypeInsnNode(Opcodes.CHECKCAST, s.type.getSort() == Type.ARRAY
                            ? s.type.getDescriptor() : s.type.getInternalName()));
                }
                restore.add(new VarInsnNode(FrameLayout.storeOpcode(s.type), s.slot));
            }
            restore.add(new JumpInsnNode(Opcodes.GOTO, resume));
            restores.add(restore);
            restoreLabels.add(restoreLabel);
        }
        nextLocal[0] = Math.max(nextLocal[0], tempTop);

        if (points.isEmpty()) {
            return;
        }
        // The entry dispatch: label 0 starts the body, label k resumes at point k.
        LabelNode start = new LabelNode();
        LabelNode bad = new LabelNode();
        InsnList entry = new InsnList();
        LabelNode entryLabel = new LabelNode();
        entry.add(entryLabel);
        if (firstLine > 0) {
            entry.add(new LineNumberNode(firstLine, entryLabel));
        }
        entry.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        entry.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, "label", "I"));
        LabelNode[] targets = new LabelNode[points.size() + 1];
        targets[0] = start;
        for (int i = 0; i < points.size(); i++) {
            targets[i + 1] = restoreLabels.get(i);
        }
        entry.add(new TableSwitchInsnNode(0, points.size(), bad, targets));
        entry.add(start);
        insns.insert(entry);

        insns.add(bad);
        insns.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        insns.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "badLabel", Names.RT_BAD_LABEL_DESC, false));
        insns.add(new InsnNode(Opcodes.ATHROW));
        for (InsnList r : restores) {
            insns.add(r);
        }
    }

    private static AbstractInsnNode intConst(int v) {
        if (v >= -1 && v <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + v);
        }
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return new org.objectweb.asm.tree.IntInsnNode(Opcodes.BIPUSH, v);
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return new org.objectweb.asm.tree.IntInsnNode(Opcodes.SIPUSH, v);
        }
        return new LdcInsnNode(v);
    }
}
