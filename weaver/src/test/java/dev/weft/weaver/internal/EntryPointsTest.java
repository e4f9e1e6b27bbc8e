package dev.weft.weaver.internal;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.BasicVerifier;
import org.objectweb.asm.util.Printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link EntryPoints} on hand-built classes: what the split and the absorption of the stub leave. */
class EntryPointsTest {

    private static MethodNode async(int access, String name, String desc) {
        MethodNode m = new MethodNode(Opcodes.ASM9, access, name, desc, null, null);
        m.invisibleAnnotations = new ArrayList<>(List.of(new AnnotationNode(Names.ASYNC_DESC)));
        return m;
    }

    /** {@code @Async static void go(String s, long n) { int x = s.length(); if (x > 0) return; x++; }} at line 10. */
    private static MethodNode go() {
        MethodNode m = async(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "go", "(Ljava/lang/String;J)V");
        m.exceptions = List.of("java/io/IOException");
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode skip = new LabelNode();
        m.instructions.add(start);
        m.instructions.add(new LineNumberNode(10, start));
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        m.instructions.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false));
        m.instructions.add(new VarInsnNode(Opcodes.ISTORE, 3));
        m.instructions.add(new VarInsnNode(Opcodes.ILOAD, 3));
        m.instructions.add(new org.objectweb.asm.tree.JumpInsnNode(Opcodes.IFLE, skip));
        m.instructions.add(new InsnNode(Opcodes.RETURN));
        m.instructions.add(skip);
        m.instructions.add(new org.objectweb.asm.tree.IincInsnNode(3, 1));
        m.instructions.add(new InsnNode(Opcodes.RETURN));
        m.instructions.add(end);
        m.localVariables = new ArrayList<>(List.of(
                new LocalVariableNode("s", "Ljava/lang/String;", null, start, end, 0),
                new LocalVariableNode("n", "J", null, start, end, 1),
                new LocalVariableNode("x", "I", null, start, end, 3)));
        m.maxStack = 1;
        m.maxLocals = 4;
        return m;
    }

    private static ClassNode classWith(int access, int version, MethodNode... methods) {
        ClassNode cn = new ClassNode();
        cn.version = version;
        cn.access = access;
        cn.name = "t/E";
        cn.superName = "java/lang/Object";
        cn.sourceFile = "E.java";
        cn.methods.addAll(List.of(methods));
        return cn;
    }

    private static List<String> code(MethodNode m) {
        List<String> out = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof LineNumberNode) {
                out.add("LINE " + ((LineNumberNode) insn).line);
            } else if (insn.getOpcode() >= 0) {
                String op = Printer.OPCODES[insn.getOpcode()];
                if (insn instanceof MethodInsnNode) {
                    MethodInsnNode c = (MethodInsnNode) insn;
                    op += " " + c.owner + "." + c.name + c.desc;
                } else if (insn instanceof VarInsnNode) {
                    op += " " + ((VarInsnNode) insn).var;
                } else if (insn instanceof TypeInsnNode) {
                    op += " " + ((TypeInsnNode) insn).desc;
                }
                out.add(op);
            }
        }
        return out;
    }

    private static void verify(ClassNode cn) throws Exception {
        for (MethodNode m : cn.methods) {
            if (m.instructions.size() > 0) {
                new Analyzer<>(new BasicVerifier()).analyze(cn.name, m);
            }
        }
    }

    @Test
    void theBodyMovesToACoroutineMethodOfTheSameNameAndTheMethodRunsIt() throws Exception {
        MethodNode go = go();
        MethodNode inst = async(Opcodes.ACC_PUBLIC, "inst", "()V");
        inst.instructions.add(new InsnNode(Opcodes.RETURN));
        inst.maxLocals = 1;
        MethodNode abs = async(Opcodes.ACC_ABSTRACT, "abs", "()V");
        MethodNode init = async(Opcodes.ACC_PUBLIC, "<init>", "()V");
        init.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        init.instructions.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false));
        init.instructions.add(new InsnNode(Opcodes.RETURN));
        init.maxStack = 1;
        init.maxLocals = 1;
        ClassNode cn = classWith(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, Opcodes.V17, go, inst, abs, init);

        EntryPoints entries = EntryPoints.split(cn);

        List<String> methods = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            methods.add(m.name + m.desc + " " + m.access + (MisuseChecker.isAsync(m) ? " @Async" : ""));
        }
        int bodyAccess = Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
        assertEquals(List.of(
                "go(Ljava/lang/String;J)V " + (Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC) + " @Async",
                "go(Ljava/lang/String;J)Ldev/weft/Coroutine; " + (bodyAccess | Opcodes.ACC_STATIC) + " @Async",
                "inst()V " + Opcodes.ACC_PUBLIC + " @Async",
                "inst()Ldev/weft/Coroutine; " + bodyAccess + " @Async",
                "abs()V " + Opcodes.ACC_ABSTRACT + " @Async",
                "<init>()V " + Opcodes.ACC_PUBLIC + " @Async"), methods);
        assertEquals(List.of("LINE 10", "ALOAD 0", "LLOAD 1",
                "INVOKESTATIC t/E.go(Ljava/lang/String;J)Ldev/weft/Coroutine;",
                "INVOKESTATIC dev/weft/internal/Entry.run(Ldev/weft/Coroutine;)V", "RETURN"), code(go));
        assertEquals(List.of("java/io/IOException"), go.exceptions);
        List<String> params = new ArrayList<>();
        for (LocalVariableNode lv : go.localVariables) {
            params.add(lv.name + " " + lv.index);
        }
        assertEquals(List.of("s 0", "n 1"), params);
        MethodNode body = cn.methods.get(1);
        assertEquals(List.of("LINE 10", "ALOAD 0", "INVOKEVIRTUAL java/lang/String.length()I", "ISTORE 3", "ILOAD 3",
                "IFLE", "INVOKESTATIC dev/weft/Coroutine.done()Ldev/weft/Coroutine;", "ARETURN", "IINC",
                "INVOKESTATIC dev/weft/Coroutine.done()Ldev/weft/Coroutine;", "ARETURN"), code(body));
        assertEquals(3, body.localVariables.size());
        assertEquals(List.of("ALOAD 0", "INVOKESPECIAL t/E.inst()Ldev/weft/Coroutine;",
                "INVOKESTATIC dev/weft/internal/Entry.run(Ldev/weft/Coroutine;)V", "RETURN"), code(inst));
        verify(cn);

        // The pipeline weaves the moved bodies under the entry points' descriptors.
        assertEquals("(Ljava/lang/String;J)V", entries.userDescriptor(body));
        assertEquals("()V", entries.userDescriptor(cn.methods.get(3)));
        assertEquals("()V", entries.userDescriptor(abs));
    }

    @Test
    void afterWeavingTheMethodMakesTheFrameAsTheStubDidAndTheStubGoes() throws Exception {
        MethodNode go = go();
        ClassNode cn = classWith(Opcodes.ACC_PUBLIC, Opcodes.V17, go);
        EntryPoints entries = EntryPoints.split(cn);
        // What weaving leaves: the body under another descriptor, and a stub in its place.
        MethodNode body = cn.methods.get(1);
        body.desc = "(Ljava/lang/String;JLt/E$weft$go$0;Ldev/weft/Task;I)Ljava/lang/Object;";
        MethodNode stub = new MethodNode(Opcodes.ASM9, Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                "go", "(Ljava/lang/String;J)Ldev/weft/Coroutine;", null, null);
        LabelNode start = new LabelNode();
        stub.instructions.add(start);
        stub.instructions.add(new LineNumberNode(10, start));
        stub.instructions.add(new TypeInsnNode(Opcodes.NEW, "t/E$weft$go$0"));
        stub.instructions.add(new InsnNode(Opcodes.DUP));
        stub.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        stub.instructions.add(new VarInsnNode(Opcodes.LLOAD, 1));
        stub.instructions.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "t/E$weft$go$0", "<init>",
                "(Ljava/lang/String;J)V", false));
        stub.instructions.add(new InsnNode(Opcodes.ARETURN));
        stub.maxStack = 5;
        cn.methods.add(1, stub);

        assertEquals(Set.of("go(Ljava/lang/String;J)V"), entries.absorbStubs(cn));

        assertEquals(List.of(go, body), cn.methods);
        assertEquals(List.of("LINE 10", "NEW t/E$weft$go$0", "DUP", "ALOAD 0", "LLOAD 1",
                "INVOKESPECIAL t/E$weft$go$0.<init>(Ljava/lang/String;J)V",
                "INVOKESTATIC dev/weft/internal/Entry.run(Ldev/weft/Coroutine;)V", "RETURN"), code(go));
        assertEquals(5, go.maxStack);
    }

    /** A stub that does more than make the frame stays, called by the method, and no longer counts as @Async. */
    @Test
    void aStubOfAnotherShapeIsKeptAndCalled() throws Exception {
        MethodNode go = go();
        ClassNode cn = classWith(Opcodes.ACC_PUBLIC, Opcodes.V17, go);
        EntryPoints entries = EntryPoints.split(cn);
        MethodNode body = cn.methods.get(1);
        body.desc = "(Ljava/lang/String;JLt/E$weft$go$0;Ldev/weft/Task;I)Ljava/lang/Object;";
        MethodNode stub = async(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, "go",
                "(Ljava/lang/String;J)Ldev/weft/Coroutine;");
        LabelNode done = new LabelNode();
        stub.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        stub.instructions.add(new org.objectweb.asm.tree.JumpInsnNode(Opcodes.IFNONNULL, done));
        stub.instructions.add(new InsnNode(Opcodes.ACONST_NULL));
        stub.instructions.add(new InsnNode(Opcodes.ARETURN));
        stub.instructions.add(done);
        stub.instructions.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.COROUTINE, "done",
                Names.COROUTINE_DONE_DESC, false));
        stub.instructions.add(new InsnNode(Opcodes.ARETURN));
        cn.methods.add(1, stub);

        assertEquals(Set.of(), entries.absorbStubs(cn));

        assertEquals(List.of(go, stub, body), cn.methods);
        assertNull(stub.invisibleAnnotations);
        assertEquals(List.of("LINE 10", "ALOAD 0", "LLOAD 1",
                "INVOKESTATIC t/E.go(Ljava/lang/String;J)Ldev/weft/Coroutine;",
                "INVOKESTATIC dev/weft/internal/Entry.run(Ldev/weft/Coroutine;)V", "RETURN"), code(go));
    }

    @Test
    void inAJava8InterfaceTheBodyIsPublicAndADefaultMethodCallsItThroughTheInterface() throws Exception {
        MethodNode greet = async(Opcodes.ACC_PUBLIC, "greet", "()V");
        greet.instructions.add(new InsnNode(Opcodes.RETURN));
        greet.maxLocals = 1;
        MethodNode hello = async(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "hello", "()V");
        hello.instructions.add(new InsnNode(Opcodes.RETURN));
        ClassNode cn = classWith(Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT, Opcodes.V1_8,
                greet, hello);
        EntryPoints.split(cn);
        assertEquals(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, cn.methods.get(1).access);
        assertEquals(List.of("ALOAD 0", "INVOKEINTERFACE t/E.greet()Ldev/weft/Coroutine;",
                "INVOKESTATIC dev/weft/internal/Entry.run(Ldev/weft/Coroutine;)V", "RETURN"), code(greet));
        assertTrue(((MethodInsnNode) greet.instructions.get(2)).itf);
        assertEquals(List.of("INVOKESTATIC t/E.hello()Ldev/weft/Coroutine;",
                "INVOKESTATIC dev/weft/internal/Entry.run(Ldev/weft/Coroutine;)V", "RETURN"), code(hello));
        verify(cn);
    }

    @Test
    void aClassWithoutEntryPointsIsLeftAlone() {
        MethodNode plain = new MethodNode(Opcodes.ASM9, Opcodes.ACC_STATIC, "plain", "()V", null, null);
        plain.instructions.add(new InsnNode(Opcodes.RETURN));
        ClassNode cn = classWith(Opcodes.ACC_PUBLIC, Opcodes.V17, plain);
        EntryPoints entries = EntryPoints.split(cn);
        assertEquals(List.of(plain), cn.methods);
        assertSame(plain.desc, entries.userDescriptor(plain));
        assertEquals(Set.of(), entries.absorbStubs(cn));
        assertNull(plain.invisibleAnnotations);
    }
}
