package dev.weft;

import dev.weft.internal.AsyncFrame;
import dev.weft.internal.Parking;
import dev.weft.internal.Rt;
import dev.weft.internal.loop.LoopBinding;

import java.util.ArrayDeque;

/**
 * A flag that tasks can wait for: Python's {@code asyncio.Event}.
 *
 * <p>The flag starts unset. {@link #set()} sets it and wakes every task waiting in {@link #await()}
 * (they resume in the order they started waiting); while it is set, {@code await()} returns at once
 * without suspending. {@link #clear()} unsets it again. A task woken by {@code set()} returns from
 * {@code await()} even if the flag was cleared again before it resumed.
 *
 * <p><b>Cancellation.</b> Cancelling a waiting task removes it from the waiters and throws
 * {@link CancelledError} from its {@code await()}; other waiters are not affected.
 *
 * <p>It may be constructed outside a running loop and binds to the loop that first makes a task wait
 * on it. Not thread-safe: use it from its loop's thread.
 *
 * <pre>{@code
 * Event ready = new Event();
 * Asyncio.createTask(worker(ready));   // worker: Await.on(ready.await()); ... runs after set()
 * Await.on(loadConfiguration());
 * ready.set();
 * }</pre>
 */
public class Event {

    private final LoopBinding binding = new LoopBinding();
    /**
     * The first waiting task, or {@code null}. Most events have at most one waiter at a time, and a field costs
     * less to fill and to empty than a queue.
     */
    private Task<?> first;
    /**
     * The tasks that started waiting after {@link #first}, in order; made when a second task waits. Empty
     * whenever {@code first} is null: {@link #removeWaiter} moves the oldest of them up when {@code first} leaves.
     */
    private ArrayDeque<Task<?>> more;
    private boolean value;

    /** Creates an event whose flag is unset. */
    public Event() {
    }

    /** @return whether the flag is set */
    public boolean isSet() {
        return value;
    }

    /**
     * Sets the flag and wakes every waiting task, in the order they started waiting. Tasks that call
     * {@link #await()} while the flag is set do not suspend. Setting a set flag does nothing.
     */
    public void set() {
        if (!value) {
            value = true;
            Task<?> t = first;
            if (t != null) {
                first = null;
                t.wakeFromEvent();
                if (more != null) {
                    while ((t = more.poll()) != null) {
                        t.wakeFromEvent();
                    }
                }
            }
        }
    }

    /** Unsets the flag: later calls of {@link #await()} suspend until {@link #set()} is called again. */
    public void clear() {
        value = false;
    }

    /**
     * Waits until the flag is set: returns at once if it is set, otherwise suspends until
     * {@link #set()}. Cancelling the waiting task throws {@link CancelledError} and removes it from the
     * waiters.
     *
     * <p>A waiting task waits on the event itself: no future, and no frame (see {@link Parking}).
     *
     * @return a coroutine that completes with {@code true}
     */
    public final Coroutine<Boolean> await() {
        return new Wait(this);
    }

    /** Parks {@code frame}'s task on this event, unless the flag is set. */
    private Object park(AsyncFrame<?> frame) {
        if (value) {
            return Boolean.TRUE;
        }
        Task<?> task = frame.task;
        binding.get(this, task.loop); // the event belongs to the task's loop
        if (first == null) {   // then more is empty too
            first = task;
        } else {
            if (more == null) {
                more = new ArrayDeque<>();
            }
            more.add(task);   // after first and after every task already in more
        }
        task.parkOnEvent(frame, this);
        return Rt.SUSPEND;
    }

    /** A cancelled waiter leaves the queue. */
    void removeWaiter(Task<?> task) {
        if (first == task) {
            first = more != null ? more.poll() : null;   // the next oldest moves up
        } else if (more != null) {
            more.remove(task);
        }
    }

    /** @return whether a task waits (one woken by {@link #set} no longer does) */
    boolean hasWaiters() {
        return first != null;
    }

    private int waiterCount() {
        return (first != null ? 1 : 0) + (more != null ? more.size() : 0);
    }

    /** One {@link #await()}. */
    private static final class Wait extends Parking<Boolean> {
        private final Event event;

        Wait(Event event) {
            this.event = event;
        }

        @Override
        protected Object park(AsyncFrame<?> frame) {
            return event.park(frame);
        }

        @Override
        public String methodName() {
            return "dev.weft.Event.await";
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = LoopBinding.reprStart(this).append(" [").append(value ? "set" : "unset");
        int waiting = waiterCount();
        if (waiting > 0) {
            sb.append(", waiters:").append(waiting);
        }
        return sb.append("]>").toString();
    }
}
