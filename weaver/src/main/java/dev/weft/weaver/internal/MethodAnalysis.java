package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The analysis pass: the exact type of every local and stack slot before each instruction, and which
 * locals are live (may still be read) there. Liveness follows normal and exceptional edges, so a local
 * that a {@code catch} or {@code finally} block reads is live inside its {@code try}.
 */
final class MethodAnalysis {
    final MethodNode method;
    final Frame<BasicValue>[] frames;
    private final BitSet[] liveIn;

    private MethodAnalysis(MethodNode method, Frame<BasicValue>[] frames, BitSet[] liveIn) {
        this.method = method;
        this.frames = frames;
        this.liveIn = liveIn;
    }

    static MethodAnalysis of(String owner, MethodNode method, ClassHierarchy hierarchy) throws AnalyzerException {
        InsnList insns = method.instructions;
        int n = insns.size();
        List<List<Integer>> successors = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            successors.add(new ArrayList<>(2));
        }
        Analyzer<BasicValue> analyzer = new Analyzer<>(new TypeInterpreter(hierarchy)) {
            @Override
            protected Frame<BasicValue> newFrame(int numLocals, int numStack) {
                return new TypeInterpreter.InitFrame(numLocals, numStack);
            }

            @Override
            protected Frame<BasicValue> newFrame(Frame<? extends BasicValue> frame) {
                return new TypeInterpreter.InitFrame(frame);
            }

            @Override
            protected void newControlFlowEdge(int insnIndex, int successorIndex) {
                successors.get(insnIndex).add(successorIndex);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insnIndex, int successorIndex) {
                successors.get(insnIndex).add(successorIndex);
                return true;
            }
        };
        Frame<BasicValue>[] frames = analyzer.analyze(owner, method);
        return new MethodAnalysis(method, frames, liveness(insns, successors, method.maxLocals));
    }

    private static BitSet[] liveness(InsnList insns, List<List<Integer>> successors, int maxLocals) {
        int n = insns.size();
        BitSet[] use = new BitSet[n];
        int[] def = new int[n];
        for (int i = 0; i < n; i++) {
            AbstractInsnNode insn = insns.get(i);
            def[i] = -1;
            if (insn instanceof VarInsnNode) {
                VarInsnNode v = (VarInsnNode) insn;
                int op = v.getOpcode();
                if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                    def[i] = v.var;
                } else {
                    use[i] = bit(v.var);
                }
            } else if (insn instanceof IincInsnNode) {
                use[i] = bit(((IincInsnNode) insn).var);
            }
        }
        BitSet[] in = new BitSet[n];
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet(maxLocals);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                BitSet out = new BitSet(maxLocals);
                for (int s : successors.get(i)) {
                    out.or(in[s]);
                }
                if (def[i] >= 0) {
                    out.clear(def[i]);
                }
                if (use[i] != null) {
                    out.or(use[i]);
                }
                if (!out.equals(in[i])) {
                    in[i] = out;
                    changed = true;
                }
            }
        }
        return in;
    }

    private static BitSet bit(int i) {
        BitSet b = new BitSet(i + 1);
        b.set(i);
        return b;
    }

    Frame<BasicValue> frameAt(AbstractInsnNode insn) {
        return frames[method.instructions.indexOf(insn)];
    }

    /** @return the locals that may be read after {@code insn} (which itself reads and writes no local) */
    BitSet liveAt(AbstractInsnNode insn) {
        return liveIn[method.instructions.indexOf(insn)];
    }
}
