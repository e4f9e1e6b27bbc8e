package dev.weft.internal.context;

import dev.weft.Context;

/**
 * Where a thread keeps the {@link Context} that the code it runs sees: Python's per-thread current context. Each
 * thread has one, found through a {@link ThreadLocal}; while a loop runs, its thread's is the loop's
 * {@code Driver}, which a task already reaches, so that a task step switches contexts without a thread-local
 * lookup. One thread: its own (the loop's while it runs).
 */
public class CurrentContext {
    private static final ThreadLocal<CurrentContext> OF_THREAD = new ThreadLocal<>() {
        @Override
        protected CurrentContext initialValue() {
            return new CurrentContext();
        }
    };

    /**
     * Whether any thread has ever had a current context. Until one has, there is no context to copy into a new task
     * or callback and none to switch out of after a step, and those hot paths test only this flag: the cost of
     * context variables to a program that never sets one. Written {@code true}, once, by the thread whose slot
     * first gets a context, before it does ({@code ContextVar.set}, a context's enter); plain, not volatile, on
     * purpose: a thread only asks about contexts in its own slot, and a thread that finds one there has seen its
     * own write.
     */
    public static boolean used;

    /**
     * The slot of the loop that started running last, so that the code a loop runs (its tasks are most of a
     * program's reads) finds its slot with two loads instead of a thread-local lookup. Other threads check it and
     * go on to the thread-local. Plain: a thread sees itself in {@link #runner} only by its own write.
     */
    private static CurrentContext lastLoop;

    /** For a loop's slot: the thread running the loop, else {@code null}. */
    private Thread runner;

    /**
     * The current context, or {@code null} for an empty one that no one has set a variable in yet: so that code
     * which never sets one never makes one, and a task started from it records nothing. Set by the
     * switches ({@code Context}'s enter and leave, a task's step) and by the first {@code ContextVar.set} in an
     * empty context; read by {@code ContextVar.get}.
     */
    public Context current;

    /** For a thread, or a loop's driver. */
    protected CurrentContext() {
    }

    /** @return the calling thread's current-context slot: the running loop's driver on a loop's thread */
    public static CurrentContext ofThread() {
        CurrentContext s = lastLoop;
        if (s != null && s.runner == Thread.currentThread()) {
            return s;
        }
        return OF_THREAD.get();
    }

    /**
     * Makes {@code slot} the calling thread's current-context slot: a loop installs its driver's as it starts
     * running and puts the thread's own back when it stops.
     *
     * @param slot the new slot
     * @return the one it replaces
     */
    public static CurrentContext install(CurrentContext slot) {
        CurrentContext old = OF_THREAD.get();
        OF_THREAD.set(slot);
        return old;
    }

    /**
     * A loop starts running its driver's slot on the calling thread: {@link #install} it, and make it the one
     * {@link #ofThread} finds first.
     *
     * @param loopSlot the loop's driver
     * @return the thread's own slot, for {@link #stopLoop}
     */
    public static CurrentContext startLoop(CurrentContext loopSlot) {
        CurrentContext own = install(loopSlot);
        loopSlot.runner = Thread.currentThread();
        lastLoop = loopSlot;
        return own;
    }

    /**
     * The loop stopped running on the calling thread: its slot is no longer the thread's.
     *
     * @param loopSlot the loop's driver
     * @param own what {@link #startLoop} returned
     */
    public static void stopLoop(CurrentContext loopSlot, CurrentContext own) {
        loopSlot.runner = null;
        if (lastLoop == loopSlot) {
            lastLoop = null;   // keeps no closed loop alive
        }
        install(own);
    }
}
