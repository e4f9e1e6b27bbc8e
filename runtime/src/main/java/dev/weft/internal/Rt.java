package dev.weft.internal;

import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * What woven code calls at its suspension points. Internal: the weaver emits these calls; user code
 * must not.
 *
 * <p>The protocol: a woven body returns its result, or {@link #SUSPEND} after saving its live values
 * in its frame. At an await it calls {@link #await}; a result other than {@code SUSPEND} is the
 * awaited value, got without suspending (and without allocating). After a suspension the driver
 * invokes the frame again, which jumps to the suspension point and calls {@link #resume} for the
 * value (or the exception) it was resumed with.
 */
public final class Rt {

    /** Returned by a body (and by {@link #await}) when the frame suspended. */
    public static final Object SUSPEND = new Object() {
        @Override
        public String toString() {
            return "SUSPEND";
        }
    };

    private static final Access A = Access.get();

    private Rt() {
    }

    /**
     * {@code Await.on(awaitable)} inside the frame {@code self}.
     *
     * @param awaitable what is awaited
     * @param self the awaiting frame
     * @return the value, or {@link #SUSPEND}
     */
    public static Object await(Awaitable<?> awaitable, AsyncFrame<?> self) {
        if (awaitable instanceof AsyncFrame) {
            return awaitFrame((AsyncFrame<?>) awaitable, self);
        }
        if (awaitable instanceof Future) {
            Future<?> f = (Future<?>) awaitable;
            if (f.isDone()) {
                return A.resultOf(f);
            }
            A.park(self.task, self, f);
            return SUSPEND;
        }
        if (awaitable instanceof Completed) {
            return ((Completed<?>) awaitable).take();
        }
        if (awaitable == null) {
            throw new NullPointerException("Await.on(null) in " + self.methodName() + ": there is nothing to await");
        }
        throw new IllegalStateException("cannot await " + awaitable + " (" + awaitable.getClass().getName() + ")");
    }

    private static Object awaitFrame(AsyncFrame<?> child, AsyncFrame<?> self) {
        child.claim();
        Task<?> task = self.task;
        child.task = task;
        child.caller = self;
        if (!A.enterInline(task)) {
            A.startChild(task, child);
            return SUSPEND;
        }
        Object r;
        try {
            r = child.invoke();
        } catch (Throwable t) {
            child.label = AsyncFrame.DONE;
            child.caller = null;
            throw t;
        } finally {
            A.exitInline(task);
        }
        if (r == SUSPEND) {
            return SUSPEND;
        }
        child.label = AsyncFrame.DONE;
        child.caller = null;
        return r;
    }

    /**
     * Gives up exactly one pass of the loop ({@code sleep(0)}): the frame resumes on the next pass.
     *
     * @param self the yielding frame, whose label is already set to its resume point
     * @return {@link #SUSPEND}
     */
    public static Object yieldOnce(AsyncFrame<?> self) {
        A.yieldOnce(self.task, self);
        return SUSPEND;
    }

    /**
     * {@code return c;} of a coroutine other than {@code Coroutine.of(...)}: the result is what
     * awaiting {@code c} gives. {@code null} ends the coroutine with {@code null}.
     *
     * @param returned the returned coroutine
     * @param self the returning frame
     * @return the value, or {@link #SUSPEND}
     */
    public static Object awaitReturn(Coroutine<?> returned, AsyncFrame<?> self) {
        if (returned == null) {
            return null;
        }
        return await(returned, self);
    }

    /**
     * {@code Await.on(stage)} inside the frame {@code self}. A completed {@link CompletableFuture}
     * does not suspend. Failures are rethrown as their original cause.
     *
     * @param stage what is awaited
     * @param self the awaiting frame
     * @return the value, or {@link #SUSPEND}
     */
    public static Object awaitStage(CompletionStage<?> stage, AsyncFrame<?> self) {
        if (stage == null) {
            throw new NullPointerException("Await.on(null) in " + self.methodName() + ": there is nothing to await");
        }
        if (stage instanceof CompletableFuture) {
            CompletableFuture<?> cf = (CompletableFuture<?>) stage;
            if (cf.isDone()) {
                try {
                    return cf.join();
                } catch (CompletionException | java.util.concurrent.CancellationException e) {
                    throw Sneaky.rethrow(unwrap(e));
                }
            }
        }
        Future<?> f = A.wrapStage(self.task, stage);
        A.park(self.task, self, f);
        return SUSPEND;
    }

    /**
     * The value the frame was resumed with; throws the exception it was resumed with (for example
     * {@code CancelledError} at a cancelled task's suspension point).
     *
     * @param self the resumed frame
     * @return the value
     */
    public static Object resume(AsyncFrame<?> self) {
        return A.takeResume(self.task);
    }

    /**
     * The error for a frame whose label matches no suspension point: a corrupted or foreign frame.
     *
     * @param frame the frame
     * @return the error to throw
     */
    public static IllegalStateException badLabel(AsyncFrame<?> frame) {
        return new IllegalStateException("invalid resume point " + frame.label + " in " + frame.methodName());
    }

    /**
     * Runs the static initialiser of {@code c} where the source says {@code new C(...)}: the weaver
     * moves the allocation after the constructor's arguments when one of them awaits.
     *
     * @param c the class being instantiated
     */
    public static void ensureInitialized(Class<?> c) {
        INIT.get(c);
    }

    private static final ClassValue<Boolean> INIT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(type.getName());
            }
            return Boolean.TRUE;
        }
    };

    /**
     * The original failure behind the wrappers that {@link CompletableFuture} and executors add.
     *
     * @param t a failure
     * @return its cause, unwrapped
     */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof java.util.concurrent.CancellationException) {
            dev.weft.CancelledError c = new dev.weft.CancelledError(t.getMessage());
            c.initCause(t);
            return c;
        }
        return t;
    }
}
