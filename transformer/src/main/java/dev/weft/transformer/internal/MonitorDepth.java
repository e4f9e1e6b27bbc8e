package dev.weft.transformer.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.ArrayDeque;
import java.util.Arrays;

/** How many monitors are held before each instruction (the maximum over all paths). */
final class MonitorDepth {
    private MonitorDepth() {
    }

    static int[] compute(MethodNode m) {
        int n = m.instructions.size();
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            AbstractInsnNode insn = m.instructions.get(i);
            int d = depth[i];
            int op = insn.getOpcode();
            int out = op == Opcodes.MONITORENTER ? d + 1 : op == Opcodes.MONITOREXIT ? Math.max(0, d - 1) : d;
            // Exception edges: a handler covering this instruction sees the monitors held here.
            for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
                int start = m.instructions.indexOf(tcb.start);
                int end = m.instructions.indexOf(tcb.end);
                if (i >= start && i < end) {
                    flow(m, depth, work, m.instructions.indexOf(tcb.handler), d);
                }
            }
            if (insn instanceof JumpInsnNode) {
                flow(m, depth, work, m.instructions.indexOf(((JumpInsnNode) insn).label), out);
                if (op == Opcodes.GOTO || op == Opcodes.JSR) {
                    continue;
                }
            } else if (insn instanceof TableSwitchInsnNode) {
                TableSwitchInsnNode s = (TableSwitchInsnNode) insn;
                flow(m, depth, work, m.instructions.indexOf(s.dflt), out);
                for (LabelNode l : s.labels) {
                    flow(m, depth, work, m.instructions.indexOf(l), out);
                }
                continue;
            } else if (insn instanceof LookupSwitchInsnNode) {
                LookupSwitchInsnNode s = (LookupSwitchInsnNode) insn;
                flow(m, depth, work, m.instructions.indexOf(s.dflt), out);
                for (LabelNode l : s.labels) {
                    flow(m, depth, work, m.instructions.indexOf(l), out);
                }
                continue;
            } else if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW || op == Opcodes.RET) {
                continue;
            }
            if (i + 1 < n) {
                flow(m, depth, work, i + 1, out);
            }
        }
        return depth;
    }

    private static void flow(MethodNode m, int[] depth, ArrayDeque<Integer> work, int target, int d) {
        if (d > depth[target] && d < 64) {
            depth[target] = d;
            work.add(target);
        }
    }
}
