package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.LoopBinding;

import java.util.ArrayDeque;

/**
 * A counting semaphore for tasks: Python's {@code asyncio.Semaphore}.
 *
 * <p>The semaphore holds a counter, {@code 1} unless given. {@link #acquire()} decrements it, or, when
 * it is zero, suspends the task until a {@link #release()} increments it. {@code release()} never
 * suspends and may raise the counter above its initial value (see {@link BoundedSemaphore} for a
 * semaphore that refuses that).
 *
 * <p><b>Fairness.</b> Waiters acquire in the order they called {@code acquire()} (FIFO); a task calling
 * {@code acquire()} while others wait queues behind them, even if the counter is positive at that
 * moment.
 *
 * <p><b>Cancellation.</b> A waiting task that is cancelled leaves the queue without decrementing the
 * counter and throws {@link CancelledError}. If it is cancelled after {@code release()} woke it, the
 * unit reserved for it is given back and passed to the next waiter: no wake-up is lost.
 *
 * <p>It may be constructed outside a running loop and binds to the loop that first makes a task wait
 * on it. Not thread-safe: use it from its loop's thread.
 *
 * <pre>{@code
 * Semaphore connections = new Semaphore(10);   // at most 10 downloads at a time
 *
 * Await.on(connections.acquire());
 * try {
 *     Await.on(download(url));
 * } finally {
 *     connections.release();
 * }
 * }</pre>
 */
public class Semaphore {

    private final LoopBinding binding = new LoopBinding();
    /** Releases this primitive: what {@link #hold()} gives, made once. */
    private final Held held = this::release;
    /** Created on first contention. */
    private ArrayDeque<Future<Boolean>> waiters;
    /** The counter; {@link BoundedSemaphore} reads it. */
    int value;

    /** Creates a semaphore with the value {@code 1}. */
    public Semaphore() {
        this(1);
    }

    /**
     * Creates a semaphore with the given initial value.
     *
     * @param value the initial counter
     * @throws IllegalStateException {@code "Semaphore initial value must be >= 0"} if it is negative
     */
    public Semaphore(int value) {
        if (value < 0) {
            throw new IllegalStateException("Semaphore initial value must be >= 0");
        }
        this.value = value;
    }

    /**
     * @return whether {@link #acquire()} would suspend now: the counter is zero, or tasks (not
     *     cancelled) are waiting
     */
    public boolean isLocked() {
        if (value == 0) {
            return true;
        }
        if (waiters != null) {
            for (Future<Boolean> w : waiters) {
                if (!w.isCancelled()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Acquires the semaphore: decrements the counter at once if {@link #isLocked()} is false, otherwise
     * waits (FIFO) for a {@link #release()}. Cancelling the waiting task throws {@link CancelledError}
     * and leaves the counter as it was.
     *
     * @return a coroutine that completes with {@code true} once acquired
     */
    @Async
    public final Coroutine<Boolean> acquire() {
        if (!isLocked()) {
            value--;
            return Coroutine.of(true);
        }
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        Future<Boolean> fut = binding.get(this).createFuture();
        waiters.add(fut);

        // The finally block runs before the CancelledError handling: a cancelled waiter must not
        // wake itself up.
        try {
            try {
                Await.on(fut);
            } finally {
                waiters.remove(fut);
            }
        } catch (CancelledError e) {
            if (!fut.isCancelled()) {
                // Woken (a unit was reserved for us) but cancelled before running: pass it on.
                value++;
                wakeUpNext();
            }
            throw e;
        }
        if (value > 0) {
            wakeUpNext();
        }
        return Coroutine.of(true);
    }

    /**
     * Acquires a unit of the semaphore as {@code acquire()} does, and gives what releases it: Python's {@code async with}, written
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
     * Increments the counter and wakes the first waiting task, if any. Never suspends.
     */
    public void release() {
        value++;
        wakeUpNext();
    }

    /** Wakes the first waiter that is not done, reserving a unit for it. */
    private void wakeUpNext() {
        if (waiters == null) {
            return;
        }
        for (Future<Boolean> fut : waiters) {
            if (!fut.isDone()) {
                value--;
                fut.setResult(true);
                return;
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = LoopBinding.reprStart(this).append(" [")
                .append(isLocked() ? "locked" : "unlocked, value:" + value);
        if (waiters != null && !waiters.isEmpty()) {
            sb.append(", waiters:").append(waiters.size());
        }
        return sb.append("]>").toString();
    }
}
