package dev.weft.weaver.internal;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analysis and planning passes, each on a hand-built method. */
class PassesTest {
    private static final ClassHierarchy JDK = new ClassHierarchy(dev.weft.weaver.ClassFileLocator.ofClassLoader(null));

    private static MethodInsnNode awaitCall() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, Names.AWAIT, "on", Names.AWAIT_ON_AWAITABLE, false);
    }

    /**
     * static Object m(Awaitable a, Frame f): int x = 1; long dead = 2; String s = "s"; Await.on(a); return s + x.
     * Only x and s are live at the await; the dead long is not.
     */
    @Test
    void livenessKeepsOnlyValuesReadAfterThePoint() throws Exception {
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "m", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", null, null);
        m.instructions.add(new InsnNode(Opcodes.ICONST_1));
        m.instructions.add(new VarInsnNode(Opcodes.ISTORE, 2));
        m.instructions.add(new InsnNode(Opcodes.LCONST_1));
        m.instructions.add(new VarInsnNode(Opcodes.LSTORE, 3));
        m.instructions.add(new org.objectweb.asm.tree.LdcInsnNode("s"));
        m.instructions.add(new VarInsnNode(Opcodes.ASTORE, 5));
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        MethodInsnNode await = awaitCall();
        m.instructions.add(await);
        m.instructions.add(new InsnNode(Opcodes.POP));
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 5));
        m.instructions.add(new VarInsnNode(Opcodes.ILOAD, 2));
        m.instructions.add(new InsnNode(Opcodes.POP));
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        m.maxLocals = 6;
        m.maxStack = 4;
        MethodAnalysis a = MethodAnalysis.of("t/C", m, JDK);
        BitSet live = a.liveAt(await);
        assertEquals("{2, 5}", live.toString());
        assertEquals("Ljava/lang/String;", a.frameAt(await).getLocal(5).getType().getDescriptor());
    }

    /** A local read only in a catch block is live inside the try: the handler may run after resuming. */
    @Test
    void localsReadByAHandlerAreLiveInsideTheTry() throws Exception {
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "m", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", null, null);
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        m.instructions.add(new org.objectweb.asm.tree.LdcInsnNode("in handler"));
        m.instructions.add(new VarInsnNode(Opcodes.ASTORE, 1));
        m.instructions.add(start);
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        MethodInsnNode await = awaitCall();
        m.instructions.add(await);
        m.instructions.add(end);
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        m.instructions.add(handler);
        m.instructions.add(new InsnNode(Opcodes.POP));
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 1));
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        m.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, "java/lang/RuntimeException"));
        m.maxLocals = 2;
        m.maxStack = 2;
        MethodAnalysis a = MethodAnalysis.of("t/C", m, JDK);
        assertEquals("{1}", a.liveAt(await).toString());
    }

    /** `f(1L, "x", Await.on(a))`: the long and the string below the awaitable stay on the stack, in no slot. */
    @Test
    void plannerKeepsTheOperandStackBelowTheAwaitable() throws Exception {
        ClassNode cn = new ClassNode();
        cn.name = "t/C";
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "m", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", null, null);
        m.instructions.add(new InsnNode(Opcodes.LCONST_1));
        m.instructions.add(new org.objectweb.asm.tree.LdcInsnNode("x"));
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        MethodInsnNode await = awaitCall();
        m.instructions.add(await);
        m.instructions.add(new InsnNode(Opcodes.POP));
        m.instructions.add(new InsnNode(Opcodes.POP));
        m.instructions.add(new InsnNode(Opcodes.POP2));
        m.instructions.add(new InsnNode(Opcodes.ACONST_NULL));
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        m.maxLocals = 2;
        m.maxStack = 6;
        MethodShape shape = new MethodShape(cn, m, "t/C$weft$m$0");
        MethodAnalysis a = MethodAnalysis.of("t/C", m, JDK);
        List<SuspensionPoint> points = SuspensionPlanner.plan(shape, m, a, List.of(await), new BitSet());
        assertEquals(1, points.size());
        SuspensionPoint p = points.get(0);
        assertEquals(List.of("J", "Ljava/lang/String;"),
                p.stack.stream().map(s -> s.type.getDescriptor()).collect(Collectors.toList()));
        assertEquals(true, p.stack.stream().allMatch(s -> s.slot == SuspensionPoint.Saved.ON_STACK));
        assertEquals(List.of(), p.locals);
    }

    /** `new Foo(Await.on(a))`: NEW/DUP move to the constructor call; Foo's static initialiser is triggered first. */
    @Test
    void constructorRelocationMovesTheAllocationAfterTheArguments() throws Exception {
        ClassNode cn = new ClassNode();
        cn.name = "t/C";
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "m", "(Ldev/weft/Awaitable;)Ljava/lang/Object;", null, null);
        TypeInsnNode newInsn = new TypeInsnNode(Opcodes.NEW, "java/lang/StringBuilder");
        m.instructions.add(newInsn);
        m.instructions.add(new InsnNode(Opcodes.DUP));
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        MethodInsnNode await = awaitCall();
        m.instructions.add(await);
        m.instructions.add(new TypeInsnNode(Opcodes.CHECKCAST, "java/lang/String"));
        m.instructions.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, "java/lang/StringBuilder", "<init>",
                "(Ljava/lang/String;)V", false));
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        m.maxLocals = 1;
        m.maxStack = 4;
        MethodAnalysis a = MethodAnalysis.of("t/C", m, JDK);
        LocalSlots slots = new LocalSlots(1);
        boolean moved = ConstructorRelocator.relocate(cn, m, a, List.of(await), JDK, slots);
        assertEquals(true, moved);
        StringBuilder ops = new StringBuilder();
        for (AbstractInsnNode i : m.instructions) {
            ops.append(org.objectweb.asm.util.Printer.OPCODES[i.getOpcode()]).append(' ');
        }
        assertEquals("LDC INVOKESTATIC ALOAD INVOKESTATIC CHECKCAST ASTORE NEW DUP ALOAD INVOKESPECIAL ARETURN ",
                ops.toString());
        assertEquals(Type.getObjectType("java/lang/StringBuilder"), ((org.objectweb.asm.tree.LdcInsnNode) m.instructions.get(0)).cst);
        assertEquals(2, slots.used());
    }

    /** Monitor depth: an await between MONITORENTER and MONITOREXIT is inside a synchronized block. */
    @Test
    void monitorDepthFollowsEnterAndExit() {
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "m", "(Ljava/lang/Object;)V", null, null);
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        m.instructions.add(new InsnNode(Opcodes.MONITORENTER));
        m.instructions.add(new InsnNode(Opcodes.NOP));
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        m.instructions.add(new InsnNode(Opcodes.MONITOREXIT));
        LabelNode l = new LabelNode();
        m.instructions.add(new JumpInsnNode(Opcodes.GOTO, l));
        m.instructions.add(l);
        m.instructions.add(new InsnNode(Opcodes.RETURN));
        int[] depth = MonitorDepth.compute(m);
        assertEquals("[0, 0, 1, 1, 1, 0, 0, 0]", java.util.Arrays.toString(depth));
    }

    /**
     * Monitor depth follows the handler the JVM picks: the block's own catch-all handler catches what is thrown
     * inside the block, so the outer catch-all handler after it in the table is reached only from outside the
     * block, with no monitor held.
     */
    @Test
    void aCatchAllHandlerHidesTheHandlersAfterIt() {
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "m", "(Ljava/lang/Object;)V", null, null);
        LabelNode outerStart = new LabelNode();
        LabelNode blockStart = new LabelNode();
        LabelNode blockEnd = new LabelNode();
        LabelNode blockHandler = new LabelNode();
        LabelNode handlerEnd = new LabelNode();
        LabelNode outerEnd = new LabelNode();
        LabelNode outerHandler = new LabelNode();
        LabelNode done = new LabelNode();
        m.instructions.add(outerStart);                               // 0
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));        // 1
        m.instructions.add(new InsnNode(Opcodes.MONITORENTER));       // 2
        m.instructions.add(blockStart);                               // 3
        m.instructions.add(new InsnNode(Opcodes.NOP));                // 4
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));        // 5
        m.instructions.add(new InsnNode(Opcodes.MONITOREXIT));        // 6
        m.instructions.add(blockEnd);                                 // 7
        m.instructions.add(new JumpInsnNode(Opcodes.GOTO, outerEnd)); // 8
        m.instructions.add(blockHandler);                             // 9
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));        // 10
        m.instructions.add(new InsnNode(Opcodes.MONITOREXIT));        // 11
        m.instructions.add(handlerEnd);                               // 12
        m.instructions.add(new InsnNode(Opcodes.ACONST_NULL));        // 13
        m.instructions.add(new InsnNode(Opcodes.ATHROW));             // 14
        m.instructions.add(outerEnd);                                 // 15
        m.instructions.add(new JumpInsnNode(Opcodes.GOTO, done));     // 16
        m.instructions.add(outerHandler);                             // 17
        m.instructions.add(new InsnNode(Opcodes.NOP));                // 18: where the outer finally would await
        m.instructions.add(new InsnNode(Opcodes.ATHROW));             // 19
        m.instructions.add(done);                                     // 20
        m.instructions.add(new InsnNode(Opcodes.RETURN));             // 21
        // As javac and ECJ write it: the block's handler covers the block and itself, up to its monitorexit.
        m.tryCatchBlocks.add(new TryCatchBlockNode(blockStart, blockEnd, blockHandler, null));
        m.tryCatchBlocks.add(new TryCatchBlockNode(blockHandler, handlerEnd, blockHandler, null));
        m.tryCatchBlocks.add(new TryCatchBlockNode(outerStart, outerEnd, outerHandler, null));
        int[] depth = MonitorDepth.compute(m);
        assertEquals(1, depth[9], "the block's handler is reached with the monitor held");
        assertEquals(0, depth[18], "the outer handler is reached only with no monitor held");
        m.tryCatchBlocks.add(0, new TryCatchBlockNode(blockStart, blockEnd, outerHandler, "java/lang/Exception"));
        assertEquals(1, MonitorDepth.compute(m)[18], "a typed handler before the catch-all is reached from the block");
    }

    /**
     * An ECJ lambda body ({@code lambda$0}) is named after the method whose invokedynamic creates it, also once
     * weaving has changed the body's descriptor (a warning about the woven body names it then).
     */
    @Test
    void aLambdaBodyIsNamedAfterItsCreatorAfterWeavingToo() {
        ClassNode cn = new ClassNode();
        cn.name = "t/C";
        MethodNode main = new MethodNode(Opcodes.ACC_STATIC, "main", "()V", null, null);
        Handle body = new Handle(Opcodes.H_INVOKESTATIC, "t/C", "lambda$0",
                "(I)Ldev/weft/Coroutine;", false);
        main.instructions.add(new InvokeDynamicInsnNode("apply", "()Lt/F;",
                new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/LambdaMetafactory", "metafactory",
                        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
                                + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
                                + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", false),
                Type.getType("(I)Ldev/weft/Coroutine;"), body, Type.getType("(I)Ldev/weft/Coroutine;")));
        main.instructions.add(new InsnNode(Opcodes.RETURN));
        MethodNode lambda = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                "lambda$0", "(I)Ldev/weft/Coroutine;", null, null);
        cn.methods.add(main);
        cn.methods.add(lambda);
        assertEquals("main (in a lambda)", MisuseChecker.displayName(cn, lambda));
        lambda.desc = "(ILt/C$weft$lambda$0$0;Ldev/weft/Task;I)Ljava/lang/Object;"; // as the woven body
        assertEquals("main (in a lambda)", MisuseChecker.displayName(cn, lambda));
    }

    /** The verify pass rejects code whose stack does not add up, naming the method. */
    @Test
    void verifierRejectsInconsistentWovenCode() {
        org.objectweb.asm.ClassWriter cw = new org.objectweb.asm.ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "t/Bad", null, "java/lang/Object", null);
        org.objectweb.asm.MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m", "()Ljava/lang/Object;", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitMaxs(1, 0);
        mv.visitEnd();
        cw.visitEnd();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> WovenCodeVerifier.verify(cw.toByteArray(), java.util.Set.of("m()Ljava/lang/Object;")));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().startsWith("woven method t.Bad.m()Ljava/lang/Object; does not verify: "), e.getMessage());
    }

    /**
     * An async generator's body: {@code Await.yield(v)} becomes {@code Await.on(Rt.yieldPoint(v))}, which the planner
     * sees as an intrinsic ({@code Rt.yieldValue(v, frame)}, always suspending); {@code return AsyncGenerator.done()}
     * becomes {@code return null}.
     */
    @Test
    void generatorLoweringTurnsYieldsIntoIntrinsicAwaits() {
        ClassNode cn = new ClassNode();
        cn.name = "t/C";
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "g", "()Ldev/weft/AsyncGenerator;", null, null);
        m.instructions.add(new org.objectweb.asm.tree.LdcInsnNode("v"));
        m.instructions.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.AWAIT, "yield", Names.AWAIT_YIELD_DESC, false));
        m.instructions.add(new InsnNode(Opcodes.POP));
        m.instructions.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.ASYNC_GENERATOR, "done",
                Names.ASYNC_GENERATOR_DONE_DESC, false));
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        MethodShape shape = new MethodShape(cn, m, "t/C$weft$g$0");
        assertEquals(true, shape.generator);
        java.util.Set<AbstractInsnNode> plain = BodyPreparer.optimizeReturns(m);
        GeneratorLowering.lower(shape, m, plain);
        assertEquals(List.of("LDC", "INVOKESTATIC dev/weft/internal/Rt.yieldPoint", "INVOKESTATIC dev/weft/Await.on",
                "POP", "ACONST_NULL", "ARETURN"), listing(m));
        MethodInsnNode yieldPoint = (MethodInsnNode) m.instructions.get(1);
        SuspensionPoint.Direct d = Names.intrinsic(yieldPoint);
        assertEquals("yieldValue", d.intrinsic);
    }

    /** A generator that returns anything but {@code AsyncGenerator.done()} is refused, at that return. */
    @Test
    void generatorLoweringRefusesAReturnedValue() {
        ClassNode cn = new ClassNode();
        cn.name = "t/C";
        cn.sourceFile = "C.java";
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "g", "(Ldev/weft/AsyncGenerator;)Ldev/weft/AsyncGenerator;",
                null, null);
        m.instructions.add(new VarInsnNode(Opcodes.ALOAD, 0));
        m.instructions.add(new InsnNode(Opcodes.ARETURN));
        MethodShape shape = new MethodShape(cn, m, "t/C$weft$g$0");
        WeaveProblemException e = org.junit.jupiter.api.Assertions.assertThrows(WeaveProblemException.class,
                () -> GeneratorLowering.lower(shape, m, BodyPreparer.optimizeReturns(m)));
        assertEquals("t.C", e.problem.className());
    }

    /**
     * The line table a frame class returns (read by async stack traces): the source file, a newline, one char per
     * resume label and last the tail awaits' lines (last to first); lines unknown or beyond a char are 0.
     */
    @Test
    void theLineTableHasTheFileThenOneCharPerLabel() {
        assertEquals("Shop.java\n" + (char) 10 + (char) 12 + (char) 0 + (char) 0 + (char) 15,
                FrameClassGenerator.lineTable("Shop.java", new int[] {10, 12, -1, 70_000, 15}));
        assertEquals("\n" + (char) 3 + (char) 0, FrameClassGenerator.lineTable(null, new int[] {3, -1}));
    }

    private static List<String> listing(MethodNode m) {
        List<String> out = new java.util.ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn.getOpcode() < 0) {
                continue;
            }
            String op = org.objectweb.asm.util.Printer.OPCODES[insn.getOpcode()];
            out.add(insn instanceof MethodInsnNode ? op + " " + ((MethodInsnNode) insn).owner + "."
                    + ((MethodInsnNode) insn).name : op);
        }
        return out;
    }
}
