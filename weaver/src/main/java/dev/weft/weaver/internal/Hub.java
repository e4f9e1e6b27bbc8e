package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
final class Hub {
    final List<SuspensionPoint> members = new ArrayList<>();
    final Map<SuspensionPoint, LabelNode> joins = new HashMap<>();
    final LabelNode entry = new LabelNode();
    final LabelNode resume = new LabelNode();
    final LabelNode back = new LabelNode();
    private final LabelNode end = new LabelNode();
    /** The local that keeps the label while in the hub; one for all the hubs of a body. */
    int labelSlot;
    /** The handlers that cover every member, in the order of the method's table. */
    private List<TryCatchBlockNode> handlers;
    private TableSwitchInsnNode toPoint;

    /** Groups the points alike; a point alike to no other stays as it is (in no hub). */
    static List<Hub> of(MethodNode m, List<SuspensionPoint> points, Set<AbstractInsnNode> framed,
                        Map<SuspensionPoint, AbstractInsnNode[]> unboxing) {
        Map<String, Hub> byKey = new LinkedHashMap<>();
        Map<SuspensionPoint, List<TryCatchBlockNode>> covering = covering(m, points);
        for (SuspensionPoint p : points) {
            StringBuilder key = new StringBuilder();
            key.append(p.kind).append(p.checked).append(' ').append(framed.contains(p.insn))
                    .append(FrameNullness.framedAtSuspension(p, framed)).append(p.zeroedArgs);
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

    /** Pushes the label kept in the hub's local. */
    AbstractInsnNode loadLabel() {
        return new VarInsnNode(Opcodes.ILOAD, labelSlot);
    }

    /**
     * The hub's code, written once from its first point's (all are alike): keep the label, await, then switch on
     * the label back to the point, with the value on the stack (the switch's targets are filled in once every
     * point has its label, {@link #fillSwitch}).
     */
    InsnList code(int line, InsnList await) {
        InsnList code = new InsnList();
        code.add(entry);
        if (line > 0) {
            code.add(new LineNumberNode(line, entry));
        }
        code.add(new VarInsnNode(Opcodes.ISTORE, labelSlot));
        code.add(await);
        code.add(back);
        code.add(loadLabel());
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
    InsnList restore(MethodShape shape, RestorePlan.Group g, LabelNode restoreLabel) {
        InsnList restore = new InsnList();
        restore.add(restoreLabel);
        RestorePaths.reload(shape, restore, g);
        restore.add(Insns.frameLabel(shape));
        restore.add(new VarInsnNode(Opcodes.ISTORE, labelSlot));
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
