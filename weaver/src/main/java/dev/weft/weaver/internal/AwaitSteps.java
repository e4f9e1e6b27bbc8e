package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.BitSet;
import java.util.function.Supplier;

/**
 * The code of one await, in the steps it runs in: call (the runtime, or the body called directly), check
 * whether it suspended, suspend (push the label, then the point's spill path: {@link SuspendPaths}) and, once
 * the restore path has reloaded the locals ({@link RestorePaths}), resume with the value the frame was resumed
 * with (or its exception, thrown into the user's own handlers). Every path to the value ends at {@code join},
 * with the values below the awaitable under it: they stay on the operand stack, the save method takes them from
 * there and the resume step pushes them back.
 */
final class AwaitSteps {
    private final MethodShape shape;
    private final SuspensionPoint p;
    /** The primitive result of a direct call of a body returning one, else {@code null}. */
    private final PrimitiveResult callee;
    /** Whether the value is unboxed at once or returned as the same primitive: the primitive goes straight on. */
    private final boolean unboxed;
    /** Unboxed at once, not returned: a null result fails where it is read. */
    private final boolean unboxedValue;
    /** The awaited method, for the message of a null result that cannot be unboxed. */
    private final String awaited;
    private final LabelNode join;
    /** The callee's object result (signalled): boxed, or a null to unbox, after the resume step. */
    private final LabelNode slowValue = new LabelNode();
    /** The callee's primitive result, not signalled. */
    private final LabelNode fast = new LabelNode();

    AwaitSteps(MethodShape shape, SuspensionPoint p, boolean unboxed, LabelNode join) {
        this.shape = shape;
        this.p = p;
        this.callee = calleeResult(p);
        this.unboxed = unboxed;
        this.unboxedValue = unboxed && p.kind != SuspensionPoint.Kind.RETURN;
        this.awaited = callee == null ? null : p.direct.call.owner.replace('/', '.') + "." + p.direct.call.name;
        this.join = join;
    }

    /** The result a direct call of a body returning a primitive gives, or {@code null}. */
    static PrimitiveResult calleeResult(SuspensionPoint p) {
        return p.direct != null && p.direct.intrinsic == null ? PrimitiveResult.ofBody(p.direct.bodyDesc) : null;
    }

    /**
     * The await's code after its call, with the awaitable (or the direct call's result) on the stack.
     *
     * @param hasFrame whether the frame exists before the point
     * @param framedAtSuspension whether it exists when the point suspends
     * @param pushLabel pushes the point's label
     * @param resume where the point's restore path jumps back in
     */
    InsnList code(boolean hasFrame, boolean framedAtSuspension, AbstractInsnNode pushLabel, LabelNode resume,
                  SuspendPaths suspends) {
        InsnList code = new InsnList();
        if (p.direct == null) {
            callRuntime(code, hasFrame);
        }
        check(code);
        suspend(code, pushLabel, suspends, framedAtSuspension);
        resume(code, resume);
        if (callee != null && !unboxedValue) {
            slowValue(code);
        }
        return code;
    }

    /**
     * The call step of a direct call, in place: the call that makes the callee's coroutine becomes a call of its
     * body (or of the runtime's parking call). Each point's own, also where the await's code is shared.
     */
    static void callDirect(MethodShape shape, InsnList insns, SuspensionPoint p, boolean hasFrame) {
        if (p.direct == null) {
            return;
        }
        if (p.direct.intrinsic != null) {
            // The value is what the runtime's parking call gave (or SUSPEND): nothing to call after.
            callIntrinsic(shape, insns, p.direct, p.zeroedArgs, hasFrame);
        } else {
            // The value is the direct call's result (or SUSPEND): nothing to call after.
            callBody(shape, insns, p.direct);
        }
    }

