package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns one {@code @Async} method into a state machine. The method keeps its name, descriptor and
 * annotations and becomes a stub that returns a new frame (running none of the body). The body moves,
 * with its line numbers and local variable table, to a method of the same name whose descriptor adds
 * the frame as a last parameter and returns {@code Object} (the result, or {@code Rt.SUSPEND}; for a
 * {@code Coroutine<Integer>} and the like, the primitive: see {@link PrimitiveResult}); stack
 * traces therefore still name the user's method and line. The passes, each in its own class:
 * {@link StubBuilder}, {@link BodyPreparer}, the lowerings of Python's syntax to awaits ({@link GeneratorLowering},
 * {@link AsyncForLowering}, {@link AsyncWithLowering}), {@link MethodAnalysis} (types and liveness),
 * {@link ConstructorRelocator}, {@link SuspensionPlanner}, {@link TailReturns}, {@link StateMachineRewriter},
 * {@link PrimitiveReturns}; then {@link FrameClassGenerator} writes the frame class from the {@link FrameLayout}.
 */
final class AsyncMethodWeaver {

    /** What weaving one method produced. */
    static final class Result {
        final MethodNode stub;
        final MethodNode body;
        final FrameLayout layout;
        final Type[] argTypes;
        final boolean isStatic;
        /** The method's first source line, or -1. */
        final int firstLine;
        /**
         * The source line of each resume point, by label (0: the first line), then of the tail awaits, last to
         * first (a single -1 when there are none); -1 where unknown.
         */
        final int[] lines;

        Result(MethodNode stub, MethodNode body, FrameLayout layout, Type[] argTypes, boolean isStatic, int firstLine,
               int[] lines) {
            this.stub = stub;
            this.body = body;
            this.layout = layout;
            this.argTypes = argTypes;
            this.isStatic = isStatic;
            this.firstLine = firstLine;
            this.lines = lines;
        }
    }

    private final ClassNode cn;
    private final MethodNode original;
    private final ClassHierarchy hierarchy;
    private final MethodShape shape;
    private final Predicate<String> wovenAlongside;
    private final boolean compact;

    AsyncMethodWeaver(ClassNode cn, MethodNode m, ClassHierarchy hierarchy, String frameClass,
                      Predicate<String> wovenAlongside, boolean compact) {
        this.compact = compact;
        this.cn = cn;
        this.original = m;
        this.hierarchy = hierarchy;
        this.shape = new MethodShape(cn, m, frameClass);
        this.wovenAlongside = wovenAlongside;
    }

    String frameConstructorDescriptor() {
        return shape.frameConstructorDescriptor();
    }

    Result weave() throws AnalyzerException {
        MethodNode stub = StubBuilder.build(shape, original);
        MethodNode body = original;
        int firstLine = MisuseChecker.lineOf(body, body.instructions.getFirst());

        // Analysed and rewritten as returning Object; a primitive result's returns are rewritten last.
        body.desc = MethodShape.bodyDescriptor(shape.desc, shape.frameClass, null);
        body.access = bodyAccess();
        body.signature = null;
        body.exceptions = new ArrayList<>();
        body.visibleAnnotations = null;
        body.invisibleAnnotations = null;
        body.visibleParameterAnnotations = null;
        body.invisibleParameterAnnotations = null;
        body.visibleAnnotableParameterCount = 0;
        body.invisibleAnnotableParameterCount = 0;
        body.parameters = null;
        body.visibleTypeAnnotations = null;
        body.invisibleTypeAnnotations = null;
        BodyPreparer.removeFrames(body);
        BodyPreparer.shiftLocals(body, shape.argSize, MethodShape.EXTRA_SLOTS);
        body.maxLocals += MethodShape.EXTRA_SLOTS;
        LocalSlots slots = new LocalSlots(body.maxLocals);

        Set<AbstractInsnNode> plainReturns = BodyPreparer.optimizeReturns(body);
        if (shape.generator) {
            GeneratorLowering.lower(shape, body, plainReturns);
        }
        AsyncForLowering.lower(cn, body, hierarchy);
        AsyncWithLowering.lower(cn, body, hierarchy, slots);
        body.maxLocals = slots.used();

        List<AbstractInsnNode> sites = BodyPreparer.findSites(body, plainReturns);
        Map<AbstractInsnNode, SuspensionPoint.Direct> direct =
                BodyPreparer.findDirectCalls(body, sites, hierarchy, cn.name, wovenAlongside);
        // The analyses read the compiled max_stack: nothing before the rewrite makes the code deeper.
        MethodAnalysis analysis = MethodAnalysis.of(cn.name, body, hierarchy);
        if (ConstructorRelocator.relocate(cn, body, analysis, sites, hierarchy, slots)) {
            body.maxLocals = slots.used();
            analysis = MethodAnalysis.of(cn.name, body, hierarchy);
        }

        BitSet writtenParams = BodyPreparer.writtenParameters(body, shape.argSize);
        List<SuspensionPoint> points = SuspensionPlanner.plan(shape, body, analysis, sites, writtenParams);
        boolean callsBodies = false;
        for (SuspensionPoint p : points) {
            p.direct = direct.get(p.insn);
            boolean callsBody = p.direct != null && p.direct.intrinsic == null;
            callsBodies |= callsBody;
            if (callsBody) {
                p.zeroedArgs.or(p.deadArgs);
            }
        }
        List<SuspensionPoint> all = points;
        points = TailReturns.rewrite(shape, body, points);
        FrameLayout layout = new FrameLayout(shape.frameClass, shape.isStatic ? null : "L" + cn.name + ";", shape.argTypes);
        layout.assign(points);
        layout.tails = points.size() < all.size();

        StateMachineRewriter.rewrite(shape, body, points, layout, slots, compact, callsBodies);
        int[] lines = lineTable(firstLine, points, TailReturns.tailLines(shape, all));
        parametersFromEntry(body, shape);
        PrimitiveReturns.rewrite(shape, body);
        body.desc = shape.bodyDescriptor();
        // The class is written with COMPUTE_FRAMES, which computes max_stack and max_locals from the woven code;
        // these are for whoever reads the node before that.
        body.maxLocals = slots.used();
        return new Result(stub, body, layout, shape.argTypes, shape.isStatic, firstLine, lines);
    }

