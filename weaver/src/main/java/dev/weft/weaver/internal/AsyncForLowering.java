package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@code async for}: an enhanced {@code for} over an expression whose static type is an {@code AsyncIterable}.
 * Compilers write it as {@code it = x.iterator(); while (it.hasNext()) { v = it.next(); ... }} (javac and the
 * Eclipse compiler alike, only the order of the blocks differs); this pass rewrites the three calls on that
 * iterator: {@code it = Rt.asyncFor(x)}, {@code it.hasNext()} becomes {@code Await.on(Rt.asyncForStep(it))} (a
 * suspension point like any other, which awaits {@code anext()} and ends the loop at {@code StopAsyncIteration}) and
 * {@code it.next()} becomes {@code Rt.asyncForNext(it)}. {@code break}, {@code continue}, {@code return} and
 * exceptions keep the compiler's own jumps. Which {@code hasNext()}/{@code next()} calls belong to the loop is
 * told by data flow (the iterator's local slot may be reused by another loop later).
 */
final class AsyncForLowering {
    private static final String ITERATOR_DESC = "()Ljava/util/Iterator;";

    private AsyncForLowering() {
    }

    /** @return whether {@code insn} is {@code iterator()} called on a static type that is an {@code AsyncIterable} */
    static boolean isAsyncIteration(AbstractInsnNode insn, ClassHierarchy hierarchy) {
        if (insn.getOpcode() != Opcodes.INVOKEINTERFACE && insn.getOpcode() != Opcodes.INVOKEVIRTUAL) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        if (!call.name.equals("iterator") || !call.desc.equals(ITERATOR_DESC) || call.owner.startsWith("[")
                || call.owner.startsWith("java/")) {
            return false;
        }
        try {
            return hierarchy.isAssignableFrom(Names.ASYNC_ITERABLE, call.owner);
        } catch (ClassHierarchy.MissingClassException e) {
            return false;   // not on the class path: not ours to rewrite
        }
    }

    /**
     * Rewrites every {@code async for} of {@code m}.
     *
     * @throws WeaveProblemException when the loop's code has a shape the pass does not know
     */
    static void lower(ClassNode cn, MethodNode m, ClassHierarchy hierarchy) throws AnalyzerException {
        Set<AbstractInsnNode> stores = Collections.newSetFromMap(new IdentityHashMap<>());
        List<MethodInsnNode> iterations = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (isAsyncIteration(insn, hierarchy)) {
                AbstractInsnNode next = insn.getNext();
                while (next != null && next.getOpcode() < 0) {
                    next = next.getNext();
                }
                if (next == null || next.getOpcode() != Opcodes.ASTORE) {
                    throw new WeaveProblemException(MisuseChecker.problem(cn, m, insn, "cannot weave this use of "
                            + ((MethodInsnNode) insn).owner.replace('/', '.') + ".iterator(): an AsyncIterable is"
                            + " iterated only by a for-each loop in an @Async method (async for); this shape of"
                            + " bytecode is not one the weaver knows"));
                }
                stores.add(next);
                iterations.add((MethodInsnNode) insn);
            }
        }
        if (iterations.isEmpty()) {
            return;
        }
        Frame<SourceValue>[] frames = new Analyzer<>(new SourceInterpreter()).analyze(cn.name, m);
        List<MethodInsnNode> steps = new ArrayList<>();
        List<MethodInsnNode> items = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() != Opcodes.INVOKEINTERFACE) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            boolean step = call.owner.equals(Names.ITERATOR) && call.name.equals("hasNext") && call.desc.equals("()Z");
            boolean item = call.owner.equals(Names.ITERATOR) && call.name.equals("next")
                    && call.desc.equals("()Ljava/lang/Object;");
            if (!step && !item) {
                continue;
            }
            Frame<SourceValue> f = frames[m.instructions.indexOf(call)];
            if (f == null) {
                continue;   // unreachable
            }
            int async = 0;
            int other = 0;
            for (AbstractInsnNode src : f.getStack(f.getStackSize() - 1).insns) {
                if (src.getOpcode() != Opcodes.ALOAD) {
                    other++;
                    continue;
                }
                Frame<SourceValue> at = frames[m.instructions.indexOf(src)];
                for (AbstractInsnNode w : at.getLocal(((VarInsnNode) src).var).insns) {
                    if (stores.contains(w)) {
                        async++;
                    } else {
                        other++;
                    }
                }
            }
            if (async == 0) {
                continue;
            }
            if (other > 0) {
                throw new WeaveProblemException(MisuseChecker.problem(cn, m, call, "cannot weave this async for:"
                        + " its iterator is mixed with another one in the bytecode, a shape the weaver does not know"));
            }
            (step ? steps : items).add(call);
        }
        for (MethodInsnNode call : iterations) {
            m.instructions.set(call, new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "asyncFor",
                    "(Ldev/weft/AsyncIterable;)Ljava/util/Iterator;", false));
        }
        for (MethodInsnNode call : steps) {
            InsnList seq = new InsnList();
            seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, Names.RT_ASYNC_FOR_STEP,
                    Names.RT_ASYNC_FOR_STEP_DESC, false));
            seq.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.AWAIT, Names.AWAIT_ON, Names.AWAIT_ON_AWAITABLE,
                    false));
            seq.add(new TypeInsnNode(Opcodes.CHECKCAST, "java/lang/Boolean"));
            seq.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/Boolean", "booleanValue", "()Z", false));
            m.instructions.insert(call, seq);
            m.instructions.remove(call);
        }
        for (MethodInsnNode call : items) {
            m.instructions.set(call, new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "asyncForNext",
                    "(Ljava/util/Iterator;)Ljava/lang/Object;", false));
        }
    }
}
