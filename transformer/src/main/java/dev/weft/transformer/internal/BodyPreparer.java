package dev.weft.transformer.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Prepares the moved body for planning: drops stale stack map frames, makes room for the frame parameter
 * (locals after the arguments move up one slot, with their debug entries), turns
 * {@code return Coroutine.of(x)} into a plain return, and finds the suspension points.
 */
final class BodyPreparer {
    private BodyPreparer() {
    }

    static void removeFrames(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                m.instructions.remove(insn);
            }
            insn = next;
        }
    }

    /** Makes room for the frame parameter after the arguments: later locals move up one slot. */
    static void shiftLocals(MethodNode m, int argSize) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof VarInsnNode) {
                VarInsnNode v = (VarInsnNode) insn;
                if (v.var >= argSize) {
                    v.var++;
                }
            } else if (insn instanceof IincInsnNode) {
                IincInsnNode v = (IincInsnNode) insn;
                if (v.var >= argSize) {
                    v.var++;
                }
            }
        }
        if (m.localVariables != null) {
            for (LocalVariableNode lv : m.localVariables) {
                if (lv.index >= argSize) {
                    lv.index++;
                }
            }
        }
        shiftAnnotations(m.visibleLocalVariableAnnotations, argSize);
        shiftAnnotations(m.invisibleLocalVariableAnnotations, argSize);
    }

    private static void shiftAnnotations(List<LocalVariableAnnotationNode> list, int argSize) {
        if (list == null) {
            return;
        }
        for (LocalVariableAnnotationNode a : list) {
            for (int i = 0; i < a.index.size(); i++) {
                if (a.index.get(i) >= argSize) {
                    a.index.set(i, a.index.get(i) + 1);
                }
            }
        }
    }

    /** {@code return Coroutine.of(x)} becomes {@code return x}; {@code return Coroutine.done()} becomes {@code return null}. */
    static java.util.Set<AbstractInsnNode> optimizeReturns(MethodNode m) {
        java.util.Set<AbstractInsnNode> plain = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() != Opcodes.ARETURN) {
                continue;
            }
            AbstractInsnNode prev = insn.getPrevious();
            while (prev instanceof LineNumberNode) {
                prev = prev.getPrevious();
            }
            if (prev == null || prev.getOpcode() != Opcodes.INVOKESTATIC) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) prev;
            if (!call.owner.equals(Names.COROUTINE)) {
                continue;
            }
            if (call.name.equals("of") && call.desc.equals(Names.COROUTINE_OF_DESC)) {
                m.instructions.remove(call);
                plain.add(insn);
            } else if (call.name.equals("done") && call.desc.equals(Names.COROUTINE_DONE_DESC)) {
                m.instructions.set(call, new InsnNode(Opcodes.ACONST_NULL));
                plain.add(insn);
            }
        }
        return plain;
    }

    static List<AbstractInsnNode> findSites(MethodNode m, java.util.Set<AbstractInsnNode> plainReturns) {
        List<AbstractInsnNode> sites = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (MisuseChecker.isAwaitCall(insn)) {
                sites.add(insn);
            } else if (insn.getOpcode() == Opcodes.ARETURN && !plainReturns.contains(insn)) {
                sites.add(insn);
            }
        }
        return sites;
    }

    /**
     * The parameter slots the body writes. The frame passes the arguments again on every resume, so an
     * unmodified parameter never needs saving (and a debugger always sees it).
     */
    static BitSet writtenParameters(MethodNode m, int argSize) {
        BitSet written = new BitSet();
        for (AbstractInsnNode insn : m.instructions) {
            int var = -1;
            if (insn instanceof VarInsnNode && insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
                var = ((VarInsnNode) insn).var;
            } else if (insn instanceof IincInsnNode) {
                var = ((IincInsnNode) insn).var;
            }
            if (var >= 0 && var < argSize) {
                written.set(var);
            }
        }
        return written;
    }

}
