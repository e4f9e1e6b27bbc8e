package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.LoopBinding;

/**
 * A barrier for a fixed number of tasks: Python's {@code asyncio.Barrier}.
 *
 * <p>Tasks call {@link #await()}; each one waits until {@link #parties()} tasks are waiting, and then
 * all of them are released together, each with a distinct index from {@code 0} to
 * {@code parties() - 1} (the order in which they arrived). The barrier can then be used again: tasks
 * that arrive while the released ones are still leaving (the barrier is <i>draining</i>) wait until
 * every released task has left, then fill the barrier for the next round.
 *
 * <p>{@link #reset()} returns the barrier to its empty state: tasks waiting on it throw
 * {@link BrokenBarrierError}, and it is usable again once they have left. {@link #abort()} breaks the
 * barrier for good: waiting tasks and every later {@code await()} throw {@code BrokenBarrierError}.
 *
 * <p><b>Cancellation.</b> A waiting task that is cancelled leaves the barrier (the count of waiting
 * tasks goes down) and throws {@link CancelledError}; the barrier is not broken.
 *
 * <p>The barrier is built on a {@link Condition}, whose FIFO order it inherits. It may be constructed
 * outside a running loop and binds to the loop that first makes a task wait on it. Not thread-safe:
 * use it from its loop's thread.
 *
 * <pre>{@code
 * Barrier start = new Barrier(3);
 * // in each of three tasks:
 * prepare();
 * int index = Await.on(start.await());   // the three tasks resume together
 * if (index == 0) {
 *     log("all three are ready");
 * }
 * }</pre>
 */
public class Barrier {

    /** Python's {@code _BarrierState}. */
    private enum State {
        FILLING("filling"), DRAINING("draining"), RESETTING("resetting"), BROKEN("broken");

        final String value;

        State(String value) {
            this.value = value;
        }
    }

    /** Notifies every waiting task when the state changes. */
    private final Condition cond = new Condition();
    private final int parties;
    private State state = State.FILLING;
    /** The tasks inside {@link #await()}: filling, or not yet left after the barrier released them. */
    private int count;

    /**
     * Creates a barrier for {@code parties} tasks.
     *
     * @param parties how many tasks must wait for the barrier to release them
     * @throws IllegalStateException {@code "parties must be > 0"} if it is less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalStateException("parties must be > 0");
        }
        this.parties = parties;
    }

    /**
     * Waits until {@link #parties()} tasks are waiting; then they all resume. If the barrier is
     * draining or resetting, first waits until it is filling again. Cancelled while it waits, the task leaves the
     * barrier, which is not broken, and throws {@link CancelledError}.
     *
     * @return a coroutine that completes with this task's index, from {@code 0} (first to arrive) to
     *     {@code parties() - 1} (the one that released the barrier)
     * @throws BrokenBarrierError {@code "Barrier aborted"} if the barrier is broken, or
     *     {@code "Abort or reset of barrier"} if it is reset or aborted while this task waits
     */
    @Async
    public final Coroutine<Integer> await() {
        Await.on(cond.acquire());
        try {
            Await.on(block()); // Block while the barrier drains or resets.
            try {
                int index = count;
                count++;
                if (index + 1 == parties) {
                    // We release the barrier.
                    releaseAll();
                } else {
                    Await.on(waitReleased());
                }
                return Coroutine.of(index);
            } finally {
                count--;
                // Wake up any tasks waiting for the barrier to drain.
                exit();
            }
        } finally {
            cond.release();
        }
    }

    /** Waits until the barrier is neither draining nor resetting; throws if it is broken. */
    @Async
    private Coroutine<Void> block() {
        Await.on(cond.awaitUntil(() -> state != State.DRAINING && state != State.RESETTING));
        if (state == State.BROKEN) {
            throw new BrokenBarrierError("Barrier aborted");
        }
        return Coroutine.done();
    }

    /** Python's {@code _release}: the last task to arrive starts draining and wakes the others. */
    private void releaseAll() {
        state = State.DRAINING;
        cond.signalAll();
    }

    /** Waits until the barrier stops filling; throws if it was reset or broken meanwhile. */
    @Async
    private Coroutine<Void> waitReleased() {
        Await.on(cond.awaitUntil(() -> state != State.FILLING));
        if (state == State.BROKEN || state == State.RESETTING) {
            throw new BrokenBarrierError("Abort or reset of barrier");
        }
        return Coroutine.done();
    }

    /** The last task to leave ends draining (or resetting) and wakes the tasks waiting for that. */
    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            cond.signalAll();
        }
    }

    /**
     * Resets the barrier to its empty, filling state. Tasks waiting on it throw
     * {@link BrokenBarrierError}; tasks arriving meanwhile wait until they have left. Resetting a
     * broken barrier with no task inside repairs it.
     *
     * @return a coroutine that completes once the reset is done (it may wait for the internal lock; cancelled while
     *     it waits, it changes nothing)
     */
    @Async
    public final Coroutine<Void> reset() {
        Await.on(cond.acquire());
        try {
            if (count > 0) {
                if (state != State.RESETTING) {
                    // Reset the barrier, waking up tasks.
                    state = State.RESETTING;
                }
            } else {
                state = State.FILLING;
            }
            cond.signalAll();
        } finally {
            cond.release();
        }
        return Coroutine.done();
    }

    /**
     * Breaks the barrier: tasks waiting on it, and every later {@link #await()}, throw
     * {@link BrokenBarrierError}. Useful when a party fails and the others must not wait for it.
     *
     * @return a coroutine that completes once the barrier is broken (it may wait for the internal lock; cancelled
     *     while it waits, it changes nothing)
     */
    @Async
    public final Coroutine<Void> abort() {
        Await.on(cond.acquire());
        try {
            state = State.BROKEN;
            cond.signalAll();
        } finally {
            cond.release();
        }
        return Coroutine.done();
    }

    /** @return the number of tasks needed to release the barrier */
    public int parties() {
        return parties;
    }

    /** @return the number of tasks waiting for the barrier to fill (0 while draining, resetting or broken) */
    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    /** @return whether the barrier is broken ({@link #abort()}) */
    public boolean isBroken() {
        return state == State.BROKEN;
    }

    @Override
    public String toString() {
        StringBuilder sb = LoopBinding.reprStart(this).append(" [").append(state.value);
        if (!isBroken()) {
            sb.append(", waiters:").append(nWaiting()).append('/').append(parties);
        }
        return sb.append("]>").toString();
    }
}
