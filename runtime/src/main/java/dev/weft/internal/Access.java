package dev.weft.internal;

import dev.weft.Future;
import dev.weft.Task;

/**
 * The few operations on {@code dev.weft}'s package-private task state that {@link Rt} needs: a
 * bridge, installed once by {@code dev.weft.Task}, so that the public package exposes nothing extra.
 * Internal.
 */
public abstract class Access {
    private static volatile Access instance;

    /** For {@code dev.weft.Task} only. */
    protected Access() {
    }

    /**
     * Installs the bridge; only the first call counts.
     *
     * @param access the implementation
     */
    public static synchronized void install(Access access) {
        if (instance == null) {
            instance = access;
        }
    }

    static Access get() {
        Access a = instance;
        if (a == null) {
            try {
                Class.forName("dev.weft.Task", true, Access.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("the Weft runtime is incomplete: dev.weft.Task is missing", e);
            }
            a = instance;
        }
        return a;
    }

    /**
     * Enters one more level of inline await on the task's Java stack.
     *
     * @param task the task
     * @param depth the awaiting body's own depth (direct calls count it in a parameter)
     * @return the depth to restore with {@link #exitInline}, or -1 when the depth is exhausted and the
     *     child must be started from the driver
     */
    public abstract int enterInline(Task<?> task, int depth);

    /**
     * @param task the task whose inline await returned or threw
     * @param saved what {@link #enterInline} returned
     */
    public abstract void exitInline(Task<?> task, int saved);

    /**
     * @param task the running task
     * @return the inline depth of the frame the driver or an inline await is about to run
     */
    public abstract int inlineDepth(Task<?> task);

    /**
     * Publishes the frame that just suspended, for its caller to link ({@link Rt#adopt}).
     *
     * @param task the running task
     * @param frame the suspended frame, or {@code null} to clear
     */
    public abstract void setSuspended(Task<?> task, AsyncFrame<?> frame);

    /**
     * @param task the running task
     * @return the frame that last suspended and is not yet linked to its caller, cleared; or {@code null}
     */
    public abstract AsyncFrame<?> takeSuspended(Task<?> task);

    /**
     * @param task the running task
     * @return the frame that last suspended and is not yet linked to its caller (or {@link Rt}'s marker of a
     *     {@code null} result), left in place; or {@code null}
     */
    public abstract AsyncFrame<?> peekSuspended(Task<?> task);

    /**
     * Suspends {@code frame} until {@code future} is done.
     *
     * @param task the running task
     * @param frame the innermost frame, which the task resumes later
     * @param future the pending future
     */
    public abstract void park(Task<?> task, AsyncFrame<?> frame, Future<?> future);

    /**
     * Suspends {@code frame} for exactly one pass of the loop ({@code sleep(0)}).
     *
     * @param task the running task
     * @param frame the innermost frame
     */
    public abstract void yieldOnce(Task<?> task, AsyncFrame<?> frame);

    /**
     * {@code sleep(delay, result)}: parks {@code frame}'s task until the delay is over.
     *
     * @param frame the sleeping frame
     * @param delay seconds, not NaN ({@code <= 0}: one pass of the loop)
     * @param result what the await gives
     * @return {@link Rt#SUSPEND}
     */
    public abstract Object sleep(AsyncFrame<?> frame, double delay, Object result);

    /**
     * Asks the driver to start {@code child} from the bottom of the Java stack (the inline depth is
     * exhausted); {@code child.caller} is already linked.
     *
     * @param task the running task
     * @param child the coroutine to start
     */
    public abstract void startChild(Task<?> task, AsyncFrame<?> child);

    /**
     * Returns the value the task was resumed with, or throws the exception it was resumed with.
     *
     * @param task the running task
     * @return the value
     */
    public abstract Object takeResume(Task<?> task);

    /**
     * The result of a done future, or its original exception thrown.
     *
     * @param future a done future
     * @return the result
     */
    public abstract Object resultOf(Future<?> future);

    /**
     * Binds a {@link java.util.concurrent.CompletionStage} to the task's loop as a future.
     *
     * @param task the running task
     * @param stage the stage
     * @return a future completed on the loop thread when the stage completes
     */
    public abstract Future<?> wrapStage(Task<?> task, java.util.concurrent.CompletionStage<?> stage);
}
