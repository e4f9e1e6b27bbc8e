package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many monitors the method holds before each instruction, following the paths the JVM can take: an
 * exception goes to the first handler in table order whose range covers the instruction and whose type may
 * match, so a catch-all handler (the one javac and ECJ write for every {@code synchronized} block, which
 * releases the monitor) hides the handlers after it. Without that, the outer {@code finally} around a
 * {@code synchronized} block would seem reachable with the monitor held. Where paths disagree (never in
 * compiled Java, whose blocks nest), the larger count wins, so a monitor that may be held counts as held.
 */
final class MonitorDepth {
    /** Beyond any nesting real code has; stops the walk on code that enters monitors in a loop. */
    private static final int LIMIT = 64;

    private MonitorDepth() {
    }

    /** @return for each instruction index, the monitors held before it, or -1 where no path reaches it */
    static int[] compute(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        if (n == 0) {
            return depth;
        }
        List<List<Integer>> handlers = reachableHandlers(m);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            AbstractInsnNode insn = insns.get(i);
            int d = depth[i];
            int op = insn.getOpcode();
            int out = op == Opcodes.MONITORENTER ? d + 1 : op == Opcodes.MONITOREXIT ? Math.max(0, d - 1) : d;
            // A failed monitorenter holds nothing new. A monitorexit throws only when the monitor is not held
            // (IllegalMonitorStateException), so its handler sees it released: the Eclipse compiler writes an
            // empty synchronized block as monitorenter, monitorexit, covered only by the enclosing try.
            int thrown = op == Opcodes.MONITOREXIT ? out : d;
            for (int handler : handlers.get(i)) {
                flow(depth, work, handler, thrown);
            }
            if (insn instanceof JumpInsnNode) {
                flow(depth, work, insns.indexOf(((JumpInsnNode) insn).label), out);
                if (op == Opcodes.GOTO || op == Opcodes.JSR) {
                    continue;
                }
            } else if (insn instanceof TableSwitchInsnNode) {
                TableSwitchInsnNode s = (TableSwitchInsnNode) insn;
                flowAll(insns, depth, work, s.dflt, s.labels, out);
                continue;
            } else if (insn instanceof LookupSwitchInsnNode) {
                LookupSwitchInsnNode s = (LookupSwitchInsnNode) insn;
                flowAll(insns, depth, work, s.dflt, s.labels, out);
                continue;
            } else if ((op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW || op == Opcodes.RET) {
                continue;
            }
            if (i + 1 < n) {
                flow(depth, work, i + 1, out);
            }
        }
        return depth;
    }

    /**
     * For each instruction that can throw or be interrupted, the handlers an exception there can reach: those
     * covering it in table order, up to and including the first that catches everything.
     */
    private static List<List<Integer>> reachableHandlers(MethodNode m) {
        InsnList insns = m.instructions;
        int n = insns.size();
        List<List<Integer>> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(new ArrayList<>(1));
        }
        boolean[] caughtByAll = new boolean[n];
        for (TryCatchBlockNode tcb : m.tryCatchBlocks) {
            int start = insns.indexOf(tcb.start);
            int end = insns.indexOf(tcb.end);
            int handler = insns.indexOf(tcb.handler);
            boolean catchAll = tcb.type == null || tcb.type.equals("java/lang/Throwable");
            for (int i = start; i < end; i++) {
                if (!caughtByAll[i]) {
                    result.get(i).add(handler);
                    caughtByAll[i] = catchAll;
                }
            }
        }
        return result;
    }

    private static void flowAll(InsnList insns, int[] depth, ArrayDeque<Integer> work, LabelNode dflt,
                                List<LabelNode> labels, int d) {
        flow(depth, work, insns.indexOf(dflt), d);
        for (LabelNode l : labels) {
            flow(depth, work, insns.indexOf(l), d);
        }
    }

    private static void flow(int[] depth, ArrayDeque<Integer> work, int target, int d) {
        if (d > depth[target] && d < LIMIT) {
            depth[target] = d;
            work.add(target);
        }
    }
}
