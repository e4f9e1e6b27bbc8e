package dev.weft.test;

import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.internal.VirtualClock;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.tasks.Runners;

/**
 * An event loop on virtual time that a test steps from outside, as kotlinx-coroutines-test's
 * {@code TestCoroutineScheduler}: nothing runs until the test calls {@link #runCurrent()},
 * {@link #advanceTimeBy(double)} or {@link #advanceUntilIdle()}, and time moves only through them.
 *
 * <pre>{@code
 * @Test
 * void aTimeoutFiresExactlyOnTime() {
 *     try (TestLoop t = new TestLoop()) {
 *         Task<String> task = t.createTask(Asyncio.waitFor(slow(), 5));
 *         t.advanceTimeBy(5);           // runs everything due before 5 s; the timeout is due at 5 s
 *         assertFalse(task.isDone());
 *         t.runCurrent();               // runs what is due at 5 s: the timeout fires
 *         assertTrue(task.isDone());
 *     }
 * }
 * }</pre>
 *
 * <p>Each stepping call runs the loop's passes in the calling thread, exactly as a running loop runs them (in
 * CPython's order: the callbacks ready when a pass begins, then those of ready channels, then the timers that fell
 * due), and returns when its condition is met; while it runs, the loop is the thread's running loop, so
 * {@code Asyncio.getRunningLoop()}, {@code currentTask()} and context variables work in the tasks as usual. A
 * pass never waits for I/O: a channel not ready yet is polled again by the next call. Work that other threads
 * hand in later ({@code callSoonThreadsafe}, {@code toThread}) is not waited for.
 *
 * <p>Threads: one thread at a time, and never from inside the loop: each stepping call made from a task or callback
 * (of this loop or any other running loop) throws {@link IllegalStateException}, since a loop cannot be stepped
 * from within one of its own passes; inside, await {@code Asyncio.sleep} to let time pass.
 *
 * <p>Times are {@code double} seconds, as {@code EventLoop.time()}; the clock counts whole nanoseconds from 0.
 */
public final class TestLoop implements AutoCloseable {
    private final BaseEventLoop loop;

    /** A new loop on virtual time 0, in debug mode (tasks remember where they were made). */
    public TestLoop() {
        this(true);
    }

    /** @param debug whether the loop runs in debug mode */
    public TestLoop(boolean debug) {
        loop = new BaseEventLoop(new VirtualClock());
        loop.setDebug(debug);
    }

    BaseEventLoop base() {
        return loop;
    }

    /** @return the loop, for what this class does not wrap ({@code callLater}, {@code createFuture}, ...) */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Wraps {@code awaitable} in a task of this loop. Like {@code Asyncio.createTask}, it runs none of it: its
     * first step runs on the next stepping call.
     *
     * @param awaitable a coroutine or future
     * @param <T> the result type
     * @return the task
     */
    public <T> Task<T> createTask(Awaitable<T> awaitable) {
        return loop.createTask(awaitable);
    }

    /** @return the loop's time in seconds: {@code loop().time()}, 0 at first */
    public double currentTime() {
        return loop.time();
    }

    /**
     * Runs what is due now, without moving time: the callbacks and tasks ready, the timers due at the current
     * time, and whatever they make ready or due at this same time, until nothing is (kotlinx's
     * {@code runCurrent}). A task that yields forever ({@code sleep(0)} in a loop) makes it run forever.
     *
     * @throws IllegalStateException when called from a task or callback, or the loop is closed
     */
    public void runCurrent() {
        check("runCurrent");
        loop.runWithoutWaiting(loop::hasCurrentWork);
    }

    /**
     * Moves time forward by {@code seconds}, running in order everything due strictly before the new time, each
     * timer at its own time, then sets the clock to the new time: what is due at exactly the new time has not run
     * yet ({@link #runCurrent()} runs it). This is kotlinx's {@code advanceTimeBy} since 1.6.
     *
     * @param seconds how far, finite and at least 0
     * @throws IllegalArgumentException when {@code seconds} is negative, NaN or infinite
     * @throws IllegalStateException when called from a task or callback, or the loop is closed
     */
    public void advanceTimeBy(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("Can not advance time by " + seconds
                    + " seconds: it must be finite and not negative (advanceUntilIdle runs everything)");
        }
        check("advanceTimeBy");
        long target = loop.clockNanos() + Math.round(seconds * 1e9);
        loop.runWithoutWaiting(() -> {
            if (loop.hasCurrentWork()) {
                return true;
            }
            long next = toNanos(loop.nextTimerWhen());
            if (next < target) {
                loop.advanceClockToNanos(next);
                return true;
            }
            return false;
        });
        loop.advanceClockToNanos(target);
    }

    /**
     * Runs everything scheduled, moving time to each next timer, until nothing is ready and no timer is left
     * (kotlinx's {@code advanceUntilIdle}). Time stays at the last timer that ran. A task that sleeps in an endless
     * loop makes it run forever.
     *
     * @throws IllegalStateException when called from a task or callback, or the loop is closed
     */
    public void advanceUntilIdle() {
        check("advanceUntilIdle");
        loop.runWithoutWaiting(() -> {
            if (loop.hasCurrentWork()) {
                return true;
            }
            double next = loop.nextTimerWhen();
            if (next == Double.POSITIVE_INFINITY) {
                return false;
            }
            loop.advanceClockToNanos(toNanos(next));
            return true;
        });
    }

    /**
     * Ends the loop as {@code Asyncio.run} ends its own: cancels the tasks still pending and runs them to their end
     * (on virtual time), closes the async generators, shuts the default executor down and closes the loop.
     * Idempotent.
     *
     * @throws IllegalStateException when called from a task or callback
     */
    @Override
    public void close() {
        close(() -> { });
    }

    void close(Runnable beforeClose) {
        if (loop.isClosed()) {
            return;
        }
        check("close");
        try {
            Runners.cancelAllTasks(loop);
            loop.runUntilComplete(loop.shutdownAsyncgens());
            loop.shutdownDefaultExecutor();
            beforeClose.run();
        } finally {
            loop.close();
        }
    }

    private void check(String what) {
        BaseEventLoop running = BaseEventLoop.runningOrNull();
        if (running != null) {
            throw new IllegalStateException("TestLoop." + what + "() was called from a task or callback of a running"
                    + " loop" + (running == loop ? " (this one)" : "") + ": a TestLoop is stepped from outside, by the"
                    + " test; inside, await Asyncio.sleep(...) to let time pass");
        }
        if (loop.isClosed()) {
            throw new IllegalStateException("TestLoop." + what + "(): the loop is closed");
        }
    }

    /** A timer's due time in the clock's nanoseconds: rounded to the nearest, which a pass counts as due. */
    private static long toNanos(double when) {
        return when >= Long.MAX_VALUE / 1e9 ? Long.MAX_VALUE : Math.round(when * 1e9);
    }

    @Override
    public String toString() {
        return "<TestLoop time=" + currentTime() + (loop.isClosed() ? " closed" : "") + ">";
    }
}
