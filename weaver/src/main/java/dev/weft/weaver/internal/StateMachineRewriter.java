package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the body into a state machine. At each suspension point: call the runtime; if it suspended, spill the
 * live values into the frame, set the label and return {@code SUSPEND}; otherwise continue with the value,
 * without saving anything ({@link AwaitSteps}, with the spill paths of {@link SuspendPaths}). Out of line,
 * outside every try block, a restore path per point reloads the values and jumps back in ({@link RestorePaths}),
 * where {@code Rt.resume} gives the value (or throws the exception, into the user's own handlers). The entry
 * dispatch switches on the label ({@link EntryDispatch}). In the compact form ({@link Hub}) the points alike
 * share one copy of the await's code. This class plans what the points share and puts each point's code in
 * place.
 */
final class StateMachineRewriter {
    private final MethodShape shape;
    private final InsnList insns;
    /** The points before which the frame exists on every path. */
    private final Set<AbstractInsnNode> framed;
    /** What unboxes each point's value at once (see {@link #unboxedBy}). */
    private final Map<SuspensionPoint, AbstractInsnNode[]> unboxing;
    private final Map<SuspensionPoint, Hub> hubOf;
    private final SuspendPaths suspends;
    /** Where each point's restore path jumps back in. */
    private final Map<SuspensionPoint, LabelNode> resumes = new HashMap<>();
    /** The hubs' code, placed after the body. */
    private final InsnList hubCode = new InsnList();

    private StateMachineRewriter(MethodShape shape, MethodNode m, Set<AbstractInsnNode> framed,
                                 Map<SuspensionPoint, AbstractInsnNode[]> unboxing, Map<SuspensionPoint, Hub> hubOf,
                                 SuspendPaths suspends) {
        this.shape = shape;
        this.insns = m.instructions;
        this.framed = framed;
        this.unboxing = unboxing;
        this.hubOf = hubOf;
        this.suspends = suspends;
    }

    /**
     * @param slots where the compact form takes the local that keeps the label in a hub
     * @param callsBodies whether the body calls a body directly, tail calls included
     */
    static void rewrite(MethodShape shape, MethodNode m, List<SuspensionPoint> points, FrameLayout layout,
                        LocalSlots slots, boolean compact, boolean callsBodies) {
        Set<AbstractInsnNode> framed = framedAt(m, points);
        boolean resumesIntoLoops = EntryDispatch.anyInLoop(m, points);
        Map<SuspensionPoint, AbstractInsnNode[]> unboxing = unboxing(shape, m, points);
        List<Hub> hubs = compact ? Hub.of(m, points, framed, unboxing) : List.of();
        Map<SuspensionPoint, Hub> hubOf = new HashMap<>();
        List<List<SuspensionPoint>> together = new ArrayList<>();
        if (!hubs.isEmpty()) {
            int labelSlot = slots.take(SlotKind.INT);
            for (Hub hub : hubs) {
                hub.labelSlot = labelSlot;
                together.add(hub.members);
                for (SuspensionPoint p : hub.members) {
                    hubOf.put(p, hub);
                }
            }
        }
        // Which points share a restore path; this numbers the labels.
        RestorePlan plan = RestorePlan.of(points, together);
        planSaves(shape, m, points, plan);
        layout.result = shape.result;
        SuspendPaths suspends = new SuspendPaths(shape, layout);
        for (SuspensionPoint p : points) {
            suspends.count(p, FrameNullness.framedAtSuspension(p, framed));
        }
        StateMachineRewriter rewriter = new StateMachineRewriter(shape, m, framed, unboxing, hubOf, suspends);
        for (SuspensionPoint p : points) {
            rewriter.rewritePoint(p);
        }
        for (Hub hub : hubs) {
            hub.fillSwitch();
        }

        InsnList insns = m.instructions;
        if (points.isEmpty()) {
            if (callsBodies) {
                insns.insert(EntryDispatch.tailCallsOnly(shape));
            }
            return;
        }
        insns.insert(new EntryDispatch(shape, plan, rewriter.resumes, hubOf, points.size())
                .code(callsBodies, resumesIntoLoops));
        insns.add(suspends.code());
        if (rewriter.hubCode.size() > 0) {
            insns.add(rewriter.hubCode);
            for (Hub hub : hubs) {
                hub.coverHandlers(m);
            }
        }
        layout.resumePoints = points.size();
    }

    /** Where a body called directly has made its frame already, on every path. */
    private static Set<AbstractInsnNode> framedAt(MethodNode m, List<SuspensionPoint> points) {
        Set<AbstractInsnNode> makers = new HashSet<>();
        Set<AbstractInsnNode> at = new HashSet<>();
        for (SuspensionPoint p : points) {
            at.add(p.insn);
            if (p.direct == null || p.direct.intrinsic != null) {
                makers.add(p.insn);
            }
        }
        return FrameNullness.framedAt(m, makers, at);
    }

    /**
     * A direct call of a body that returns a primitive: the primitive, or 0 with Rt.signalled true. Unboxed: the
     * await's value is unboxed at once (or returned as the same primitive), so the primitive goes straight on and
     * only the slow paths handle an object.
     */
    private static Map<SuspensionPoint, AbstractInsnNode[]> unboxing(MethodShape shape, MethodNode m,
                                                                   List<SuspensionPoint> points) {
        Set<LabelNode> jumpTargets = BodyPreparer.referencedLabels(m);
        Map<SuspensionPoint, AbstractInsnNode[]> unboxing = new HashMap<>();
        for (SuspensionPoint p : points) {
            PrimitiveResult callee = AwaitSteps.calleeResult(p);
            unboxing.put(p, callee == null ? null : unboxedBy(p, callee, shape.result, jumpTargets));
        }
        return unboxing;
    }

    /**
     * The instructions after an await of a direct call that unbox its value at once ({@code checkcast Integer;
     * intValue()}), to be removed as the primitive goes straight on; an empty array for {@code return m(..)}
     * in a body returning the same primitive; {@code null} when the value is used as an object.
     */
    private static AbstractInsnNode[] unboxedBy(SuspensionPoint p, PrimitiveResult callee, PrimitiveResult own,
                                                Set<LabelNode> targets) {
        if (p.kind == SuspensionPoint.Kind.RETURN) {
            return own == callee ? new AbstractInsnNode[0] : null;
        }
        AbstractInsnNode cast = BodyPreparer.nextCode(p.insn, targets);
        if (!callee.isCast(cast)) {
            return null;
        }
        AbstractInsnNode unbox = BodyPreparer.nextCode(cast, targets);
        return callee.isUnboxCall(unbox) ? new AbstractInsnNode[] {cast, unbox} : null;
    }

    /**
     * Sets what each point's spill saves. A point may save the locals of its restore path's other points too,
     * where those are primitives assigned here (dead, but of the same kind): then its points share one suspend
     * path.
     */
    private static void planSaves(MethodShape shape, MethodNode m, List<SuspensionPoint> points, RestorePlan plan) {
        Map<SuspensionPoint, SlotKind[]> restoredKinds = new HashMap<>();
        for (RestorePlan.Group g : plan.groups) {
            SlotKind[] kinds = AssignedKinds.afterResume(shape, m.maxLocals, g.entries.values());
            for (SuspensionPoint p : g.members) {
                restoredKinds.put(p, kinds);
            }
        }
        Map<SuspensionPoint, SlotKind[]> kindsBefore = AssignedKinds.before(m, shape, points, restoredKinds);
        for (RestorePlan.Group g : plan.groups) {
            for (SuspensionPoint p : g.members) {
                p.saveLocals = saveList(p, g.entries.values(), kindsBefore.get(p));
            }
        }
    }

    /**
     * What the point saves: of its restore path's values, in the path's order, its own locals and the other
     * points' primitives that certainly hold a value of the same kind here, resumes included (dead, but
     * loadable: {@link AssignedKinds}); so the points of a path tend
     * to save the same list and share one suspend path. A reference the point does not own is never saved: the
     * save method clears it, so that a suspended frame keeps nothing dead alive.
     */
    private static List<SuspensionPoint.Saved> saveList(SuspensionPoint p, Collection<SuspensionPoint.Saved> all,
                                                        SlotKind[] kindsHere) {
        Set<Integer> own = new HashSet<>();
        for (SuspensionPoint.Saved s : p.locals) {
            own.add(s.slot);
        }
        List<SuspensionPoint.Saved> list = new ArrayList<>();
        for (SuspensionPoint.Saved s : all) {
            if (s.alwaysNull) {
                continue;
            }
            SlotKind kind = SlotKind.of(s.type);
            if (own.contains(s.slot)
                    || (kind != SlotKind.REFERENCE && s.slot < kindsHere.length && kindsHere[s.slot] == kind)) {
                list.add(s);
            }
        }
        return list;
    }

    /**
     * Puts a point's code in place of its await: the direct call's own call step, then the await's code (or, in a
     * hub, a jump to the hub's), joining the body again where the await's value is ready.
     */
    private void rewritePoint(SuspensionPoint p) {
        AbstractInsnNode[] unboxedBy = unboxing.get(p);
        boolean hasFrame = framed.contains(p.insn);
        AwaitSteps.callDirect(shape, insns, p, hasFrame);
        InsnList seq = new InsnList();
        if (p.checked) {
            seq.add(new InsnNode(Opcodes.POP)); // the Class argument above the awaitable
        }
        LabelNode join = new LabelNode();
        Hub hub = hubOf.get(p);
        if (hub == null) {
            LabelNode resume = new LabelNode();
            seq.add(await(p, hasFrame, unboxedBy, Insns.intConst(p.label), join, resume));
            resumes.put(p, resume);
        } else {
            // The await's code is the hub's, shared by every point alike: go there with the label, come back
            // to join through its switch on the label.
            seq.add(Insns.intConst(p.label));
            seq.add(new JumpInsnNode(Opcodes.GOTO, hub.entry));
            if (p == hub.members.get(0)) {
                hubCode.add(hub.code(p.line, await(p, hasFrame, unboxedBy, hub.loadLabel(), hub.back, hub.resume)));
            }
            hub.joins.put(p, join);
            resumes.put(p, hub.resume);
        }
        seq.add(join);
        insns.insertBefore(p.insn, seq);
        if (p.kind == SuspensionPoint.Kind.RETURN) {
            if (unboxedBy != null) {
                insns.set(p.insn, new InsnNode(shape.result.returnOpcode()));
            }
        } else {
            insns.remove(p.insn);
            if (unboxedBy != null) {
                for (AbstractInsnNode u : unboxedBy) {
                    insns.remove(u);
                }
            }
        }
    }

    private InsnList await(SuspensionPoint p, boolean hasFrame, AbstractInsnNode[] unboxedBy,
                           AbstractInsnNode pushLabel, LabelNode join, LabelNode resume) {
        return new AwaitSteps(shape, p, unboxedBy != null, join)
                .code(hasFrame, FrameNullness.framedAtSuspension(p, framed), pushLabel, resume, suspends);
    }
}
