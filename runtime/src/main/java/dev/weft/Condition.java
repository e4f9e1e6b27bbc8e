package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.LoopBinding;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * A condition variable for tasks: Python's {@code asyncio.Condition}. Python's {@code wait},
 * {@code wait_for}, {@code notify} and {@code notify_all} are {@link #await()},
 * {@link #awaitUntil(BooleanSupplier)}, {@link #signal(int)} and {@link #signalAll()} here.
 *
 * <p>A condition pairs a {@link Lock} (its own, or one passed to the constructor and possibly shared
 * with other conditions) with a queue of waiting tasks. A task holding the lock calls {@code await()},
 * which releases the lock, suspends until another task signals, then reacquires the lock before
 * returning. {@code signal} and {@code signalAll} must also be called with the lock held; they do not
 * release it, so the woken tasks proceed once the signalling task releases it.
 *
 * <p><b>Fairness.</b> {@code signal(n)} wakes the {@code n} tasks that have waited longest (FIFO);
 * woken tasks then reacquire the lock in the lock's FIFO order.
 *
 * <p><b>Cancellation.</b> A waiting task that is cancelled leaves the queue of waiters. In every case,
 * cancelled or not, {@code await()} reacquires the lock before it returns or throws, so a
 * {@code finally { cond.release(); }} is always correct; if the task is cancelled while reacquiring,
 * it keeps waiting for the lock and throws {@link CancelledError} once it holds it.
 *
 * <p>It may be constructed outside a running loop and binds to the loop that first makes a task wait
 * on it. Not thread-safe: use it from its loop's thread.
 *
 * <pre>{@code
 * Condition cond = new Condition();
 * ArrayDeque<String> jobs = new ArrayDeque<>();
 *
 * // a consumer task
 * Await.on(cond.acquire());
 * try {
 *     Await.on(cond.awaitUntil(() -> !jobs.isEmpty()));   // releases the lock while it waits
 *     process(jobs.poll());
 * } finally {
 *     cond.release();
 * }
 *
 * // a producer task
 * Await.on(cond.acquire());
 * try {
 *     jobs.add("job");
 *     cond.signal();
 * } finally {
 *     cond.release();
 * }
 * }</pre>
 */
public class Condition {

    private final LoopBinding binding = new LoopBinding();
    /** Releases this primitive: what {@link #hold()} gives, made once. */
    private final Held held = this::release;
    private final Lock lock;
    private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

    /** Creates a condition with a new lock of its own. */
    public Condition() {
        this(null);
    }

    /**
     * Creates a condition over {@code lock}, which other conditions may share.
     *
     * @param lock the lock, or {@code null} for a new one
     */
    public Condition(Lock lock) {
        this.lock = lock != null ? lock : new Lock();
    }

    /** @return whether the underlying lock is held */
    public boolean isLocked() {
        return lock.isLocked();
    }

    /**
     * Acquires the underlying lock: {@link Lock#acquire()}.
     *
     * @return a coroutine that completes with {@code true} once the lock is held
     */
    public Coroutine<Boolean> acquire() {
        return lock.acquire();
    }

    /**
     * Acquires the condition's lock as {@code acquire()} does, and gives what releases it: Python's {@code async with}, written
     * {@code try (Held held = Await.on(x.hold())) { ... }}. A task cancelled while it waits here acquires nothing
     * and so releases nothing. Allocates nothing.
     *
     * @return a coroutine that completes, once acquired, with the {@link Held} whose {@code close()} releases
     */
    @Async
    public final Coroutine<Held> hold() {
        Await.on(acquire());
        return Coroutine.of(held);
    }

    /**
     * Releases the underlying lock: {@link Lock#release()}.
     *
     * @throws IllegalStateException {@code "Lock is not acquired."} if it is not held
     */
    public void release() {
        lock.release();
    }

    /**
     * Waits until signalled: releases the lock, suspends until {@link #signal} or {@link #signalAll}
     * wakes this task, then reacquires the lock and returns. The lock is held again when this returns
     * or throws, also on cancellation (the task then throws {@link CancelledError} after reacquiring).
     *
     * @return a coroutine that completes with {@code true}
     * @throws IllegalStateException {@code "cannot wait on un-acquired lock"} if the lock is not held
     */
    @Async
    public final Coroutine<Boolean> await() {
        if (!isLocked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        try {
            release();
            try {
                Future<Boolean> fut = binding.get(this).createFuture();
                waiters.add(fut);
                try {
                    Await.on(fut);
                    return Coroutine.of(true);
                } finally {
                    waiters.remove(fut);
                }
            } finally {
                // Must reacquire the lock even if the wait is cancelled.
                boolean cancelled = false;
                while (true) {
                    try {
                        Await.on(acquire());
                        break;
                    } catch (CancelledError e) {
                        cancelled = true;
                    }
                }
                if (cancelled) {
                    // CPython 3.11 raises a new CancelledError here (`raise exceptions.CancelledError`): the
                    // message of the cancellation that came while reacquiring is not kept.
                    throw new CancelledError();
                }
            }
        } catch (Throwable t) {
            // Whatever ends the wait may have come after this task was signalled: pass the signal on,
            // so that a cancelled waiter never swallows a wake-up (CPython 3.13, gh-112202). At worst
            // another waiter wakes spuriously, which the condition-variable protocol allows.
            wake(1);
            throw t;
        }
    }

    /**
     * Waits until {@code predicate} is true: checks it (with the lock held) and {@link #await()}s until
     * it holds. The predicate runs with the lock held.
     *
     * @param predicate the condition to wait for
     * @return a coroutine that completes with the predicate's last value ({@code true})
     * @throws IllegalStateException {@code "cannot wait on un-acquired lock"} if the predicate is false
     *     and the lock is not held
     */
    @Async
    public final Coroutine<Boolean> awaitUntil(BooleanSupplier predicate) {
        boolean result = predicate.getAsBoolean();
        while (!result) {
            Await.on(await());
            result = predicate.getAsBoolean();
        }
        return Coroutine.of(result);
    }

    /**
     * Wakes the task that has waited longest, if any: {@code signal(1)}.
     *
     * @throws IllegalStateException {@code "cannot notify on un-acquired lock"} if the lock is not held
     */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes at most {@code n} waiting tasks, those that have waited longest (FIFO). Does nothing if no
     * task waits. The woken tasks return from {@link #await()} once they reacquire the lock, which this
     * call does not release.
     *
     * @param n how many tasks to wake
     * @throws IllegalStateException {@code "cannot notify on un-acquired lock"} if the lock is not held
     */
    public void signal(int n) {
        if (!isLocked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        wake(n);
    }

    private void wake(int n) {
        int idx = 0;
        for (Future<Boolean> fut : waiters) {
            if (idx >= n) {
                break;
            }
            if (!fut.isDone()) {
                idx++;
                fut.setResult(false);
            }
        }
    }

    /**
     * Wakes every waiting task.
     *
     * @throws IllegalStateException {@code "cannot notify on un-acquired lock"} if the lock is not held
     */
    public void signalAll() {
        signal(waiters.size());
    }

    @Override
    public String toString() {
        StringBuilder sb = LoopBinding.reprStart(this).append(" [").append(isLocked() ? "locked" : "unlocked");
        if (!waiters.isEmpty()) {
            sb.append(", waiters:").append(waiters.size());
        }
        return sb.append("]>").toString();
    }
}
