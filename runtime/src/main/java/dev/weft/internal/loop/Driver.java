package dev.weft.internal.loop;

import dev.weft.internal.AsyncFrame;
import dev.weft.internal.context.CurrentContext;

/**
 * The scratch state of the task driver, one per loop: one task runs at a time on a loop, so what a step
 * hands between the driver ({@code Task}'s run loop) and the suspension points ({@code internal.Rt}) lives
 * here, not in every task. Its owner is the task that is running: the driver sets it before each step and
 * clears it after; nothing else touches it. One thread: the loop's.
 *
 * <p>It is also the loop thread's current-context slot while the loop runs ({@link CurrentContext}): a task's step
 * switches to the task's context through the driver it already holds. Between callbacks the slot holds no
 * context (the loop's own, empty); each step and each callback that runs in a context puts that back as it ends.
 */
public final class Driver extends CurrentContext {
    /** The step suspended on a future, an event or a timer: the task waits. */
    public static final byte WAIT_FUTURE = 1;
    /** The step gave up one pass of the loop ({@code sleep(0)}): the task is scheduled again. */
    public static final byte WAIT_YIELD = 2;
    /** The inline depth ran out: the driver starts {@code top}, the child, from the bottom of the stack. */
    public static final byte WAIT_CHILD = 3;
    /**
     * An async generator's body yielded ({@code Await.yield}): the driver goes on with the generator's step, its
     * caller, which takes the value; the body stays suspended at its yield.
     */
    public static final byte WAIT_YIELDED = 4;

    /** What the step resumes with: a value, or an exception to throw at the suspension point. */
    public Object resumeValue;
    /** See {@link #resumeValue}. */
    public Throwable resumeExc;
    /** How deep inline awaits nest on the Java stack in this step (0 between steps). */
    public int inlineDepth;
    /** Why the step suspended: one of the WAIT_ constants, 0 while it runs. */
    public byte waitKind;
    /** The frame that just suspended in a direct call, until its caller links itself to it. */
    public AsyncFrame<?> suspendedFrame;

    Driver() {
    }
}
