package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kind ({@link SlotKind}) of the value every local slot certainly holds before each suspension
 * point, in the woven body: where a resume reloads only its restore path's values, a slot that the body as javac
 * wrote it has assigned may hold nothing after a resume. A suspend path that saves a slot the point does not need
 * (to be shared) may load it only where it holds a value of that kind on every path, resumes included.
 */
final class AssignedKinds {
    private AssignedKinds() {
    }

    /**
     * @param m the body, before the rewrite
     * @param shape the method
     * @param points the points
     * @param restored per point, the kinds its restore path writes to each slot
     * @return per point, the kind of every slot before it ({@code null}: none certain)
     */
    static Map<SuspensionPoint, SlotKind[]> before(MethodNode m, MethodShape shape, List<SuspensionPoint> points,
                                              Map<SuspensionPoint, SlotKind[]> restored) {
        InsnList insns = m.instructions;
        int n = insns.size();
        // On entry: the receiver, the arguments, the frame, the task and the depth (null: no kind certain).
        SlotKind[] entry = afterResume(shape, m.maxLocals, List.of());
        int locals = entry.length;
        Map<AbstractInsnNode, SuspensionPoint> at = new HashMap<>();
        for (SuspensionPoint p : points) {
            at.put(p.insn, p);
        }
        SlotKind[][] in = new SlotKind[n][];
        int[][] handlers = new int[n][];
        for (TryCatchBlockNode tc : m.tryCatchBlocks) {
            int h = insns.indexOf(tc.handler);
            for (int i = insns.indexOf(tc.start); i < insns.indexOf(tc.end); i++) {
                handlers[i] = handlers[i] == null ? new int[] {h} : append(handlers[i], h);
            }
        }
        Deque<Integer> work = new ArrayDeque<>();
        flow(0, entry, in, work);
        while (!work.isEmpty()) {
            int i = work.pop();
            SlotKind[] state = in[i];
            AbstractInsnNode insn = insns.get(i);
            SlotKind[] out = state;
            if (insn instanceof VarInsnNode && insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
                out = state.clone();
                int s = ((VarInsnNode) insn).var;
                SlotKind kind = storeKind(insn.getOpcode());
                if (s > 0 && out[s - 1] != null && out[s - 1].isWide()) {
                    out[s - 1] = null; // overwrote the second half of a wide value
                }
                out[s] = kind;
                if (kind.isWide()) {
                    out[s + 1] = null;
                }
            }
            SuspensionPoint p = at.get(insn);
            if (p != null) {
                // After the point: the value went on, or the body was resumed with only its path's values.
                out = meet(out, restored.get(p));
            }
            if (handlers[i] != null) {
                // A handler gets the locals before the instruction and after it (a store, or a resume, in a try
                // block): the stack map frames of the woven body, computed by ASM, merge both at the handler.
                for (int h : handlers[i]) {
                    flow(h, state, in, work);
                    flow(h, out, in, work);
                }
            }
            for (LabelNode l : BodyPreparer.jumpTargets(insn)) {
                flow(insns.indexOf(l), out, in, work);
            }
            if (!endsFlow(insn) && i + 1 < n) {
                flow(i + 1, out, in, work);
            }
        }
        Map<SuspensionPoint, SlotKind[]> result = new HashMap<>();
        for (SuspensionPoint p : points) {
            SlotKind[] s = in[insns.indexOf(p.insn)];
            if (s == null) {
                s = new SlotKind[locals];
            }
            result.put(p, s);
        }
        return result;
    }

    /**
     * @return the kinds after a resume of the point: the receiver, the arguments, the frame, the task, the depth and
     *     its path's values
     */
    static SlotKind[] afterResume(MethodShape shape, int locals, Iterable<SuspensionPoint.Saved> restoredValues) {
        SlotKind[] s = new SlotKind[Math.max(locals, shape.depthSlot + 1) + 2];
        int slot = 0;
        if (!shape.isStatic) {
            s[slot++] = SlotKind.REFERENCE;
        }
        for (Type t : shape.argTypes) {
            s[slot] = SlotKind.of(t);
            slot += t.getSize();
        }
        s[shape.frameSlot] = SlotKind.REFERENCE;
        s[shape.taskSlot] = SlotKind.REFERENCE;
        s[shape.depthSlot] = SlotKind.INT;
        for (SuspensionPoint.Saved v : restoredValues) {
            s[v.slot] = v.alwaysNull ? SlotKind.REFERENCE : SlotKind.of(v.type);
        }
        return s;
    }

    private static SlotKind storeKind(int opcode) {
        switch (opcode) {
            case Opcodes.ISTORE: return SlotKind.INT;
            case Opcodes.LSTORE: return SlotKind.LONG;
            case Opcodes.FSTORE: return SlotKind.FLOAT;
            case Opcodes.DSTORE: return SlotKind.DOUBLE;
            default: return SlotKind.REFERENCE;
        }
    }

    private static SlotKind[] meet(SlotKind[] a, SlotKind[] b) {
        SlotKind[] r = a.clone();
        for (int i = 0; i < r.length; i++) {
            if (i >= b.length || r[i] != b[i]) {
                r[i] = null;
            }
        }
        return r;
    }

    private static void flow(int i, SlotKind[] state, SlotKind[][] in, Deque<Integer> work) {
        if (in[i] == null) {
            in[i] = state.clone();
            work.push(i);
            return;
        }
        SlotKind[] merged = meet(in[i], state);
        if (!Arrays.equals(merged, in[i])) {
            in[i] = merged;
            work.push(i);
        }
    }

    private static int[] append(int[] a, int v) {
        int[] r = Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }

    private static boolean endsFlow(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return op == Opcodes.GOTO || op == Opcodes.ATHROW || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                || op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH || op == Opcodes.JSR || op == Opcodes.RET;
    }
}