    /**
     * A debugger shows the parameters from the body's first instruction: they hold the arguments there, on the
     * first call and on every resume, while the entry code before the method's own (the jump to the resume point)
     * would otherwise be outside their scope. The body's own parameters (frame, task, depth) are named too, as
     * {@code weft$frame}, {@code weft$task} and {@code weft$depth}: a JVM with a method's variable table lets a
     * debugger read only the slots it names, and a debugger follows a task through a suspension by its task.
     */
    private static void parametersFromEntry(MethodNode body, MethodShape shape) {
        if (body.localVariables == null || body.localVariables.isEmpty()) {
            return;   // compiled without variable names: nothing to add to
        }
        LabelNode entry;
        if (body.instructions.getFirst() instanceof LabelNode) {
            entry = (LabelNode) body.instructions.getFirst();
        } else {
            entry = new LabelNode();
            body.instructions.insert(entry);
        }
        // One entry per parameter moves: the first in code order (two alike would be a duplicate, refused by the JVM).
        Map<Integer, LocalVariableNode> first = new HashMap<>();
        for (LocalVariableNode lv : body.localVariables) {
            if (lv.index < shape.argSize) {
                first.merge(lv.index, lv, (a, b) -> body.instructions.indexOf(a.start)
                        <= body.instructions.indexOf(b.start) ? a : b);
            }
        }
        for (LocalVariableNode lv : first.values()) {
            lv.start = entry;
        }
        LabelNode end = new LabelNode();
        body.instructions.add(end);
        body.localVariables.add(new LocalVariableNode("weft$frame", "L" + shape.frameClass + ";", null, entry, end,
                shape.frameSlot));
        body.localVariables.add(new LocalVariableNode("weft$task", Names.TASK_DESC, null, entry, end, shape.taskSlot));
        body.localVariables.add(new LocalVariableNode("weft$depth", "I", null, entry, end, shape.depthSlot));
    }

    /**
     * The line of each resume point, for async stack traces and task dumps (read after the rewrite, which numbers
     * the points), then those of the tail awaits, last to first: the last entry is tail await site 0 (label
     * {@code TAIL}), the one before it site 1 ({@code TAIL - 1}), and so on; a single -1 when there are none.
     */
    private static int[] lineTable(int firstLine, List<SuspensionPoint> resumable, List<Integer> tailLines) {
        int max = 0;
        for (SuspensionPoint p : resumable) {
            max = Math.max(max, p.label);
        }
        int tails = Math.max(1, tailLines.size());
        int[] lines = new int[max + 1 + tails];
        Arrays.fill(lines, -1);
        lines[0] = firstLine;
        for (SuspensionPoint p : resumable) {
            lines[p.label] = p.line;
        }
        for (int k = 0; k < tailLines.size(); k++) {
            lines[lines.length - 1 - k] = tailLines.get(k);
        }
        return lines;
    }

    /**
     * The body is as visible as the method (a private method's body is package-private, so that its frame
     * class can call it): whoever may call the method may call its body directly.
     */
    private int bodyAccess() {
        int a = Opcodes.ACC_SYNTHETIC | (original.access & Opcodes.ACC_STATIC) | (original.access & Opcodes.ACC_STRICT);
        if (shape.isInterface) {
            a |= Opcodes.ACC_PUBLIC;
        } else {
            a |= original.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED);
        }
        return a;
    }
}
