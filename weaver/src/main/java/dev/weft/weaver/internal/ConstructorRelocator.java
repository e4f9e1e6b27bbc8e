package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code new Foo(a, Await.on(x))}: an uninitialised object cannot live across a suspension point, so
 * this pass moves {@code NEW Foo} and its {@code DUP} to just before the constructor call (storing the
 * evaluated arguments in temporaries). javac always writes {@code NEW, DUP, arguments, INVOKESPECIAL}; the
 * Eclipse compiler leaves the {@code DUP} out when the new object is not used, and the pass keeps whichever
 * it finds. Where the source's {@code new} stood, it leaves a call that runs Foo's static initialiser, so
 * that happens when the source says (only if Foo or a superclass has one).
 */
final class ConstructorRelocator {
    private ConstructorRelocator() {
    }

    /**
     * @return whether anything was moved (the method must then be analysed again)
     * @throws WeaveProblemException when the bytecode has a shape this pass does not handle
     */
    static boolean relocate(ClassNode cn, MethodNode m, MethodAnalysis analysis, List<AbstractInsnNode> sites,
                            ClassHierarchy hierarchy, LocalSlots slots) {
        Set<TypeInsnNode> news = new LinkedHashSet<>();
        for (AbstractInsnNode site : sites) {
            Frame<BasicValue> f = analysis.frameAt(site);
            if (f == null) {
                continue;
            }
            for (int i = 0; i < f.getStackSize(); i++) {
                BasicValue v = f.getStack(i);
                if (v instanceof TypeInterpreter.Uninitialized) {
                    news.add(((TypeInterpreter.Uninitialized) v).newInsn);
                }
            }
            for (int i = 0; i < f.getLocals(); i++) {
                if (f.getLocal(i) instanceof TypeInterpreter.Uninitialized) {
                    throw new WeaveProblemException(MisuseChecker.problem(cn, m, site,
                            "cannot weave: an uninitialised object is stored in a local variable across Await.on"));
                }
            }
        }
        if (news.isEmpty()) {
            return false;
        }
        InsnList insns = m.instructions;
        // Find every constructor call before editing: the analysis is indexed by the unedited code.
        Map<TypeInsnNode, MethodInsnNode> inits = new LinkedHashMap<>();
        for (TypeInsnNode newInsn : news) {
            MethodInsnNode init = findConstructorCall(m, analysis, newInsn);
            AbstractInsnNode next = newInsn.getNext();
            boolean dup = next != null && next.getOpcode() == Opcodes.DUP;
            if (init == null || copiesBelowArguments(analysis, init, newInsn) != (dup ? 2 : 1)) {
                throw new WeaveProblemException(MisuseChecker.problem(cn, m, newInsn,
                        "cannot weave `new " + Type.getObjectType(newInsn.desc).getClassName()
                                + "(...)` with Await.on in its arguments: the bytecode has an unsupported shape"
                                + " (expected NEW, an optional DUP, arguments, INVOKESPECIAL); await into a local"
                                + " variable first"));
            }
            inits.put(newInsn, init);
        }
        for (Map.Entry<TypeInsnNode, MethodInsnNode> e : inits.entrySet()) {
            TypeInsnNode newInsn = e.getKey();
            MethodInsnNode init = e.getValue();
            boolean dup = newInsn.getNext().getOpcode() == Opcodes.DUP;
            InsnList atNew = new InsnList();
            if (hierarchy.mayRunStaticInitializer(newInsn.desc)) {
                atNew.add(new LdcInsnNode(Type.getObjectType(newInsn.desc)));
                atNew.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "ensureInitialized",
                        Names.RT_ENSURE_INIT_DESC, false));
            }
            insns.insertBefore(newInsn, atNew);
            if (dup) {
                insns.remove(newInsn.getNext());
            }
            insns.remove(newInsn);

            Type[] args = Type.getArgumentTypes(init.desc);
            int[] argSlots = new int[args.length];
            for (int i = 0; i < args.length; i++) {
                argSlots[i] = slots.take(SlotKind.of(args[i]));
            }
            InsnList atInit = new InsnList();
            for (int i = args.length - 1; i >= 0; i--) {
                atInit.add(new VarInsnNode(FrameLayout.storeOpcode(args[i]), argSlots[i]));
            }
            atInit.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
            if (dup) {
                atInit.add(new InsnNode(Opcodes.DUP));
            }
            for (int i = 0; i < args.length; i++) {
                atInit.add(new VarInsnNode(FrameLayout.loadOpcode(args[i]), argSlots[i]));
            }
            insns.insertBefore(init, atInit);
        }
        return true;
    }

    /**
     * How many copies of the object {@code newInsn} made lie on the stack right below the constructor's
     * arguments: 2 after {@code NEW, DUP}, 1 after a lone {@code NEW}; anything else is a shape the pass does
     * not move.
     */
    private static int copiesBelowArguments(MethodAnalysis analysis, MethodInsnNode init, TypeInsnNode newInsn) {
        Frame<BasicValue> f = analysis.frameAt(init);
        int i = f.getStackSize() - 1 - Type.getArgumentTypes(init.desc).length;
        int copies = 0;
        for (; i >= 0; i--) {
            BasicValue v = f.getStack(i);
            if (!(v instanceof TypeInterpreter.Uninitialized) || ((TypeInterpreter.Uninitialized) v).newInsn != newInsn) {
                break;
            }
            copies++;
        }
        for (; i >= 0; i--) {
            BasicValue v = f.getStack(i);
            if (v instanceof TypeInterpreter.Uninitialized && ((TypeInterpreter.Uninitialized) v).newInsn == newInsn) {
                return -1; // another copy further down: not a shape this pass moves
            }
        }
        return copies;
    }

    private static MethodInsnNode findConstructorCall(MethodNode m, MethodAnalysis analysis, TypeInsnNode newInsn) {
        List<MethodInsnNode> found = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() != Opcodes.INVOKESPECIAL || !((MethodInsnNode) insn).name.equals("<init>")) {
                continue;
            }
            Frame<BasicValue> f = analysis.frameAt(insn);
            if (f == null) {
                continue;
            }
            int args = Type.getArgumentTypes(((MethodInsnNode) insn).desc).length;
            BasicValue receiver = f.getStack(f.getStackSize() - 1 - args);
            if (receiver instanceof TypeInterpreter.Uninitialized
                    && ((TypeInterpreter.Uninitialized) receiver).newInsn == newInsn) {
                found.add((MethodInsnNode) insn);
            }
        }
        return found.size() == 1 ? found.get(0) : null;
    }
}
