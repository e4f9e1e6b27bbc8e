package dev.weft.weaver.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;

/** The runtime's names as the weaver emits them: the contract between woven code and weft-runtime. */
final class Names {
    private Names() {
    }

    static final String ASYNC_DESC = "Ldev/weft/annotations/Async;";
    /** Marks a woven class, so weaving it again changes nothing and the agent skips it. */
    static final String WOVEN_DESC = "Ldev/weft/internal/Woven;";
    /** The marker's element naming the calling convention of the class's bodies. */
    static final String WOVEN_PROTOCOL = "protocol";
    /**
     * The calling convention of woven bodies (their descriptors and how they signal suspension): 2 since bodies
     * of boxed-primitive results return the primitive, 3 since such a body that signals returns its type's
     * marker value, not 0. A class woven under another is still skipped, not woven again, but never called
     * directly.
     */
    static final int PROTOCOL = 3;
    /** {@code AsyncFrame.TAIL}: the label of a frame suspended in a tail await. */
    static final int TAIL_LABEL = -3;

    static final String AWAIT = "dev/weft/Await";
    static final String AWAIT_ON = "on";
    static final String AWAIT_ON_AWAITABLE = "(Ldev/weft/Awaitable;)Ljava/lang/Object;";
    static final String AWAIT_ON_STAGE = "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;";
    static final String AWAIT_ON_AWAITABLE_CHECKED = "(Ldev/weft/Awaitable;Ljava/lang/Class;)Ljava/lang/Object;";
    static final String AWAIT_ON_STAGE_CHECKED = "(Ljava/util/concurrent/CompletionStage;Ljava/lang/Class;)Ljava/lang/Object;";

    /** {@code Await.yield(value)}: an async generator's second kind of suspension point. */
    static final String AWAIT_YIELD = "yield";
    static final String AWAIT_YIELD_DESC = "(Ljava/lang/Object;)Ljava/lang/Object;";

    static final String ASYNC_GENERATOR = "dev/weft/AsyncGenerator";
    static final String ASYNC_GENERATOR_DESC = "Ldev/weft/AsyncGenerator;";
    static final String ASYNC_GENERATOR_DONE_DESC = "()Ldev/weft/AsyncGenerator;";
    static final String ASYNC_ITERABLE = "dev/weft/AsyncIterable";
    static final String ITERATOR = "java/util/Iterator";
    /** {@code Rt.yieldPoint(value)}: where the yield lowering puts the value, awaited at once; see {@link #intrinsic}. */
    static final String RT_YIELD_POINT = "yieldPoint";
    static final String RT_YIELD_POINT_DESC = "(Ljava/lang/Object;)Ldev/weft/Awaitable;";
    /** {@code Rt.asyncForStep(iterator)}: the condition of async for, awaited; see {@link #intrinsic}. */
    static final String RT_ASYNC_FOR_STEP = "asyncForStep";
    static final String RT_ASYNC_FOR_STEP_DESC = "(Ljava/util/Iterator;)Ldev/weft/Awaitable;";
    static final String RT_GENERATOR_DESC = "(Ldev/weft/internal/AsyncFrame;)Ldev/weft/AsyncGenerator;";

    static final String COROUTINE = "dev/weft/Coroutine";
    static final String COROUTINE_DESC = "Ldev/weft/Coroutine;";
    static final String COROUTINE_OF_DESC = "(Ljava/lang/Object;)Ldev/weft/Coroutine;";
    static final String COROUTINE_DONE_DESC = "()Ldev/weft/Coroutine;";

    /** {@code Entry.run(Coroutine)}: what an {@code @Async void} method runs (see {@link EntryPoints}). */
    static final String ENTRY = "dev/weft/internal/Entry";
    static final String ENTRY_RUN_DESC = "(Ldev/weft/Coroutine;)V";

