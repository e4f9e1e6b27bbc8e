package dev.weft;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * A single-threaded event loop: Python's {@code asyncio.AbstractEventLoop}.
 *
 * <p>All callbacks, tasks and coroutines of a loop run on the one thread that runs the loop, one at a
 * time, in a fixed order: callbacks in the order they were scheduled with {@link #callSoon}; timers
 * in deadline order, and timers with the same deadline in the order they were scheduled; a
 * {@link #runForever()} pass runs exactly the callbacks that were ready when the pass began. Only
 * {@link #callSoonThreadsafe} may be called from other threads.
 */
public interface EventLoop extends AutoCloseable {

    /**
     * Schedules {@code callback} to run on the next pass of the loop, after the callbacks already
     * scheduled (FIFO).
     *
     * @param callback the callback
     * @return a handle that can cancel it
     */
    Handle callSoon(Runnable callback);

    /**
     * Like {@link #callSoon}, but safe to call from any thread; wakes the loop if it is waiting.
     *
     * @param callback the callback
     * @return a handle that can cancel it
     */
    Handle callSoonThreadsafe(Runnable callback);

    /**
     * Schedules {@code callback} to run {@code delay} seconds from now.
     *
     * @param delay seconds, may be 0 or negative (runs on the next pass that handles timers)
     * @param callback the callback
     * @return a handle that can cancel it
     */
    TimerHandle callLater(double delay, Runnable callback);

    /**
     * Schedules {@code callback} to run at loop time {@code when} (see {@link #time()}).
     *
     * @param when the deadline in loop time
     * @param callback the callback
     * @return a handle that can cancel it
     */
    TimerHandle callAt(double when, Runnable callback);

    /** @return the loop's monotonic clock, in seconds */
    double time();

    /**
     * @param <T> the result type
     * @return a new pending future bound to this loop
     */
    <T> Future<T> createFuture();

    /**
     * Wraps {@code awaitable} in a task that starts on a later pass of the loop.
     *
     * @param awaitable a coroutine (or a future, which the task then awaits)
     * @param <T> the result type
     * @return the task
     */
    <T> Task<T> createTask(Awaitable<T> awaitable);

    /**
     * Wraps {@code awaitable} in a named task that starts on a later pass of the loop.
     *
     * @param awaitable a coroutine (or a future, which the task then awaits)
     * @param name the task's name
     * @param <T> the result type
     * @return the task
     */
    <T> Task<T> createTask(Awaitable<T> awaitable, String name);

    /**
     * Runs the loop until {@code awaitable} (wrapped in a task if it is a coroutine) is done, and
     * returns its result or throws its exception.
     *
     * @param awaitable what to run
     * @param <T> the result type
     * @return the result
     */
    <T> T runUntilComplete(Awaitable<T> awaitable);

    /** Runs the loop until {@link #stop()} is called. */
    void runForever();

    /** Stops the loop after the current pass. If the loop is not running, its next run does one pass. */
    void stop();

    /** Closes the loop: it can no longer run. Throws if it is running. Idempotent. */
    @Override
    void close();

    /** @return whether the loop is running */
    boolean isRunning();

    /** @return whether the loop was closed */
    boolean isClosed();

    /**
     * Runs {@code fn} on {@code executor} (the loop's default executor when {@code null}) and returns a
     * future, bound to this loop, for its result. A failure is the original exception.
     *
     * @param executor where to run, or {@code null} for the default executor
     * @param fn the blocking function
     * @param <T> the result type
     * @return a future for the result
     */
    <T> Future<T> runInExecutor(Executor executor, Callable<T> fn);

    /**
     * Sets the handler for exceptions that nothing else handles (a failing callback, an exception
     * never retrieved). The context holds at least {@code "message"}, and {@code "exception"} where
     * there is one. {@code null} restores the default handler, which logs through
     * {@link System.Logger}.
     *
     * @param handler the handler, or {@code null}
     */
    void setExceptionHandler(BiConsumer<EventLoop, Map<String, Object>> handler);

    /** @return the handler set with {@link #setExceptionHandler}, or {@code null} for the default */
    BiConsumer<EventLoop, Map<String, Object>> getExceptionHandler();

    /**
     * Passes {@code context} to the exception handler.
     *
     * @param context at least {@code "message"}
     */
    void callExceptionHandler(Map<String, Object> context);

    /**
     * Turns debug mode on or off: slow callbacks (over 100 ms) and coroutines that were never awaited
     * are reported.
     *
     * @param enabled whether to debug
     */
    void setDebug(boolean enabled);

    /** @return whether debug mode is on */
    boolean getDebug();
}
