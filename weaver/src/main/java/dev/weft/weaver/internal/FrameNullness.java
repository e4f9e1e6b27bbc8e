package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a body called directly certainly has its frame already: after every path from the start passed a
 * suspension point that makes it (an await that is not a direct call of a body). There, a point needs no
 * "make the frame if there is none" of its own. A forward data-flow over the body as javac wrote it; an
 * exception handler knows only what holds before every instruction it covers.
 */
final class FrameNullness {
    private FrameNullness() {
    }

    /**
     * @param m the body, before the rewrite
     * @param makers the instructions after which the frame exists (the points that make it)
     * @param at the instructions to ask about
     * @return those of {@code at} before which the frame exists on every path
     */
    static Set<AbstractInsnNode> framedAt(MethodNode m, Set<AbstractInsnNode> makers, Set<AbstractInsnNode> at) {
        InsnList insns = m.instructions;
        int n = insns.size();
        // in[i]: the frame exists before instruction i on every path seen so far; unvisited is "true" (top).
        BitSet visited = new BitSet(n);
        BitSet in = new BitSet(n);
        List<List<Integer>> handlers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            handlers.add(null);
        }
        for (TryCatchBlockNode tc : m.tryCatchBlocks) {
            int from = insns.indexOf(tc.start);
            int to = insns.indexOf(tc.end);
            int h = insns.indexOf(tc.handler);
            for (int i = from; i < to; i++) {
                if (handlers.get(i) == null) {
                    handlers.set(i, new ArrayList<>());
                }
                handlers.get(i).add(h);
            }
        }
        Deque<Integer> work = new ArrayDeque<>();
        flow(0, false, visited, in, work);
        while (!work.isEmpty()) {
            int i = work.pop();
            boolean state = in.get(i);
            AbstractInsnNode insn = insns.get(i);
            if (handlers.get(i) != null) {
                for (int h : handlers.get(i)) {
                    flow(h, state, visited, in, work);
                }
            }
            boolean out = state || makers.contains(insn);
            for (LabelNode l : BodyPreparer.jumpTargets(insn)) {
                flow(insns.indexOf(l), out, visited, in, work);
            }
            if (!endsFlow(insn) && i + 1 < n) {
                flow(i + 1, out, visited, in, work);
            }
        }
        Set<AbstractInsnNode> framed = new HashSet<>();
        for (AbstractInsnNode a : at) {
            int i = insns.indexOf(a);
            if (visited.get(i) && in.get(i)) {
                framed.add(a);
            }
        }
        return framed;
    }

    /**
     * Whether the frame exists when the point suspends: made before it, or by it (an await that is not a direct
     * call of a body makes it before awaiting).
     *
     * @param framed what {@link #framedAt} gave for the points
     */
    static boolean framedAtSuspension(SuspensionPoint p, Set<AbstractInsnNode> framed) {
        return framed.contains(p.insn) || p.direct == null || p.direct.intrinsic != null;
    }

    private static void flow(int i, boolean state, BitSet visited, BitSet in, Deque<Integer> work) {
        if (!visited.get(i)) {
            visited.set(i);
            in.set(i, state);
            work.push(i);
        } else if (in.get(i) && !state) {
            in.clear(i);
            work.push(i);
        }
    }

    private static boolean endsFlow(AbstractInsnNode insn) {
        int op = insn.getOpcode();
        return op == Opcodes.GOTO || op == Opcodes.ATHROW || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                || op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH || op == Opcodes.JSR || op == Opcodes.RET;
    }
}