    static final String ASYNC_FRAME = "dev/weft/internal/AsyncFrame";
    /** The frame's resume point: 0 to start, k to resume at point k. */
    static final String FRAME_LABEL = "label";
    static final String RT = "dev/weft/internal/Rt";
    static final String TASK_DESC = "Ldev/weft/Task;";
    static final String RT_AWAIT_DESC = "(Ldev/weft/Awaitable;Ldev/weft/internal/AsyncFrame;I)Ljava/lang/Object;";
    static final String RT_AWAIT_STAGE_DESC =
            "(Ljava/util/concurrent/CompletionStage;Ldev/weft/internal/AsyncFrame;)Ljava/lang/Object;";
    static final String RT_AWAIT_TAIL_DESC =
            "(Ldev/weft/Coroutine;Ldev/weft/internal/AsyncFrame;Ldev/weft/Task;I)Ljava/lang/Object;";
    static final String RT_AWAIT_RETURN_DESC = "(Ldev/weft/Coroutine;Ldev/weft/internal/AsyncFrame;I)Ljava/lang/Object;";
    static final String RT_LAZY_DESC = "(Ldev/weft/internal/AsyncFrame;Ldev/weft/Task;)V";
    static final String RT_BOUNCE_DESC = "(Ldev/weft/internal/AsyncFrame;Ldev/weft/Task;)Ljava/lang/Object;";
    static final String RT_FRAME_DESC = "(Ldev/weft/internal/AsyncFrame;)V";
    static final String RT_SIGNALLED_DESC = "(Ldev/weft/Task;)Z";
    static final String RT_SIGNAL_DESC = "(Ldev/weft/Task;)Ljava/lang/Object;";
    static final String RT_RETURNS_NULL_DESC = "(Ljava/lang/Object;Ldev/weft/Task;)Z";
    static final String RT_UNBOXABLE_DESC = "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/Object;";
    static final String RT_DEPTH_DESC = "(Ldev/weft/internal/AsyncFrame;)I";
    static final String RT_MAX_DEPTH = "MAX_DEPTH";
    static final String RT_RESUME_DESC = "(Ldev/weft/internal/AsyncFrame;)Ljava/lang/Object;";
    static final String RT_BAD_LABEL_DESC = "(Ldev/weft/internal/AsyncFrame;)Ljava/lang/IllegalStateException;";
    static final String RT_ENSURE_INIT_DESC = "(Ljava/lang/Class;)V";
    static final String RT_SUSPEND = "SUSPEND";
    static final String OBJECT_DESC = "Ljava/lang/Object;";
    /** Infix of generated frame class names: {@code Host$weft$method$N}. */
    static final String FRAME_INFIX = "$weft$";

    /** {@code Asyncio.sleep(double)} and {@code Asyncio.sleep(double, T)}. */
    static final String ASYNCIO = "dev/weft/Asyncio";
    static final String SLEEP_DESC = "(D)Ldev/weft/Coroutine;";
    static final String SLEEP_RESULT_DESC = "(DLjava/lang/Object;)Ldev/weft/Coroutine;";

    /**
     * A call whose coroutine an await can do without: {@code Await.on(Asyncio.sleep(d))} becomes
     * {@code Rt.sleep(d, frame)}, which parks the frame itself. Same checks, same order of events, no object. Also
     * {@code Await.yield(v)}, lowered to {@code Await.on(Rt.yieldPoint(v))}, which becomes {@code Rt.yieldValue(v,
     * frame)}.
     *
     * @return the call as a direct one, or {@code null} for any other call
     */
    static SuspensionPoint.Direct intrinsic(MethodInsnNode call) {
        if (call.getOpcode() == Opcodes.INVOKESTATIC && call.owner.equals(RT) && call.name.equals(RT_YIELD_POINT)) {
            // Await.yield(value): the runtime hands the value to the generator's step; it always suspends.
            return new SuspensionPoint.Direct(call, "(Ljava/lang/Object;Ldev/weft/internal/AsyncFrame;)Ljava/lang/Object;",
                    "yieldValue", false);
        }
        if (call.getOpcode() == Opcodes.INVOKESTATIC && call.owner.equals(RT) && call.name.equals(RT_ASYNC_FOR_STEP)
                && call.desc.equals(RT_ASYNC_FOR_STEP_DESC)) {
            // A step of async for: over an async generator the runtime resumes its body right there, no coroutine
            // awaited in between; the value (whether there is an item), or SUSPEND.
            return new SuspensionPoint.Direct(call, "(Ljava/util/Iterator;Ldev/weft/internal/AsyncFrame;)Ljava/lang/Object;",
                    RT_ASYNC_FOR_STEP, true);
        }
        if (call.getOpcode() != Opcodes.INVOKESTATIC || !call.owner.equals(ASYNCIO)
                || !call.name.equals("sleep")) {
            return null;
        }
        if (call.desc.equals(SLEEP_DESC)) {
            return new SuspensionPoint.Direct(call, "(DLdev/weft/internal/AsyncFrame;)Ljava/lang/Object;", "sleep", false);
        }
        if (call.desc.equals(SLEEP_RESULT_DESC)) {
            return new SuspensionPoint.Direct(call,
                    "(DLjava/lang/Object;Ldev/weft/internal/AsyncFrame;)Ljava/lang/Object;", "sleep", false);
        }
        return null;
    }
}
