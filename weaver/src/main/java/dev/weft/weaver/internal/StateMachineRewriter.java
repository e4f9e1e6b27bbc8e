package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Rewrites the body into a state machine. At each suspension point: spill the operand stack, call the
 * runtime; if it suspended, save the live values in the frame, set the label and return
 * {@code SUSPEND}; otherwise continue with the value, without saving anything. Out of line, outside
 * every try block, a restore block per point reloads the values and jumps back in, where
 * {@code Rt.resume} gives the value (or throws the exception, into the user's own handlers). The entry
 * dispatch is a {@code tableswitch} on the label. In the compact form ({@link Hub}) the points alike share one
 * copy of that code.
 */
final class StateMachineRewriter {
    private StateMachineRewriter() {
    }

    static void rewrite(MethodShape shape, MethodNode m, List<SuspensionPoint> points, FrameLayout layout,
                        LocalSlots slots, int firstLine, boolean compact, boolean callsBodies) {
        String frameClass = shape.frameClass;
        int frameSlot = shape.frameSlot;
        InsnList insns = m.instructions;
        Map<SuspensionPoint, LabelNode> resumes = new HashMap<>();
        // Where a body called directly has made its frame already, on every path.
        Set<AbstractInsnNode> makers = new HashSet<>();
        Set<AbstractInsnNode> at = new HashSet<>();
        for (SuspensionPoint p : points) {
            at.add(p.insn);
            if (p.direct == null || p.direct.intrinsic != null) {
                makers.add(p.insn);
            }
        }
        Set<AbstractInsnNode> framed = FrameNullness.framedAt(m, makers, at);
        boolean resumesIntoLoops = anyInLoop(m, points);
        PrimitiveResult own = shape.result;
        Set<LabelNode> jumpTargets = BodyPreparer.referencedLabels(m);
        // A direct call of a body that returns a primitive: the primitive, or 0 with Rt.signalled true.
        // Unboxed: the await's value is unboxed at once (or returned as the same primitive), so the primitive
        // goes straight on and only the slow paths handle an object.
        Map<SuspensionPoint, AbstractInsnNode[]> unboxing = new HashMap<>();
        for (SuspensionPoint p : points) {
            PrimitiveResult callee = calleeResult(p);
            unboxing.put(p, callee == null ? null : unboxedBy(p, callee, own, jumpTargets));
        }
        List<Hub> hubs = compact ? Hub.of(m, points, framed, unboxing) : List.of();
        Map<SuspensionPoint, Hub> hubOf = new HashMap<>();
        List<List<SuspensionPoint>> together = new ArrayList<>();
        for (Hub hub : hubs) {
            together.add(hub.members);
            for (SuspensionPoint p : hub.members) {
                hubOf.put(p, hub);
            }
        }
        // Which points share a restore path; this numbers the labels.
        RestorePlan plan = RestorePlan.of(points, together);
        // A point may save the locals of its restore path's other points too, where those are primitives
        // assigned here (dead, but of the same kind): then its points share one suspend path.
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
        layout.result = shape.result;
        SuspendPaths suspends = new SuspendPaths(shape, layout);
        for (SuspensionPoint p : points) {
            suspends.count(p, framedAtSuspension(p, framed));
        }
        int hubSlot = hubOf.isEmpty() ? -1 : slots.take(SlotKind.INT);
        InsnList hubCode = new InsnList();
        for (SuspensionPoint p : points) {
            AbstractInsnNode[] unboxedBy = unboxing.get(p);
            boolean hasFrame = framed.contains(p.insn);
            if (p.direct != null && p.direct.intrinsic != null) {
                // The value is what the runtime's parking call gave (or SUSPEND): nothing to call here.
                callIntrinsic(shape, insns, p.direct, p.zeroedArgs, hasFrame);
            } else if (p.direct != null) {
                // The value is the direct call's result (or SUSPEND): nothing to call here.
                callDirect(shape, insns, p.direct);
            }
            InsnList seq = new InsnList();
            if (p.checked) {
                seq.add(new InsnNode(Opcodes.POP));
            }
            LabelNode join = new LabelNode();
            Hub hub = hubOf.get(p);
            if (hub == null) {
                LabelNode resume = new LabelNode();
                seq.add(await(shape, p, hasFrame, framed, unboxedBy, intConst(p.label), join, resume, suspends));
                resumes.put(p, resume);
            } else {
                // The await's code is the hub's, shared by every point alike: go there with the label, come back
                // to join through its switch on the label.
                seq.add(intConst(p.label));
                seq.add(new JumpInsnNode(Opcodes.GOTO, hub.entry));
                if (p == hub.members.get(0)) {
                    // The hub's code, written once, from its first point (all are alike).
                    hubCode.add(hub.entry);
                    if (p.line > 0) {
                        hubCode.add(new LineNumberNode(p.line, hub.entry));
                    }
                    hubCode.add(new VarInsnNode(Opcodes.ISTORE, hubSlot));
                    hubCode.add(await(shape, p, hasFrame, framed, unboxedBy, new VarInsnNode(Opcodes.ILOAD, hubSlot),
                            hub.back, hub.resume, suspends));
                    hubCode.add(hub.back(hubSlot));
                }
                hub.joins.put(p, join);
                resumes.put(p, hub.resume);
            }
            seq.add(join);
            insns.insertBefore(p.insn, seq);
            if (p.kind == SuspensionPoint.Kind.RETURN) {
                if (unboxedBy != null) {
                    insns.set(p.insn, new InsnNode(own.returnOpcode()));
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
        for (Hub hub : hubs) {
            hub.fillSwitch();
        }

        if (points.isEmpty()) {
            if (callsBodies) {
                // Tail calls only: the depth check, and the body starts whether called directly or from its frame.
                LabelNode start = new LabelNode();
                InsnList entry = new InsnList();
                entry.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                entry.add(new JumpInsnNode(Opcodes.IFNONNULL, start));
                entry.add(depthCheck(shape, start));
                entry.add(start);
                insns.insert(entry);
            }
            return;
        }
        // The entry, outside every try block. Called directly (no frame): start, or bounce off the driver when
        // the stack is deep. Otherwise label 0 starts the body, label k resumes at point k (the frame's invoke()
        // checks that the label is one of these). A body that calls no body directly (tail calls included) does
        // not check the depth: the Java stack grows through direct calls, and its caller checked its own depth
        // before calling it (its awaits of coroutines check theirs in Rt.await), so it runs at most one frame
        // deeper.
        LabelNode start = new LabelNode();
        LabelNode resume = new LabelNode();
        InsnList entry = new InsnList();
        LabelNode entryLabel = new LabelNode();
        entry.add(entryLabel);
        if (firstLine > 0) {
            entry.add(new LineNumberNode(firstLine, entryLabel));
        }
        entry.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        if (callsBodies) {
            entry.add(new JumpInsnNode(Opcodes.IFNONNULL, resume));
            entry.add(depthCheck(shape, start));
        } else {
            entry.add(new JumpInsnNode(Opcodes.IFNULL, start));
        }
        entry.add(resume);
        entry.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
        entry.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, "label", "I"));
        // The resume paths jump into the middle of the body, often of a loop. HotSpot's C2 drops the cases of a
        // switch that a method never took, even after few calls, so in a method that has not suspended yet they
        // do not make the loop irreducible (which would cost it unrolling); a branch needs a long profile first.
        // So every jump to a point is a switch case: either one switch on the label (0 starts the body, k goes to
        // point k's restore path, or to the point itself when there is nothing to reload), or, when smaller, a
        // branch for 0 and compares to the restore paths, each ending with a switch over its points.
        int n = points.size();
        int outer = 17 + 4 * (n + 1);
        int branches = 3 + 10 * (plan.groups.size() - 1);
        for (RestorePlan.Group g : plan.groups) {
            boolean trivial = g.entries.isEmpty() && g.members.size() == 1;
            if (!trivial) {
                outer += g.members.size() == 1 ? 3 : 21 + 4 * g.members.size();
            }
            branches += 21 + 4 * g.members.size();
        }
        if (!resumesIntoLoops && hubOf.isEmpty()) {
            // No point is inside a loop: plain branches and jumps, whichever is smallest.
            entry.add(cheapDispatch(shape, plan, resumes, start));
            entry.add(start);
            insns.insert(entry);
            insns.add(suspends.code());
            layout.resumePoints = points.size();
            return;
        }
        List<InsnList> restores = new ArrayList<>();
        if (outer <= branches && hubOf.isEmpty()) {
            LabelNode[] byLabel = new LabelNode[n + 1];
            byLabel[0] = start;
            for (RestorePlan.Group g : plan.groups) {
                LabelNode target;
                if (g.entries.isEmpty() && g.members.size() == 1) {
                    target = resumes.get(g.members.get(0));
                } else {
                    target = new LabelNode();
                    restores.add(restore(shape, g, target, resumes, start, false));
                }
                for (SuspensionPoint p : g.members) {
                    byLabel[p.label] = target;
                }
            }
            entry.add(new TableSwitchInsnNode(0, n, start, byLabel));
        } else {
            entry.add(new JumpInsnNode(Opcodes.IFEQ, start));
            int groups = plan.groups.size();
            for (int i = 0; i < groups; i++) {
                RestorePlan.Group g = plan.groups.get(i);
                LabelNode target = new LabelNode();
                if (i < groups - 1) {
                    entry.add(new VarInsnNode(Opcodes.ALOAD, frameSlot));
                    entry.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, "label", "I"));
                    entry.add(intConst(g.members.get(g.members.size() - 1).label));
                    entry.add(new JumpInsnNode(Opcodes.IF_ICMPLE, target));
                }
                Hub hub = hubOf.get(g.members.get(0));
                // The last group's restore path comes first, right after the compares: it needs no jump.
                restores.add(i < groups - 1 ? restores.size() : 0, hub == null
                        ? restore(shape, g, target, resumes, start, true) : hub.restore(shape, g, target, hubSlot));
            }
        }
        for (InsnList r : restores) {
            entry.add(r);
        }
        entry.add(start);
        insns.insert(entry);
        insns.add(suspends.code());
        if (hubCode.size() > 0) {
            insns.add(hubCode);
            for (Hub hub : hubs) {
                hub.coverHandlers(m);
            }
        }
        layout.resumePoints = points.size();
    }

    /** Goes on at {@code start} when the depth allows, else bounces off the driver and returns {@code SUSPEND}. */
    private static InsnList depthCheck(MethodShape shape, LabelNode start) {
        InsnList code = new InsnList();
        code.add(new VarInsnNode(Opcodes.ILOAD, shape.depthSlot));
        code.add(new FieldInsnNode(Opcodes.GETSTATIC, Names.RT, Names.RT_MAX_DEPTH, "I"));
        code.add(new JumpInsnNode(Opcodes.IF_ICMPLT, start));
        StubBuilder.pushArguments(shape, code, new BitSet());
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, shape.frameClass, FrameClassGenerator.BOUNCE,
                shape.bounceDescriptor(), false));
        code.add(new InsnNode(shape.result == null ? Opcodes.ARETURN : shape.result.returnOpcode()));
        return code;
    }

    /** The result a direct call of a body returning a primitive gives, or {@code null}. */
    private static PrimitiveResult calleeResult(SuspensionPoint p) {
        return p.direct != null && p.direct.intrinsic == null ? PrimitiveResult.ofBody(p.direct.bodyDesc) : null;
    }

    /**
     * The code of one await after its call: check for a suspension, suspend (push the label, then the shared
     * suspend path), and, at {@code resume}, take the value the frame was resumed with; every path to the value
     * ends at {@code join}, with the values below the awaitable under it.
     */
    private static InsnList await(MethodShape shape, SuspensionPoint p, boolean hasFrame,
                                  Set<AbstractInsnNode> framed, AbstractInsnNode[] unboxedBy,
                                  AbstractInsnNode pushLabel, LabelNode join, LabelNode resume,
                                  SuspendPaths suspends) {
        PrimitiveResult own = shape.result;
        PrimitiveResult callee = calleeResult(p);
        boolean unboxed = unboxedBy != null;
        LabelNode slowValue = new LabelNode();
        LabelNode fast = new LabelNode();
        InsnList seq = new InsnList();
        // The values below the awaitable stay on the operand stack: the save method takes them from there,
        // and the restore path pushes them back.
        if (p.direct == null) {
            if (!hasFrame) {
                ensureFrame(shape, seq, p.zeroedArgs);
            }
            seq.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
            switch (p.kind) {
                case AWAITABLE:
                    seq.add(new VarInsnNode(Opcodes.ILOAD, shape.depthSlot));
                    seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "await", Names.RT_AWAIT_DESC, false));
                    break;
                case STAGE:
                    seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "awaitStage",
                            Names.RT_AWAIT_STAGE_DESC, false));
                    break;
                default:
                    seq.add(new VarInsnNode(Opcodes.ILOAD, shape.depthSlot));
                    seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "awaitReturn",
                            Names.RT_AWAIT_RETURN_DESC, false));
                    break;
            }
        }
        // Unboxed at once, not returned: the primitive goes straight on; a null result fails where it is read.
        boolean unboxedValue = unboxed && p.kind != SuspensionPoint.Kind.RETURN;
        String awaited = callee == null ? null : p.direct.call.owner.replace('/', '.') + "." + p.direct.call.name;
        Supplier<InsnList> loadTask = () -> {
            InsnList load = new InsnList();
            load.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
            return load;
        };
        if (unboxedValue) {
            // The primitive is the value unless the callee signalled a suspension (or a null result: it fails).
            seq.add(callee.readSignalUnboxed(loadTask, join, awaited));
        } else {
            if (callee != null) {
                // The primitive is the value unless the callee signalled a suspension or a null result.
                seq.add(callee.readSignal(loadTask, fast));
            }
            if (p.direct == null || p.direct.intrinsic == null) {
                seq.add(new InsnNode(Opcodes.DUP));
                seq.add(new FieldInsnNode(Opcodes.GETSTATIC, Names.RT, Names.RT_SUSPEND, Names.OBJECT_DESC));
                seq.add(new JumpInsnNode(Opcodes.IF_ACMPNE, callee != null ? slowValue : join));
            } // else Asyncio.sleep as Rt.sleep: it always suspends, so nothing to check
        }
        // Suspended: remember where to resume, then the shared suspend path of this point's values saves them
        // (making the frame first if a body called directly has none yet) and returns SUSPEND.
        seq.add(pushLabel);
        suspends.suspend(p, framedAtSuspension(p, framed), seq);
        seq.add(resume);
        // Resumed (the restore path reloaded the locals): the values below the awaitable back on the stack.
        pushStack(shape, seq, p);
        seq.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        if (unboxedValue) {
            seq.add(new LdcInsnNode(awaited));
            seq.add(callee.resumeUnboxed());
        } else {
            seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "resume", Names.RT_RESUME_DESC, false));
        }
        if (callee != null && !unboxedValue) {
            seq.add(slowValue);
            if (unboxed) {
                seq.add(returnObject(shape)); // a returned primitive: null included
            } else {
                seq.add(new JumpInsnNode(Opcodes.GOTO, join));
            }
            seq.add(fast);
            if (!unboxed) {
                seq.add(callee.boxing());
            }
        }
        return seq;
    }

    /**
     * The compact form, for a body too large for the JVM in the usual one: points alike in everything but their
     * label (what they await and how, the values below the awaitable and the live locals with their types and
     * fields, whether the frame exists, the handlers that cover them) share one copy of the await's code, placed
     * after the body and covered by the same handlers. A point pushes its label and jumps there; the hub keeps
     * the label in a local, and ends with a switch on it back to the point. Its restore path sets that local from
     * the frame's label. Slower (a switch per await) and the hub's line is its first point's, but at most a
     * dozen bytes per await stay in the body: a body that large is interpreted anyway (over HotSpot's 8,000
     * bytes).
     */
    static final class Hub {
        final List<SuspensionPoint> members = new ArrayList<>();
        final Map<SuspensionPoint, LabelNode> joins = new HashMap<>();
        final LabelNode entry = new LabelNode();
        final LabelNode resume = new LabelNode();
        final LabelNode back = new LabelNode();
        final LabelNode end = new LabelNode();
        /** The handlers that cover every member, in the order of the method's table. */
        List<TryCatchBlockNode> handlers;

        /** Groups the points alike; a point alike to no other stays as it is (in no hub). */
        static List<Hub> of(MethodNode m, List<SuspensionPoint> points, Set<AbstractInsnNode> framed,
                            Map<SuspensionPoint, AbstractInsnNode[]> unboxing) {
            Map<String, Hub> byKey = new LinkedHashMap<>();
            Map<SuspensionPoint, List<TryCatchBlockNode>> covering = covering(m, points);
            for (SuspensionPoint p : points) {
                StringBuilder key = new StringBuilder();
                key.append(p.kind).append(p.checked).append(' ').append(framed.contains(p.insn))
                        .append(framedAtSuspension(p, framed)).append(p.zeroedArgs);
                if (p.direct != null) {
                    key.append(" direct ").append(p.direct.intrinsic).append(p.direct.call.owner).append('.')
                            .append(p.direct.call.name).append(p.direct.bodyDesc);
                    AbstractInsnNode[] u = unboxing.get(p);
                    key.append(u == null ? "" : " unboxed " + u.length);
                }
                key.append(" stack");
                for (SuspensionPoint.Saved v : p.stack) {
                    key.append(' ').append(v.alwaysNull ? "null" : v.type + "=" + (v.field == null ? "" : v.field.name));
                }
                key.append(" locals");
                for (SuspensionPoint.Saved v : p.locals) {
                    key.append(' ').append(v.slot).append(v.alwaysNull ? "null"
                            : v.type + "=" + (v.field == null ? "" : v.field.name));
                }
                key.append(" handlers");
                for (TryCatchBlockNode t : covering.get(p)) {
                    key.append(' ').append(m.tryCatchBlocks.indexOf(t));
                }
                Hub hub = byKey.computeIfAbsent(key.toString(), k -> new Hub());
                hub.members.add(p);
                hub.handlers = covering.get(p);
            }
            List<Hub> hubs = new ArrayList<>();
            for (Hub hub : byKey.values()) {
                if (hub.members.size() > 1) {
                    hubs.add(hub);
                }
            }
            return hubs;
        }

        /** The try blocks covering each point's await, in table order. */
        private static Map<SuspensionPoint, List<TryCatchBlockNode>> covering(
                MethodNode m, List<SuspensionPoint> points) {
            Map<AbstractInsnNode, Integer> index = new HashMap<>();
            int i = 0;
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                index.put(insn, i++);
            }
            Map<SuspensionPoint, List<TryCatchBlockNode>> covering =
                    new HashMap<>();
            for (SuspensionPoint p : points) {
                int at = index.get(p.insn);
                List<TryCatchBlockNode> list = new ArrayList<>();
                if (m.tryCatchBlocks != null) {
                    for (TryCatchBlockNode t : m.tryCatchBlocks) {
                        if (index.get(t.start) <= at && at < index.get(t.end)) {
                            list.add(t);
                        }
                    }
                }
                covering.put(p, list);
            }
            return covering;
        }

        private TableSwitchInsnNode toPoint;

        /**
         * The end of the hub: the switch on the label back to the point, with the value on the stack (its targets
         * are filled in once every point has its label, {@link #fillSwitch}).
         */
        InsnList back(int hubSlot) {
            InsnList code = new InsnList();
            code.add(back);
            code.add(new VarInsnNode(Opcodes.ILOAD, hubSlot));
            toPoint = new TableSwitchInsnNode(0, 0, end);
            code.add(toPoint);
            code.add(end);
            return code;
        }

        void fillSwitch() {
            toPoint.min = members.get(0).label;
            toPoint.max = members.get(members.size() - 1).label;
            toPoint.labels.clear();
            for (SuspensionPoint p : members) {
                toPoint.labels.add(joins.get(p));
            }
            toPoint.dflt = toPoint.labels.get(0);
        }

        /** The restore path: reloads the members' locals, keeps the label for the switch back, resumes the hub. */
        InsnList restore(MethodShape shape, RestorePlan.Group g, LabelNode restoreLabel, int hubSlot) {
            InsnList restore = new InsnList();
            restore.add(restoreLabel);
            reload(shape, restore, g);
            restore.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
            restore.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, "label", "I"));
            restore.add(new VarInsnNode(Opcodes.ISTORE, hubSlot));
            restore.add(new JumpInsnNode(Opcodes.GOTO, resume));
            return restore;
        }

        /** An exception in the hub goes where it would have gone from its points. */
        void coverHandlers(MethodNode m) {
            for (TryCatchBlockNode t : handlers) {
                m.tryCatchBlocks.add(new TryCatchBlockNode(entry, end, t.handler, t.type));
            }
        }
    }

    /**
     * The dispatch when no resume lands inside a loop (then a branch into the body costs the JIT nothing): a
     * single point with nothing to reload is a branch to it; otherwise 0 branches to the start, then one restore
     * path right there, or compares to the paths, each ending with a jump or a switch over its points.
     */
    private static InsnList cheapDispatch(MethodShape shape, RestorePlan plan,
                                          Map<SuspensionPoint, LabelNode> resumes, LabelNode start) {
        InsnList code = new InsnList();
        RestorePlan.Group only = plan.groups.size() == 1 ? plan.groups.get(0) : null;
        if (only != null && only.members.size() == 1 && only.entries.isEmpty()) {
            code.add(new JumpInsnNode(Opcodes.IFNE, resumes.get(only.members.get(0))));
            return code;
        }
        code.add(new JumpInsnNode(Opcodes.IFEQ, start));
        int groups = plan.groups.size();
        if (groups == 1) {
            code.add(restore(shape, only, new LabelNode(), resumes, start, false));
            return code;
        }
        LabelNode[] targets = new LabelNode[groups];
        List<InsnList> restores = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            RestorePlan.Group g = plan.groups.get(i);
            if (g.entries.isEmpty() && g.members.size() == 1) {
                targets[i] = resumes.get(g.members.get(0));
            } else {
                targets[i] = new LabelNode();
                // The last group's restore path first: after the compares, it needs no jump.
                restores.add(i < groups - 1 ? restores.size() : 0, restore(shape, g, targets[i], resumes, start, false));
            }
        }
        boolean lastRestoresFirst = !(plan.groups.get(groups - 1).entries.isEmpty()
                && plan.groups.get(groups - 1).members.size() == 1);
        int points = plan.groups.get(groups - 1).members.get(plan.groups.get(groups - 1).members.size() - 1).label;
        if (10 * (groups - 1) < 4 * points + 16) {
            for (int i = 0; i < groups - 1; i++) {
                RestorePlan.Group g = plan.groups.get(i);
                code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
                code.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, "label", "I"));
                code.add(intConst(g.members.get(g.members.size() - 1).label));
                code.add(new JumpInsnNode(Opcodes.IF_ICMPLE, targets[i]));
            }
            if (!lastRestoresFirst) {
                code.add(new JumpInsnNode(Opcodes.GOTO, targets[groups - 1]));
            }
        } else {
            LabelNode[] byLabel = new LabelNode[points];
            for (int i = 0; i < groups; i++) {
                for (SuspensionPoint p : plan.groups.get(i).members) {
                    byLabel[p.label - 1] = targets[i];
                }
            }
            code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
            code.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, "label", "I"));
            code.add(new TableSwitchInsnNode(1, points, byLabel[0], byLabel));
        }
        for (InsnList r : restores) {
            code.add(r);
        }
        return code;
    }

    /**
     * Whether a point lies inside a loop: between the target and the source of a backward jump (javac and ECJ
     * write loops as such ranges; a handler that loops back jumps backward too).
     */
    private static boolean anyInLoop(MethodNode m, List<SuspensionPoint> points) {
        InsnList insns = m.instructions;
        List<int[]> ranges = new ArrayList<>();
        for (int i = 0; i < insns.size(); i++) {
            for (LabelNode t : BodyPreparer.jumpTargets(insns.get(i))) {
                int ti = insns.indexOf(t);
                if (ti <= i) {
                    ranges.add(new int[] {ti, i});
                }
            }
        }
        for (SuspensionPoint p : points) {
            int pi = insns.indexOf(p.insn);
            for (int[] r : ranges) {
                if (pi >= r[0] && pi <= r[1]) {
                    return true;
                }
            }
        }
        return false;
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
     * Whether the frame exists when the point suspends: made before it, or by it (an await that is not a direct
     * call of a body makes it before awaiting).
     */
    private static boolean framedAtSuspension(SuspensionPoint p, Set<AbstractInsnNode> framed) {
        return framed.contains(p.insn) || p.direct == null || p.direct.intrinsic != null;
    }

    /**
     * The suspend paths, out of line, one per set of values saved in the same fields (and values below the
     * awaitable of the same kinds): each point jumps to its path with the {@code SUSPEND} and its label on the
     * stack. A path calls the frame's static save method, which takes the values below the awaitable, the
     * {@code SUSPEND}, the label, the frame (in a body called directly that may have none yet: {@code null}, then
     * the receiver, the arguments and the task to make it from) and the live locals, stores them (clearing the
     * references it does not save), sets the label, publishes the frame and gives the {@code SUSPEND} back to
     * return.
     */
    static final class SuspendPaths {
        private final MethodShape shape;
        private final FrameLayout layout;
        private final Map<String, Integer> uses = new HashMap<>();
        private final Map<String, LabelNode> paths = new LinkedHashMap<>();
        private final InsnList code = new InsnList();

        SuspendPaths(MethodShape shape, FrameLayout layout) {
            this.shape = shape;
            this.layout = layout;
        }

        /** The save method: a frame-making one where the body may have no frame yet. */
        private FrameLayout.SaveMethod saveMethod(SuspensionPoint p, boolean hasFrame) {
            boolean adopt = p.direct != null && p.direct.intrinsic == null;
            Type[] lazy = null;
            if (!hasFrame) {
                Type[] ctor = Type.getArgumentTypes(shape.frameConstructorDescriptor());
                lazy = Arrays.copyOf(ctor, ctor.length + 1);
                lazy[ctor.length] = Type.getType(Names.TASK_DESC);
            }
            return layout.saveMethod(p, adopt, lazy);
        }

        private String key(SuspensionPoint p, boolean hasFrame) {
            FrameLayout.SaveMethod save = saveMethod(p, hasFrame);
            StringBuilder key = new StringBuilder(save.name).append(hasFrame ? " framed" : " " + p.zeroedArgs);
            for (SuspensionPoint.Saved s : p.saveLocals) {
                if (!s.alwaysNull) {
                    key.append(' ').append(s.slot);
                }
            }
            return key.toString();
        }

        /** First pass: how many points would share each path. */
        void count(SuspensionPoint p, boolean hasFrame) {
            uses.merge(key(p, hasFrame), 1, Integer::sum);
        }

        /**
         * With the {@code SUSPEND} and the label on the stack: jumps to the shared path, or suspends right here
         * when no other point has the same path.
         */
        void suspend(SuspensionPoint p, boolean hasFrame, InsnList seq) {
            String key = key(p, hasFrame);
            if (uses.get(key) < 2) {
                save(p, hasFrame, seq);
                return;
            }
            LabelNode path = paths.get(key);
            if (path == null) {
                path = new LabelNode();
                paths.put(key, path);
                code.add(path);
                save(p, hasFrame, code);
            }
            seq.add(new JumpInsnNode(Opcodes.GOTO, path));
        }

        private void save(SuspensionPoint p, boolean hasFrame, InsnList code) {
            FrameLayout.SaveMethod save = saveMethod(p, hasFrame);
            code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
            if (!hasFrame) {
                // The frame may be null: the save method makes it from these.
                StubBuilder.pushArguments(shape, code, p.zeroedArgs);
                code.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
            }
            for (SuspensionPoint.Saved s : p.saveLocals) {
                if (!s.alwaysNull) {
                    code.add(new VarInsnNode(FrameLayout.loadOpcode(s.type), s.slot));
                }
            }
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, shape.frameClass, save.name, save.desc, false));
            // It returns SUSPEND, or a primitive body's marker.
            code.add(new InsnNode(shape.result == null ? Opcodes.ARETURN : shape.result.returnOpcode()));
        }

        InsnList code() {
            return code;
        }
    }

    /**
     * Out of line, outside every try block: one restore path reloads the saved locals of its points, then jumps
     * back in, to its only point or, switching on the label, to the point being resumed (which pushes its values
     * below the awaitable back on the stack).
     */
    private static InsnList restore(MethodShape shape, RestorePlan.Group g, LabelNode restoreLabel,
                                    Map<SuspensionPoint, LabelNode> resumes, LabelNode start,
                                    boolean alwaysSwitch) {
        InsnList restore = new InsnList();
        restore.add(restoreLabel);
        reload(shape, restore, g);
        if (g.members.size() == 1 && !alwaysSwitch) {
            restore.add(new JumpInsnNode(Opcodes.GOTO, resumes.get(g.members.get(0))));
        } else {
            LabelNode[] to = new LabelNode[g.members.size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = resumes.get(g.members.get(i));
            }
            restore.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
            restore.add(new FieldInsnNode(Opcodes.GETFIELD, Names.ASYNC_FRAME, "label", "I"));
            restore.add(new TableSwitchInsnNode(g.members.get(0).label, g.members.get(to.length - 1).label, start, to));
        }
        return restore;
    }

    /** Reloads a restore path's locals from the frame (with the line of its first point). */
    private static void reload(MethodShape shape, InsnList restore, RestorePlan.Group g) {
        int line = g.members.get(0).line;
        if (line > 0) {
            restore.add(new LineNumberNode(line, (LabelNode) restore.getLast()));
        }
        for (SuspensionPoint.Saved s : g.entries.values()) {
            if (s.alwaysNull) {
                restore.add(new InsnNode(Opcodes.ACONST_NULL));
                restore.add(new VarInsnNode(Opcodes.ASTORE, s.slot));
                continue;
            }
            load(shape, restore, s);
            restore.add(new VarInsnNode(FrameLayout.storeOpcode(s.type), s.slot));
        }
    }

    /** Pushes a point's values below the awaitable back on the operand stack. */
    private static void pushStack(MethodShape shape, InsnList code, SuspensionPoint p) {
        for (SuspensionPoint.Saved s : p.stack) {
            if (s.alwaysNull) {
                code.add(new InsnNode(Opcodes.ACONST_NULL));
            } else {
                load(shape, code, s);
            }
        }
    }

    /** Loads a saved value from its frame field, cast back to its type. */
    private static void load(MethodShape shape, InsnList code, SuspensionPoint.Saved s) {
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, shape.frameClass, s.field.name, s.field.desc));
        if (SlotKind.of(s.type) == SlotKind.REFERENCE && !s.type.equals(TypeInterpreter.OBJECT)) {
            code.add(new TypeInsnNode(Opcodes.CHECKCAST, s.type.getSort() == Type.ARRAY
                    ? s.type.getDescriptor() : s.type.getInternalName()));
        }
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
     * Returns the {@code SUSPEND} on the stack; a body returning a primitive drops it and returns its marker
     * value (as it does for a {@code null} result, once signalled).
     */
    private static void returnSuspend(PrimitiveResult own, InsnList seq) {
        if (own == null) {
            seq.add(new InsnNode(Opcodes.ARETURN));
        } else {
            seq.add(new InsnNode(Opcodes.POP));
            seq.add(own.marker());
            seq.add(new InsnNode(own.returnOpcode()));
        }
    }

    /**
     * In a body returning a primitive, every remaining {@code areturn} returns the coroutine's result: a value
     * boxed right before is returned unboxed; any other is unboxed here, and {@code null} is signalled
     * ({@code Rt.returnsNull}) with the marker returned.
     */
    static void returnPrimitive(MethodShape shape, MethodNode m) {
        PrimitiveResult own = shape.result;
        if (own == null) {
            return;
        }
        Set<LabelNode> targets = BodyPreparer.referencedLabels(m);
        InsnList insns = m.instructions;
        for (AbstractInsnNode insn = insns.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn.getOpcode() == Opcodes.ARETURN) {
                AbstractInsnNode prev = BodyPreparer.previousCode(insn, targets);
                if (own.isBoxing(prev)) {
                    insns.remove(prev);
                    insns.set(insn, new InsnNode(own.returnOpcode()));
                } else {
                    insns.insertBefore(insn, returnObject(shape));
                    insns.remove(insn);
                }
            }
            insn = next;
        }
    }

    /** Returns the object on the stack from a body returning a primitive: unboxed, or signalled when null. */
    private static InsnList returnObject(MethodShape shape) {
        PrimitiveResult own = shape.result;
        LabelNode notNull = new LabelNode();
        InsnList l = new InsnList();
        l.add(new InsnNode(Opcodes.DUP));
        l.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "returnsNull", Names.RT_RETURNS_NULL_DESC, false));
        l.add(new JumpInsnNode(Opcodes.IFEQ, notNull));
        returnSuspend(own, l); // null: signalled, return the marker
        l.add(notNull);
        l.add(own.unboxing());
        l.add(new InsnNode(own.returnOpcode()));
        return l;
    }

    /** The call of {@code Asyncio.sleep(...)} becomes {@code Rt.sleep(..., frame)}: the frame must exist by then. */
    private static void callIntrinsic(MethodShape shape, InsnList insns, SuspensionPoint.Direct d,
            BitSet zeroedArgs, boolean hasFrame) {
        InsnList call = new InsnList();
        if (!hasFrame) {
            ensureFrame(shape, call, zeroedArgs);
        }
        call.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, d.intrinsic, d.bodyDesc, false));
        insns.insertBefore(d.call, call);
        insns.remove(d.call);
    }

    /** Replaces the call that makes the callee's frame with a call of its body: no frame, depth + 1. */
    static void callDirect(MethodShape shape, InsnList insns, SuspensionPoint.Direct d) {
        InsnList call = new InsnList();
        call.add(new InsnNode(Opcodes.ACONST_NULL));
        call.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
        call.add(new VarInsnNode(Opcodes.ILOAD, shape.depthSlot));
        call.add(new InsnNode(Opcodes.ICONST_1));
        call.add(new InsnNode(Opcodes.IADD));
        call.add(new MethodInsnNode(d.call.getOpcode(), d.call.owner, d.call.name, d.bodyDesc, d.call.itf));
        insns.insertBefore(d.call, call);
        insns.remove(d.call);
    }

    /**
     * A body called directly has no frame until it must suspend: this makes it, once. The point's zeroed
     * arguments are passed as zero: those the body has written (saved like any local where live) and those
     * dead from the point on.
     */
    private static void ensureFrame(MethodShape shape, InsnList seq, BitSet zeroedArgs) {
        LabelNode have = new LabelNode();
        seq.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        seq.add(new JumpInsnNode(Opcodes.IFNONNULL, have));
        StubBuilder.pushArguments(shape, seq, zeroedArgs);
        seq.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
        seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, shape.frameClass, FrameClassGenerator.LAZY,
                shape.lazyFactoryDescriptor(), false));
        seq.add(new VarInsnNode(Opcodes.ASTORE, shape.frameSlot));
        seq.add(have);
    }

    private static AbstractInsnNode intConst(int v) {
        if (v >= -1 && v <= 5) {
            return new InsnNode(Opcodes.ICONST_0 + v);
        }
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            return new IntInsnNode(Opcodes.BIPUSH, v);
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return new IntInsnNode(Opcodes.SIPUSH, v);
        }
        return new LdcInsnNode(v);
    }
}
