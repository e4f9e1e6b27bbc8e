package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.LoopBinding;

import java.util.ArrayDeque;

/**
 * A mutual exclusion lock for tasks: Python's {@code asyncio.Lock}.
 *
 * <p>The lock is either locked or unlocked; it is created unlocked. {@link #acquire()} locks a free
 * lock at once (without suspending); on a locked lock it suspends the task until a {@link #release()}
 * hands the lock over. The lock is not owned by a task: any task may release it, and a task that
 * acquires it twice deadlocks (it is not reentrant).
 *
 * <p><b>Fairness.</b> Waiters acquire the lock in the order they called {@code acquire()} (FIFO):
 * {@code release()} wakes the first waiter, and a task calling {@code acquire()} while others are
 * queued waits behind them even if the lock happens to be free at that moment (unless every queued
 * waiter was cancelled).
 *
 * <p><b>Cancellation.</b> A waiting task that is cancelled leaves the queue and its {@code acquire()}
 * throws {@link CancelledError} without taking the lock. If it is cancelled after {@code release()}
 * woke it but before it ran, the wake-up is not lost: it passes to the next waiter.
 *
 * <p>Like every Weft primitive it may be constructed outside a running loop; it binds to the loop that
 * first makes a task wait on it, and waiting on it from another loop throws
 * {@link IllegalStateException}. It is not thread-safe: use it from its loop's thread.
 *
 * <pre>{@code
 * Lock lock = new Lock();
 *
 * @Async
 * Coroutine<Void> transfer(Account from, Account to, int amount) {
 *     Await.on(lock.acquire());
 *     try {
 *         from.withdraw(amount);
 *         Await.on(audit(from, to, amount));   // other tasks cannot enter meanwhile
 *         to.deposit(amount);
 *     } finally {
 *         lock.release();
 *     }
 *     return Coroutine.done();
 * }
 * }</pre>
 */
public class Lock {

    private final LoopBinding binding = new LoopBinding();
    /** Releases this primitive: what {@link #hold()} gives, made once. */
    private final Held held = this::release;
    /** Created on first contention: an uncontended lock allocates nothing but itself. */
    private ArrayDeque<Future<Boolean>> waiters;
    private boolean locked;

    /** Creates an unlocked lock. */
    public Lock() {
    }

    /** @return whether the lock is held */
    public boolean isLocked() {
        return locked;
    }

    /**
     * Acquires the lock: at once if it is free and nobody is queued, otherwise after the tasks queued
     * before this one (FIFO). Cancelling the waiting task removes it from the queue; the lock is then
     * not acquired and {@link CancelledError} is thrown.
     *
     * @return a coroutine that completes with {@code true} once the lock is held
     */
    @Async
    public final Coroutine<Boolean> acquire() {
        if (!locked && (waiters == null || allCancelled(waiters))) {
            locked = true;
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
            if (!locked) {
                wakeUpFirst();
            }
            throw e;
        }
        locked = true;
        return Coroutine.of(true);
    }

    /**
     * Acquires the lock as {@code acquire()} does, and gives what releases it: Python's {@code async with}, written
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
     * Releases the lock and lets the first queued task (if any) acquire it. Never suspends. Any task may
     * release the lock, not only the one that acquired it.
     *
     * @throws IllegalStateException {@code "Lock is not acquired."} if the lock is not held
     */
    public void release() {
        if (locked) {
            locked = false;
            wakeUpFirst();
        } else {
            throw new IllegalStateException("Lock is not acquired.");
        }
    }

    /** Wakes the first waiter, unless it is already done (then it will wake and retry on its own). */
    private void wakeUpFirst() {
        if (waiters == null) {
            return;
        }
        Future<Boolean> fut = waiters.peekFirst();
        // A done waiter necessarily wakes up later and either takes the lock or, if it was cancelled
        // and the lock is still free, comes back here to wake the next one.
        if (fut != null && !fut.isDone()) {
            fut.setResult(true);
        }
    }

    private static boolean allCancelled(ArrayDeque<? extends Future<?>> waiters) {
        for (Future<?> w : waiters) {
            if (!w.isCancelled()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = LoopBinding.reprStart(this).append(" [").append(locked ? "locked" : "unlocked");
        if (waiters != null && !waiters.isEmpty()) {
            sb.append(", waiters:").append(waiters.size());
        }
        return sb.append("]>").toString();
    }
}
