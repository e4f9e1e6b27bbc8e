package dev.weft.transformer.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kind ({@link FrameLayout#kindOf}) of the value every local slot certainly holds before each suspension
 * point, in the woven body: where a resume reloads only its restore path's values, a slot that the body as javac
 * wrote it has assigned may hold nothing after a resume. A suspend path that saves a slot the point does not need
 * (to be shared) may load it only where it holds a value of that kind on every path, resumes included.
 */
final class AssignedKinds {
    private static final int NONE = -1;

    private AssignedKinds() {
    }

    /**
     * @param m the body, before the rewrite
     * @param shape the method
     * @param points the points
     * @param restored per point, the kinds its restore path writes to each slot
     * @return per point, the kind of every slot before it ({@code -1}: none certain)
     */
    static Map<SuspensionPoint, int[]> before(MethodNode m, MethodShape shape, List<SuspensionPoint> points,
                                              Map<SuspensionPoint, int[]> restored) {
        InsnList insns = m.instructions;
        int n = insns.size();
        int locals = Math.max(m.maxLocals, shape.depthSlot + 1) + 2;
        int[] entry = new int[locals];
        Arrays.fill(entry, NONE);
        int slot = 0;
        if (!shape.isStatic) {
            entry[slot++] = 4;
        }
        for (Type t : shape.argTypes) {
            entry[slot] = FrameLayout.kindOf(t);
            slot += t.getSize();
        }
        entry[shape.frameSlot] = 4;
        entry[shape.taskSlot] = 4;
        entry[shape.depthSlot] = 0;
        Map<AbstractInsnNode, SuspensionPoint> at = new HashMap<>();
        for (SuspensionPoint p : points) {
            at.put(p.insn, p);
        }
        int[][] in = new int[n][];
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
            int[] state = in[i];
            AbstractInsnNode insn = insns.get(i);
            int[] out = state;
            if (insn instanceof VarInsnNode && insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
                out = state.clone();
                int s = ((VarInsnNode) insn).var;
                int kind = storeKind(insn.getOpcode());
                if (s > 0 && (out[s - 1] == 1 || out[s - 1] == 3)) {
                    out[s - 1] = NONE; // overwrote the second half of a wide value
                }
                out[s] = kind;
                if (kind == 1 || kind == 3) {
                    out[s + 1] = NONE;
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
            if (insn instanceof JumpInsnNode) {
                flow(insns.indexOf(((JumpInsnNode) insn).label), out, in, work);
            } else if (insn instanceof TableSwitchInsnNode) {
                TableSwitchInsnNode s = (TableSwitchInsnNode) insn;
                flow(insns.indexOf(s.dflt), out, in, work);
                for (LabelNode l : s.labels) {
                    flow(insns.indexOf(l), out, in, work);
                }
            } else if (insn instanceof LookupSwitchInsnNode) {
                LookupSwitchInsnNode s = (LookupSwitchInsnNode) insn;
                flow(insns.indexOf(s.dflt), out, in, work);
                for (LabelNode l : s.labels) {
                    flow(insns.indexOf(l), out, in, work);
                }
            }
            if (!endsFlow(insn) && i + 1 < n) {
                flow(i + 1, out, in, work);
            }
        }
        Map<SuspensionPoint, int[]> result = new HashMap<>();
        for (SuspensionPoint p : points) {
            int[] s = in[insns.indexOf(p.insn)];
            if (s == null) {
                s = new int[locals];
                Arrays.fill(s, NONE);
            }
            result.put(p, s);
        }
        return result;
    }

    /** @return the kinds after a resume of the point: the receiver, the arguments and its path's values */
    static int[] afterResume(MethodShape shape, int locals, Iterable<SuspensionPoint.Saved> restoredValues) {
        int[] s = new int[Math.max(locals, shape.depthSlot + 1) + 2];
        Arrays.fill(s, NONE);
        int slot = 0;
        if (!shape.isStatic) {
            s[slot++] = 4;
        }
        for (Type t : shape.argTypes) {
            s[slot] = FrameLayout.kindOf(t);
            slot += t.getSize();
        }
        s[shape.frameSlot] = 4;
        s[shape.taskSlot] = 4;
        s[shape.depthSlot] = 0;
        for (SuspensionPoint.Saved v : restoredValues) {
            s[v.slot] = v.alwaysNull ? 4 : FrameLayout.kindOf(v.type);
        }
        return s;
    }

    private static int storeKind(int opcode) {
        switch (opcode) {
            case Opcodes.ISTORE: return 0;
            case Opcodes.LSTORE: return 1;
            case Opcodes.FSTORE: return 2;
            case Opcodes.DSTORE: return 3;
            default: return 4;
        }
    }

    private static int[] meet(int[] a, int[] b) {
        int[] r = a.clone();
        for (int i = 0; i < r.length; i++) {
            if (i >= b.length || r[i] != b[i]) {
                r[i] = NONE;
            }
        }
        return r;
    }

    private static void flow(int i, int[] state, int[][] in, Deque<Integer> work) {
        if (in[i] == null) {
            in[i] = state.clone();
            work.push(i);
            return;
        }
        int[] merged = meet(in[i], state);
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