    /** The call of {@code Asyncio.sleep(...)} becomes {@code Rt.sleep(..., frame)}: the frame must exist by then. */
    private static void callIntrinsic(MethodShape shape, InsnList insns, SuspensionPoint.Direct d,
                                      BitSet zeroedArgs, boolean hasFrame) {
        InsnList call = new InsnList();
        if (!hasFrame) {
            ensureFrame(shape, call, zeroedArgs);
        }
        call.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        call.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, d.intrinsic, d.bodyDesc, false));
        insns.insertBefore(d.call, call);
        insns.remove(d.call);
    }

    /** Replaces the call that makes the callee's frame with a call of its body: no frame, depth + 1. */
    static void callBody(MethodShape shape, InsnList insns, SuspensionPoint.Direct d) {
        InsnList call = new InsnList();
        call.add(new InsnNode(Opcodes.ACONST_NULL));
        call.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
        call.add(new VarInsnNode(Opcodes.ILOAD, shape.depthSlot));
        call.add(new InsnNode(Opcodes.ICONST_1));
        call.add(new InsnNode(Opcodes.IADD));
        call.add(new MethodInsnNode(d.call.getOpcode(), d.call.owner, d.call.name, d.bodyDesc, d.call.itf));
        insns.insertBefore(d.call, call);
        insns.remove(d.call);
    }

    /** The call step of an await that is no direct call: the runtime awaits the awaitable for the frame. */
    private void callRuntime(InsnList code, boolean hasFrame) {
        if (!hasFrame) {
            ensureFrame(shape, code, p.zeroedArgs);
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        switch (p.kind) {
            case AWAITABLE:
                code.add(new VarInsnNode(Opcodes.ILOAD, shape.depthSlot));
                code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "await", Names.RT_AWAIT_DESC, false));
                break;
            case STAGE:
                code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "awaitStage",
                        Names.RT_AWAIT_STAGE_DESC, false));
                break;
            default:
                code.add(new VarInsnNode(Opcodes.ILOAD, shape.depthSlot));
                code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "awaitReturn",
                        Names.RT_AWAIT_RETURN_DESC, false));
                break;
        }
    }

    /**
     * A body called directly has no frame until it must suspend: this makes it, once. The point's zeroed
     * arguments are passed as zero: those the body has written (saved like any local where live), and at a direct
     * call of another body those nothing after the point reads.
     */
    private static void ensureFrame(MethodShape shape, InsnList code, BitSet zeroedArgs) {
        LabelNode have = new LabelNode();
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        code.add(new JumpInsnNode(Opcodes.IFNONNULL, have));
        StubBuilder.pushArguments(shape, code, zeroedArgs);
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, shape.frameClass, FrameClassGenerator.LAZY,
                shape.lazyFactoryDescriptor(), false));
        code.add(new VarInsnNode(Opcodes.ASTORE, shape.frameSlot));
        code.add(have);
    }

    /** The check step: not suspended, the value goes on to {@code join} (or to the primitive's own paths). */
    private void check(InsnList code) {
        Supplier<InsnList> loadTask = () -> {
            InsnList load = new InsnList();
            load.add(new VarInsnNode(Opcodes.ALOAD, shape.taskSlot));
            return load;
        };
        if (unboxedValue) {
            // The primitive is the value unless the callee signalled a suspension (or a null result: it fails).
            code.add(callee.readSignalUnboxed(loadTask, join, awaited));
            return;
        }
        if (callee != null) {
            // The primitive is the value unless the callee signalled a suspension or a null result.
            code.add(callee.readSignal(loadTask, fast));
        }
        if (p.direct == null || p.direct.intrinsic == null || p.direct.mayComplete) {
            code.add(new InsnNode(Opcodes.DUP));
            code.add(new FieldInsnNode(Opcodes.GETSTATIC, Names.RT, Names.RT_SUSPEND, Names.OBJECT_DESC));
            code.add(new JumpInsnNode(Opcodes.IF_ACMPNE, callee != null ? slowValue : join));
        } // else Asyncio.sleep as Rt.sleep, Await.yield as Rt.yieldValue: it always suspends, so nothing to check
    }

    /**
     * The suspend step: remember where to resume, then the spill path of this point's values saves them (making
     * the frame first if a body called directly has none yet) and returns {@code SUSPEND}.
     */
    private void suspend(InsnList code, AbstractInsnNode pushLabel, SuspendPaths suspends,
                         boolean framedAtSuspension) {
        code.add(pushLabel);
        suspends.suspend(p, framedAtSuspension, code);
    }

    /** The resume step, where the restore path jumps back in: the values below the awaitable, then the value. */
    private void resume(InsnList code, LabelNode resume) {
        code.add(resume);
        for (SuspensionPoint.Saved s : p.stack) {
            if (s.alwaysNull) {
                code.add(new InsnNode(Opcodes.ACONST_NULL));
            } else {
                RestorePaths.load(shape, code, s);
            }
        }
        code.add(new VarInsnNode(Opcodes.ALOAD, shape.frameSlot));
        if (unboxedValue) {
            code.add(new LdcInsnNode(awaited));
            code.add(callee.resumeUnboxed());
        } else {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.RT, "resume", Names.RT_RESUME_DESC, false));
        }
    }

    /**
     * A direct call of a body returning a primitive, its value not unboxed at once: the object (resumed, or
     * signalled) goes to {@code join}, or is returned as the primitive; the primitive not signalled is boxed
     * unless it is returned.
     */
    private void slowValue(InsnList code) {
        code.add(slowValue);
        if (unboxed) {
            code.add(PrimitiveReturns.returnObject(shape)); // a returned primitive: null included
        } else {
            code.add(new JumpInsnNode(Opcodes.GOTO, join));
        }
        code.add(fast);
        if (!unboxed) {
            code.add(callee.boxing());
        }
    }
}
