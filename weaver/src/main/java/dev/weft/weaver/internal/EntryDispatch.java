package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The entry of the body, outside every try block. Called directly (no frame): start, or bounce off the driver
 * when the stack is deep. Otherwise label 0 starts the body, label k resumes at point k (the frame's invoke()
 * checks that the label is one of these), through its restore path ({@link RestorePaths}). A body that calls no
 * body directly (tail calls included) does not check the depth: the Java stack grows through direct calls, and
 * its caller checked its own depth before calling it (its awaits of coroutines check theirs in Rt.await), so it
 * runs at most one frame deeper.
 */
final class EntryDispatch {
    // Rough sizes in bytes, to choose the smaller dispatch.
    /** A tableswitch without its cases: opcode, padding at worst, default and bounds, rounded up. */
    private static final int SWITCH_BYTES = 17;
    /** A tableswitch's default and bounds alone. */
    private static final int SWITCH_TABLE_BYTES = 12;
    /** One case of a tableswitch. */
    private static final int CASE_BYTES = 4;
    /** A jump. */
    private static final int JUMP_BYTES = 3;
    /** Pushing the frame's label: aload, getfield. */
    private static final int LOAD_LABEL_BYTES = 4;
    /** Comparing the label to a restore path's last: the label, the bound, if_icmple. */
    private static final int COMPARE_BYTES = 10;

    private final MethodShape shape;
    private final RestorePlan plan;
    private final Map<SuspensionPoint, LabelNode> resumes;
    private final Map<SuspensionPoint, Hub> hubOf;
    private final int points;
    /** The start of the body. */
    private final LabelNode start = new LabelNode();

    /**
     * @param resumes where each point resumes
     * @param hubOf the hub of each point in one (the compact form)
     */
    EntryDispatch(MethodShape shape, RestorePlan plan, Map<SuspensionPoint, LabelNode> resumes,
                  Map<SuspensionPoint, Hub> hubOf, int points) {
        this.shape = shape;
        this.plan = plan;
        this.resumes = resumes;
        this.hubOf = hubOf;
        this.points = points;
    }

    /** The entry of a body with tail calls only: the depth check, and the body starts whether it has a frame or not. */
    static InsnList tailCallsOnly(MethodShape shape) {
        LabelNode start = new LabelNode();
        InsnList entry = new InsnList();
        entry.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        entry.add(new JumpInsnNode(Opcodes.IFNONNULL, start));
        entry.add(depthCheck(shape, start));
        entry.add(start);
        return entry;
    }

