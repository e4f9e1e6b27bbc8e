package dev.weft.weaver.internal;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The plan for one suspension point: what is awaited, which values live across it (locals, and the
 * operand stack below the awaitable), and where each is saved in the frame.
 */
final class SuspensionPoint {

    /** What kind of await the point is. */
    enum Kind {
        /** {@code Await.on(Awaitable)} (and its checked-exception overload). */
        AWAITABLE,
        /** {@code Await.on(CompletionStage)} (and its checked-exception overload). */
        STAGE,
        /** {@code return coroutine;} that is not {@code Coroutine.of(..)}: the result is the coroutine's. */
        RETURN
    }

    /** One value saved in the frame: a local slot, its type, and the frame field that holds it. */
    static final class Saved {
        /** The slot of a value below the awaitable: it has none, it stays on the operand stack. */
        static final int ON_STACK = -1;

        /** The local slot, or {@link #ON_STACK}. */
        final int slot;
        /** Exact type; {@code null} type ("null" literal) means the value is always null and is not stored. */
        final Type type;
        final boolean alwaysNull;
        FrameLayout.Field field;

        Saved(int slot, Type type, boolean alwaysNull) {
            this.slot = slot;
            this.type = type;
            this.alwaysNull = alwaysNull;
        }
    }

    /** A call of an {@code @Async} method that is awaited at once: its body is called directly. */
    static final class Direct {
        /** The call of the method (which would make a frame); it becomes a call of the body. */
        final MethodInsnNode call;
        final String bodyDesc;
        /**
         * For a runtime coroutine the weaver knows ({@code Asyncio.sleep}): the {@code Rt} method that parks the
         * awaiting frame in its place, taking the call's arguments and the frame; {@code null} for an
         * {@code @Async} body.
         */
        final String intrinsic;
        /**
         * For an intrinsic: whether its result may be the value (checked for {@code SUSPEND}, as an await's), or it
         * always suspends ({@code Asyncio.sleep}, {@code Await.yield}).
         */
        final boolean mayComplete;

        Direct(MethodInsnNode call, String bodyDesc) {
            this(call, bodyDesc, null, false);
        }

        Direct(MethodInsnNode call, String bodyDesc, String intrinsic, boolean mayComplete) {
            this.call = call;
            this.bodyDesc = bodyDesc;
            this.intrinsic = intrinsic;
            this.mayComplete = mayComplete;
        }
    }

    /** The resume point's number in the frame's {@code label}; renumbered so that points sharing a restore path are consecutive. */
    int label;
    final Kind kind;
    final AbstractInsnNode insn;
    /** Whether the awaitable has a {@code Class} argument above it to drop. */
    final boolean checked;
    final int line;
    /** Stack values below the awaitable, bottom first; the save method takes them off the stack. */
    final List<Saved> stack = new ArrayList<>();
    /** Locals live after the point. */
    final List<Saved> locals = new ArrayList<>();
    /** The locals the point's suspend path saves: its live ones, or the path's superset (see the rewriter). */
    List<Saved> saveLocals;
    /** Set when the awaited value comes from a direct call of an {@code @Async} body. */
    Direct direct;
    /**
     * The parameter slots a frame made at this point passes as zero: those the body writes (saved like any local
     * where live), and at a direct call of another body its {@link #deadArgs}. Elsewhere (a sleep, a future, a task,
     * the runtime's coroutines) the others are passed as they are, dead or not: a debugger shows a method's
     * parameters after a resume as it does before (the frame gives them back to the body on every resume).
     */
    final BitSet zeroedArgs = new BitSet();
    /**
     * The parameters (not written) that nothing after this point reads. Passed as zero at a direct call of another
     * body: keeping them for a frame made only if the callee suspends would keep them live across the call, in
     * every compiled frame of a deep chain (W5n: about 6% slower).
     */
    final BitSet deadArgs = new BitSet();

    SuspensionPoint(int label, Kind kind, AbstractInsnNode insn, boolean checked, int line) {
        this.label = label;
        this.kind = kind;
        this.insn = insn;
        this.checked = checked;
        this.line = line;
    }
}
