package dev.weft.internal.jfr;

import dev.weft.Task;
import dev.weft.internal.Access;

import java.nio.channels.SelectionKey;
import java.util.Map;
import java.util.WeakHashMap;

import static dev.weft.internal.jfr.LoopEvents.Probes.IO_READY;
import static dev.weft.internal.jfr.LoopEvents.Probes.LOOP_BLOCKED;
import static dev.weft.internal.jfr.LoopEvents.Probes.SLOW_CALLBACK;
import static dev.weft.internal.jfr.LoopEvents.Probes.TASK_END;
import static dev.weft.internal.jfr.LoopEvents.Probes.TASK_START;

/**
 * One loop's JFR events, while a recording wants them: the loop makes it on the first pass {@link LoopEvents#on()}
 * says so, calls it around each callback and after each pass of that kind, and drops it when the recording is over.
 * The loop times callbacks and passes itself, one clock read per callback; a slow callback's or a blocked pass's event
 * is made only when one is over the threshold. One thread: the loop's; one callback at a time, so the task event in
 * flight is a field.
 *
 * <p>A task's life needs a start time and a count of its steps, which {@code Task} does not keep (a million tasks
 * would pay for them): a task that suspends while {@code dev.weft.TaskEnd} is on gets its event here, in a weak map,
 * begun at its first step seen; a task that ends in the step it starts in needs no entry.
 */
public final class LoopRecorder {
    private static final Access ACCESS = Access.get();

    /** The unfinished tasks seen stepping while TaskEnd was on, each with its end event, begun. */
    private final Map<Task<?>, TaskEndEvent> lives = new WeakHashMap<>();
    private TaskEndEvent life;
    private boolean steps;

    /**
     * Loop thread: a pass ran its callbacks.
     *
     * @param callbacks how many
     * @param tookNanos how long they took together, on the loop's clock
     */
    public void passEnd(int callbacks, long tookNanos) {
        if (tookNanos >= LoopEvents.SLOW_NANOS && LOOP_BLOCKED.isEnabled()) {
            LoopBlockedEvent e = new LoopBlockedEvent();
            if (e.shouldCommit()) {
                e.callbacks = callbacks;
                e.took = tookNanos;
                e.loop = Thread.currentThread().getName();
                e.commit();
            }
        }
    }

    /**
     * Loop thread: {@code callback} is about to run.
     *
     * @param callback a task to step or wake, a handle's callback, or a runtime callback
     */
    public void before(Object callback) {
        if (!(callback instanceof Task) || !(TASK_START.isEnabled() || TASK_END.isEnabled())) {
            return;
        }
        Task<?> t = (Task<?>) callback;
        steps = !t.isDone() && !ACCESS.timerFiredOnly(t);
        if (!steps) {
            return;
        }
        // A task that has never suspended is not in its loop's table yet: this is its first step.
        boolean first = ACCESS.suspendedIndex(t) < 0;
        if (first && TASK_START.isEnabled()) {
            TaskStartEvent e = new TaskStartEvent();
            if (e.shouldCommit()) {
                e.task = t.getName();
                e.coroutine = String.valueOf(t.getCoro());
                e.loop = Thread.currentThread().getName();
                e.commit();
            }
        }
        TaskEndEvent e = first ? null : lives.get(t);
        if (e == null && TASK_END.isEnabled()) {
            e = new TaskEndEvent();
            e.startRecorded = first;
            e.begin();
        }
        life = e;
    }

    /**
     * Loop thread: {@code callback}, the one {@link #before} saw, has run.
     *
     * @param callback the callback
     * @param handle its handle, or {@code null}
     * @param tookNanos how long it ran, on the loop's clock
     */
    public void after(Object callback, Object handle, long tookNanos) {
        if (tookNanos >= LoopEvents.SLOW_NANOS && SLOW_CALLBACK.isEnabled()) {
            SlowCallbackEvent s = new SlowCallbackEvent();
            if (s.shouldCommit()) {
                s.callback = LoopEvents.describe(callback, handle);
                s.task = callback instanceof Task ? ((Task<?>) callback).getName() : null;
                s.took = tookNanos;
                s.loop = Thread.currentThread().getName();
                s.commit();
            }
        }
        TaskEndEvent e = life;
        if (e == null) {
            return;
        }
        life = null;
        Task<?> t = (Task<?>) callback;
        if (!t.isDone()) {
            if (steps) {
                e.suspensions++;   // the step ended, the task did not: it suspended
                lives.put(t, e);
            }
            return;
        }
        lives.remove(t);
        e.end();
        if (e.shouldCommit()) {
            e.task = t.getName();
            e.coroutine = String.valueOf(t.getCoro());
            e.loop = Thread.currentThread().getName();
            Throwable failure = ACCESS.failureOf(t);
            if (t.isCancelled()) {
                e.outcome = "cancelled";
            } else if (failure != null) {
                e.outcome = "failed";
                e.exception = failure.getClass().getName();
            } else {
                e.outcome = "finished";
            }
            e.commit();
        }
    }

    /**
     * Loop thread: the selector found {@code key}'s channel ready.
     *
     * @param key the channel's key
     * @param readable whether its reader runs in this pass
     * @param writable whether its writer runs in this pass
     */
    public void ioReady(SelectionKey key, boolean readable, boolean writable) {
        if (IO_READY.isEnabled() && (readable || writable)) {
            IoReadyEvent e = new IoReadyEvent();
            if (e.shouldCommit()) {
                e.channel = String.valueOf(key.channel());
                e.readable = readable;
                e.writable = writable;
                e.loop = Thread.currentThread().getName();
                e.commit();
            }
        }
    }
}