    /**
     * The entry, ending at the start of the body.
     *
     * @param callsBodies whether the body calls a body directly (then it checks the depth)
     * @param resumesIntoLoops whether a point lies inside a loop ({@link #anyInLoop})
     */
    InsnList code(boolean callsBodies, boolean resumesIntoLoops) {
        LabelNode resume = new LabelNode();
        InsnList entry = new InsnList();
        // No line of its own: a breakpoint on the method's first line then stops only where the body starts, not at
        // every resume, and a step into the method goes on to the first line it runs (the first statement, or the
        // await it resumes at).
        entry.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        if (callsBodies) {
            entry.add(new JumpInsnNode(Opcodes.IFNONNULL, resume));
            entry.add(depthCheck(shape, start));
        } else {
            entry.add(new JumpInsnNode(Opcodes.IFNULL, start));
        }
        entry.add(resume);
        entry.add(Insns.frameLabel(shape));
        // The resume paths jump into the middle of the body, often of a loop. HotSpot's C2 drops the cases of a
        // switch that a method never took, even after few calls, so in a method that has not suspended yet they
        // do not make the loop irreducible (which would cost it unrolling); a branch needs a long profile first.
        // So every jump to a point is a switch case: either one switch on the label (0 starts the body, k goes to
        // point k's restore path, or to the point itself when there is nothing to reload), or, when smaller, a
        // branch for 0 and compares to the restore paths, each ending with a switch over its points.
        if (!resumesIntoLoops && hubOf.isEmpty()) {
            entry.add(branches());
        } else if (oneSwitchBytes() <= comparesBytes() && hubOf.isEmpty()) {
            entry.add(oneSwitch());
        } else {
            entry.add(compares());
        }
        entry.add(start);
        return entry;
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

    /** Whether the dispatch goes straight to the group's point: one point, nothing to reload. */
    private static boolean straight(RestorePlan.Group g) {
        return g.entries.isEmpty() && g.members.size() == 1;
    }

    /** A switch on the label over a group's points. */
    private static int groupSwitchBytes(RestorePlan.Group g) {
        return LOAD_LABEL_BYTES + SWITCH_BYTES + CASE_BYTES * g.members.size();
    }

    private int oneSwitchBytes() {
        int bytes = SWITCH_BYTES + CASE_BYTES * (points + 1);
        for (RestorePlan.Group g : plan.groups) {
            if (!straight(g)) {
                bytes += g.members.size() == 1 ? JUMP_BYTES : groupSwitchBytes(g);
            }
        }
        return bytes;
    }

    private int comparesBytes() {
        int bytes = JUMP_BYTES + COMPARE_BYTES * (plan.groups.size() - 1);
        for (RestorePlan.Group g : plan.groups) {
            bytes += groupSwitchBytes(g);
        }
        return bytes;
    }

    /** One switch on the label: 0 starts the body, k goes to point k's restore path (or to the point). */
    private InsnList oneSwitch() {
        InsnList code = new InsnList();
        List<InsnList> restores = new ArrayList<>();
        LabelNode[] byLabel = new LabelNode[points + 1];
        byLabel[0] = start;
        for (RestorePlan.Group g : plan.groups) {
            LabelNode target;
            if (straight(g)) {
                target = resumes.get(g.members.get(0));
            } else {
                target = new LabelNode();
                restores.add(RestorePaths.of(shape, g, target, resumes, start, false));
            }
            for (SuspensionPoint p : g.members) {
                byLabel[p.label] = target;
            }
        }
        code.add(new TableSwitchInsnNode(0, points, start, byLabel));
        for (InsnList r : restores) {
            code.add(r);
        }
        return code;
    }

    /** A branch for 0, then compares to the restore paths, each ending with a switch over its points. */
    private InsnList compares() {
        InsnList code = new InsnList();
        List<InsnList> restores = new ArrayList<>();
        code.add(new JumpInsnNode(Opcodes.IFEQ, start));
        int groups = plan.groups.size();
        for (int i = 0; i < groups; i++) {
            RestorePlan.Group g = plan.groups.get(i);
            LabelNode target = new LabelNode();
            if (i < groups - 1) {
                code.add(Insns.frameLabel(shape));
                code.add(Insns.intConst(g.members.get(g.members.size() - 1).label));
                code.add(new JumpInsnNode(Opcodes.IF_ICMPLE, target));
            }
            Hub hub = hubOf.get(g.members.get(0));
            // The last group's restore path comes first, right after the compares: it needs no jump.
            restores.add(i < groups - 1 ? restores.size() : 0, hub == null
                    ? RestorePaths.of(shape, g, target, resumes, start, true) : hub.restore(shape, g, target));
        }
        for (InsnList r : restores) {
            code.add(r);
        }
        return code;
    }

    /**
     * The dispatch when no resume lands inside a loop (then a branch into the body costs the JIT nothing): a
     * single point with nothing to reload is a branch to it; otherwise 0 branches to the start, then one restore
     * path right there, or compares to the paths, each ending with a jump or a switch over its points.
     */
    private InsnList branches() {
        InsnList code = new InsnList();
        RestorePlan.Group only = plan.groups.size() == 1 ? plan.groups.get(0) : null;
        if (only != null && straight(only)) {
            code.add(new JumpInsnNode(Opcodes.IFNE, resumes.get(only.members.get(0))));
            return code;
        }
        code.add(new JumpInsnNode(Opcodes.IFEQ, start));
        int groups = plan.groups.size();
        if (groups == 1) {
            code.add(RestorePaths.of(shape, only, new LabelNode(), resumes, start, false));
            return code;
        }
        LabelNode[] targets = new LabelNode[groups];
        List<InsnList> restores = new ArrayList<>();
        for (int i = 0; i < groups; i++) {
            RestorePlan.Group g = plan.groups.get(i);
            if (straight(g)) {
                targets[i] = resumes.get(g.members.get(0));
            } else {
                targets[i] = new LabelNode();
                // The last group's restore path first: after the compares, it needs no jump.
                restores.add(i < groups - 1 ? restores.size() : 0,
                        RestorePaths.of(shape, g, targets[i], resumes, start, false));
            }
        }
        RestorePlan.Group last = plan.groups.get(groups - 1);
        boolean lastRestoresFirst = !straight(last);
        int lastLabel = last.members.get(last.members.size() - 1).label;
        if (COMPARE_BYTES * (groups - 1) < LOAD_LABEL_BYTES + SWITCH_TABLE_BYTES + CASE_BYTES * lastLabel) {
            for (int i = 0; i < groups - 1; i++) {
                RestorePlan.Group g = plan.groups.get(i);
                code.add(Insns.frameLabel(shape));
                code.add(Insns.intConst(g.members.get(g.members.size() - 1).label));
                code.add(new JumpInsnNode(Opcodes.IF_ICMPLE, targets[i]));
            }
            if (!lastRestoresFirst) {
                code.add(new JumpInsnNode(Opcodes.GOTO, targets[groups - 1]));
            }
        } else {
            LabelNode[] byLabel = new LabelNode[lastLabel];
            for (int i = 0; i < groups; i++) {
                for (SuspensionPoint p : plan.groups.get(i).members) {
                    byLabel[p.label - 1] = targets[i];
                }
            }
            code.add(Insns.frameLabel(shape));
            code.add(new TableSwitchInsnNode(1, lastLabel, byLabel[0], byLabel));
        }
        for (InsnList r : restores) {
            code.add(r);
        }
        return code;
    }

    /**
     * Whether a point lies inside a loop: between the target and the source of a backward jump (javac and ECJ
     * write loops as such ranges; a handler that loops back jumps backward too). Asked before the rewrite.
     */
    static boolean anyInLoop(MethodNode m, List<SuspensionPoint> points) {
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
}
