package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code @Async void} methods are entry points: calling one runs its body on a new event loop, as
 * {@code Asyncio.run} does ({@code dev.weft.internal.Entry}). Two steps around the pipeline's weaving:
 *
 * <ol>
 *   <li>{@link #split}, before {@link MisuseChecker}: the body of each such method moves, with its line
 *   numbers, local variables and handlers, into a new private synthetic {@code @Async} method right after it,
 *   of the same name and parameters but returning {@code Coroutine} (each {@code return} becomes
 *   {@code return Coroutine.done()}). The pipeline checks and weaves that one like any {@code @Async} method,
 *   so a misuse in the body is reported under the user's method name and lines. The method itself keeps its
 *   name, descriptor, signature, throws clause and annotations ({@code @Test} included), and its code becomes
 *   {@code Entry.run(name(args))}.</li>
 *   <li>{@link #absorbStubs}, after weaving: that call is replaced by what the woven method's stub does,
 *   {@code new Frame(this, args)}, and the stub is removed. The class then has no second method that differs
 *   from the user's only by its return type (which reflection, {@code getDeclaredMethod(name, types)}, could
 *   pick instead of it), and the woven body still has the user's name: a stack trace reads
 *   {@code Main.main(Main.java:12)} at the line that threw, then {@code Main.main(Main.java:9)} where the
 *   method starts the loop.</li>
 * </ol>
 *
 * <p>The method keeps its {@code @Async} annotation in the woven class and the new method's stub is gone, so a
 * class file woven or not counts the same {@code @Async} methods of each name in the same order: the ordinals
 * that name frame classes ({@link MethodShape#frameClassName}) agree for callers that read either.
 */
final class EntryPoints {

    /** An entry point: the user's method and the method its body moved to. */
    private static final class Split {
        final MethodNode entry;
        final String bodyDesc;
        /** The code that calls the body's method, to be replaced by the stub's. */
        final List<AbstractInsnNode> call;

        Split(MethodNode entry, String bodyDesc, List<AbstractInsnNode> call) {
            this.entry = entry;
            this.bodyDesc = bodyDesc;
            this.call = call;
        }
    }

    private final List<Split> splits;

    private EntryPoints(List<Split> splits) {
        this.splits = splits;
    }

    /** Whether {@code m} is an entry point to split: {@code @Async}, returning void, with a body of its own. */
    static boolean isEntryPoint(MethodNode m) {
        return MisuseChecker.isAsync(m) && Type.getReturnType(m.desc).getSort() == Type.VOID
                && (m.access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
                && !m.name.equals("<init>") && !m.name.equals("<clinit>")
                && m.instructions != null && m.instructions.size() > 0;
    }

    /**
     * Splits every entry point of {@code cn} (see the class comment); constructors, static initialisers and
     * methods without a body are left for {@link MisuseChecker} to report.
     *
     * @param cn the class, changed in place
     * @return what {@link #absorbStubs} needs after weaving
     */
    static EntryPoints split(ClassNode cn) {
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i < cn.methods.size(); i++) {
            MethodNode m = cn.methods.get(i);
            if (isEntryPoint(m)) {
                MethodNode body = moveBody(cn, m);
                cn.methods.add(++i, body);
                splits.add(new Split(m, body.desc, callBody(cn, m, body)));
            }
        }
        return new EntryPoints(splits);
    }

    /**
     * @param m a method the pipeline weaves
     * @return the descriptor the user wrote: the entry point's for the method its body moved to, else
     *     {@code m}'s own
     */
    String userDescriptor(MethodNode m) {
        for (Split s : splits) {
            if (s.entry.name.equals(m.name) && s.bodyDesc.equals(m.desc)) {
                return s.entry.desc;
            }
        }
        return m.desc;
    }

    /**
     * After weaving: each entry point makes its body's frame itself, as the woven method's stub would, and the
     * stub goes.
     *
     * @param cn the woven class, changed in place
     * @return the entry points, as name + descriptor, for the verifier
     */
    Set<String> absorbStubs(ClassNode cn) {
        Set<String> entries = new LinkedHashSet<>();
        for (Split s : splits) {
            MethodNode stub = null;
            for (MethodNode m : cn.methods) {
                if (m != s.entry && m.name.equals(s.entry.name) && m.desc.equals(s.bodyDesc)) {
                    stub = m;
                    break;
                }
            }
            if (stub == null) {
                continue; // not woven: the pipeline reported why, or writes nothing
            }
            if (!isStraightLine(stub)) {
                // A stub of a shape this does not know: the entry point keeps calling it. Without @Async, so
                // that the class still counts its @Async methods of this name as the class file compiled does.
                stub.invisibleAnnotations = null;
                continue;
            }
            InsnList makeFrame = new InsnList();
            for (AbstractInsnNode insn : stub.instructions.toArray()) {
                if (insn.getOpcode() >= 0 && insn.getOpcode() != Opcodes.ARETURN) {
                    stub.instructions.remove(insn);
                    makeFrame.add(insn);
                }
            }
            InsnList code = s.entry.instructions;
            code.insertBefore(s.call.get(0), makeFrame);
            for (AbstractInsnNode insn : s.call) {
                code.remove(insn);
            }
            s.entry.maxStack = Math.max(s.entry.maxStack, stub.maxStack);
            cn.methods.remove(stub);
            entries.add(s.entry.name + s.entry.desc);
        }
        return entries;
    }

    /** Whether the stub's code runs straight to its one {@code return}, so that it can run inside another method. */
    private static boolean isStraightLine(MethodNode stub) {
        if (stub.tryCatchBlocks != null && !stub.tryCatchBlocks.isEmpty()) {
            return false;
        }
        int returns = 0;
        for (AbstractInsnNode insn : stub.instructions) {
            int type = insn.getType();
            if (type == AbstractInsnNode.JUMP_INSN || type == AbstractInsnNode.TABLESWITCH_INSN
                    || type == AbstractInsnNode.LOOKUPSWITCH_INSN || insn.getOpcode() == Opcodes.ATHROW) {
                return false;
            }
            if (insn.getOpcode() == Opcodes.ARETURN) {
                returns++;
            }
        }
        AbstractInsnNode last = lastCode(stub);
        return returns == 1 && last != null && last.getOpcode() == Opcodes.ARETURN;
    }

    private static AbstractInsnNode lastCode(MethodNode m) {
        AbstractInsnNode insn = m.instructions.getLast();
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getPrevious();
        }
        return insn;
    }

    /** The new method, holding {@code m}'s body, returning {@code Coroutine} instead of nothing. */
    private static MethodNode moveBody(ClassNode cn, MethodNode m) {
        boolean isInterface = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        // A private interface method needs a Java 9 class file; before, an interface's methods are all public.
        int visibility = isInterface && (cn.version & 0xFFFF) < Opcodes.V9 ? Opcodes.ACC_PUBLIC : Opcodes.ACC_PRIVATE;
        // synchronized goes with the body, so that MisuseChecker reports it as it does for any @Async method.
        int access = visibility | Opcodes.ACC_SYNTHETIC
                | (m.access & (Opcodes.ACC_STATIC | Opcodes.ACC_STRICT | Opcodes.ACC_SYNCHRONIZED));
        String desc = Type.getMethodDescriptor(Type.getObjectType(Names.COROUTINE), Type.getArgumentTypes(m.desc));
        MethodNode body = new MethodNode(Opcodes.ASM9, access, m.name, desc, null, null);
        body.invisibleAnnotations = new ArrayList<>(List.of(new AnnotationNode(Names.ASYNC_DESC)));
        body.instructions = m.instructions;
        body.tryCatchBlocks = m.tryCatchBlocks;
        body.localVariables = m.localVariables;
        body.visibleLocalVariableAnnotations = m.visibleLocalVariableAnnotations;
        body.invisibleLocalVariableAnnotations = m.invisibleLocalVariableAnnotations;
        body.maxLocals = m.maxLocals;
        // Coroutine.done() is pushed where the stack is empty (a void method's return), unless a compiler left
        // something under it: one more slot covers both.
        body.maxStack = m.maxStack + 1;
        for (AbstractInsnNode insn : body.instructions.toArray()) {
            if (insn.getOpcode() == Opcodes.RETURN) {
                body.instructions.insertBefore(insn, new MethodInsnNode(Opcodes.INVOKESTATIC, Names.COROUTINE, "done",
                        Names.COROUTINE_DONE_DESC, false));
                body.instructions.set(insn, new InsnNode(Opcodes.ARETURN));
            }
        }
        m.instructions = new InsnList();
        m.tryCatchBlocks = new ArrayList<>();
        m.visibleLocalVariableAnnotations = null;
        m.invisibleLocalVariableAnnotations = null;
        return body;
    }

    /**
     * The entry point's new code, {@code Entry.run(name(this, args))}, on the body's first line; its local
     * variables are its parameters.
     *
     * @return the instructions that call the body's method: the stub's code replaces them
     */
    private static List<AbstractInsnNode> callBody(ClassNode cn, MethodNode m, MethodNode body) {
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        boolean isInterface = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        InsnList code = m.instructions;
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        code.add(start);
        int line = MisuseChecker.lineOf(body, body.instructions.getFirst());
        if (line > 0) {
            code.add(new LineNumberNode(line, start));
        }
        List<AbstractInsnNode> call = new ArrayList<>();
        int slot = 0;
        if (!isStatic) {
            call.add(new VarInsnNode(Opcodes.ALOAD, 0));
            slot = 1;
        }
        for (Type t : Type.getArgumentTypes(m.desc)) {
            call.add(new VarInsnNode(t.getOpcode(Opcodes.ILOAD), slot));
            slot += t.getSize();
        }
        int opcode = isStatic ? Opcodes.INVOKESTATIC
                : (body.access & Opcodes.ACC_PRIVATE) != 0 ? Opcodes.INVOKESPECIAL : Opcodes.INVOKEINTERFACE;
        call.add(new MethodInsnNode(opcode, cn.name, body.name, body.desc, isInterface));
        for (AbstractInsnNode insn : call) {
            code.add(insn);
        }
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.ENTRY, "run", Names.ENTRY_RUN_DESC, false));
        code.add(new InsnNode(Opcodes.RETURN));
        code.add(end);
        List<LocalVariableNode> params = new ArrayList<>();
        if (body.localVariables != null) {
            for (LocalVariableNode lv : body.localVariables) {
                if (lv.index < slot) {
                    params.add(new LocalVariableNode(lv.name, lv.desc, lv.signature, start, end, lv.index));
                }
            }
        }
        m.localVariables = params;
        m.maxLocals = slot;
        m.maxStack = Math.max(1, slot);
        return call;
    }
}
