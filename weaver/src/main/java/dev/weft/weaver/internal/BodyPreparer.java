package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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

    /** Makes room for the parameters the body adds after the arguments: later locals move up {@code by} slots. */
    static void shiftLocals(MethodNode m, int argSize, int by) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof VarInsnNode) {
                VarInsnNode v = (VarInsnNode) insn;
                if (v.var >= argSize) {
                    v.var += by;
                }
            } else if (insn instanceof IincInsnNode) {
                IincInsnNode v = (IincInsnNode) insn;
                if (v.var >= argSize) {
                    v.var += by;
                }
            }
        }
        if (m.localVariables != null) {
            for (LocalVariableNode lv : m.localVariables) {
                if (lv.index >= argSize) {
                    lv.index += by;
                }
            }
        }
        shiftAnnotations(m.visibleLocalVariableAnnotations, argSize, by);
        shiftAnnotations(m.invisibleLocalVariableAnnotations, argSize, by);
    }

    private static void shiftAnnotations(List<LocalVariableAnnotationNode> list, int argSize, int by) {
        if (list == null) {
            return;
        }
        for (LocalVariableAnnotationNode a : list) {
            for (int i = 0; i < a.index.size(); i++) {
                if (a.index.get(i) >= argSize) {
                    a.index.set(i, a.index.get(i) + by);
                }
            }
        }
    }

    /**
     * {@code return Coroutine.of(x)} becomes {@code return x}; {@code return Coroutine.done()} and an async generator's
     * {@code return AsyncGenerator.done()} become {@code return null}.
     */
    static Set<AbstractInsnNode> optimizeReturns(MethodNode m) {
        Set<AbstractInsnNode> plain = Collections.newSetFromMap(new IdentityHashMap<>());
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
            if (call.owner.equals(Names.ASYNC_GENERATOR) && call.name.equals("done")
                    && call.desc.equals(Names.ASYNC_GENERATOR_DONE_DESC)) {
                m.instructions.set(call, new InsnNode(Opcodes.ACONST_NULL));
                plain.add(insn);
                continue;
            }
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

    static List<AbstractInsnNode> findSites(MethodNode m, Set<AbstractInsnNode> plainReturns) {
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
     * The awaits of a just-made call of an {@code @Async} method ({@code Await.on(m(args))}, and
     * {@code return m(args);}) whose body can be called directly: no frame unless it suspends (see
     * {@link ClassHierarchy#directBody}); and of a just-made {@code Asyncio.sleep(...)}, which parks the frame
     * without making a coroutine at all (see {@link Names#intrinsic}).
     */
    static Map<AbstractInsnNode, SuspensionPoint.Direct> findDirectCalls(
            MethodNode m, List<AbstractInsnNode> sites, ClassHierarchy hierarchy, String current,
            Predicate<String> wovenAlongside) {
        Map<AbstractInsnNode, SuspensionPoint.Direct> direct = new IdentityHashMap<>();
        Set<LabelNode> targets = null;
        for (AbstractInsnNode site : sites) {
            boolean checked = site instanceof MethodInsnNode
                    && ((MethodInsnNode) site).desc.equals(Names.AWAIT_ON_AWAITABLE_CHECKED);
            boolean plain = site instanceof MethodInsnNode
                    && ((MethodInsnNode) site).desc.equals(Names.AWAIT_ON_AWAITABLE);
            if (!checked && !plain && site.getOpcode() != Opcodes.ARETURN) {
                continue;
            }
            if (targets == null) {
                targets = referencedLabels(m);
            }
            AbstractInsnNode prev = previousCode(site, targets);
            if (checked) {
                if (!(prev instanceof LdcInsnNode) || !(((LdcInsnNode) prev).cst instanceof Type)) {
                    continue;
                }
                prev = previousCode(prev, targets);
            }
            if (!(prev instanceof MethodInsnNode)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) prev;
            SuspensionPoint.Direct intrinsic = Names.intrinsic(call);
            if (intrinsic != null) {
                direct.put(site, intrinsic);
                continue;
            }
            String bodyDesc = hierarchy.directBody(call.getOpcode(), call.owner, call.name, call.desc, current,
                    wovenAlongside);
            if (bodyDesc != null) {
                direct.put(site, new SuspensionPoint.Direct(call, bodyDesc));
            }
        }
        return direct;
    }

    /** The instruction before {@code insn}, skipping line numbers and labels no jump or handler uses; or null. */
    static AbstractInsnNode previousCode(AbstractInsnNode insn, Set<LabelNode> targets) {
        return adjacentCode(insn, targets, false);
    }

    /** The instruction after {@code insn}, skipping line numbers and labels no jump or handler uses; or null. */
    static AbstractInsnNode nextCode(AbstractInsnNode insn, Set<LabelNode> targets) {
        return adjacentCode(insn, targets, true);
    }

    private static AbstractInsnNode adjacentCode(AbstractInsnNode insn, Set<LabelNode> targets,
                                                 boolean forward) {
        for (AbstractInsnNode n = forward ? insn.getNext() : insn.getPrevious(); n != null;
             n = forward ? n.getNext() : n.getPrevious()) {
            if (n instanceof LabelNode && targets.contains(n)) {
                return null;
            }
            if (n.getOpcode() >= 0) {
                return n;
            }
        }
        return null;
    }

    /** @return where a jump or a switch may go (for a switch its default first), or nothing for another instruction */
    static List<LabelNode> jumpTargets(AbstractInsnNode insn) {
        if (insn instanceof JumpInsnNode) {
            return List.of(((JumpInsnNode) insn).label);
        }
        List<LabelNode> targets = new ArrayList<>();
        if (insn instanceof TableSwitchInsnNode) {
            targets.add(((TableSwitchInsnNode) insn).dflt);
            targets.addAll(((TableSwitchInsnNode) insn).labels);
        } else if (insn instanceof LookupSwitchInsnNode) {
            targets.add(((LookupSwitchInsnNode) insn).dflt);
            targets.addAll(((LookupSwitchInsnNode) insn).labels);
        }
        return targets;
    }

    static Set<LabelNode> referencedLabels(MethodNode m) {
        Set<LabelNode> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        for (AbstractInsnNode insn : m.instructions) {
            targets.addAll(jumpTargets(insn));
        }
        if (m.tryCatchBlocks != null) {
            for (TryCatchBlockNode t : m.tryCatchBlocks) {
                targets.add(t.start);
                targets.add(t.end);
                targets.add(t.handler);
            }
        }
        return targets;
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
