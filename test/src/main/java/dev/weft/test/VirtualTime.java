package dev.weft.test;

import dev.weft.Asyncio;
import dev.weft.Awaitable;
import dev.weft.EventLoop;
import dev.weft.internal.VirtualClock;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.tasks.Runners;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Runs coroutines on a loop with a virtual clock: sleeps and timeouts are exact and take no real time. The clock
 * stands still while callbacks run and jumps to the next timer when the loop would otherwise wait; with no timer
 * left, the loop waits for real, since only another thread can then wake it. See {@link TestLoop} to step such a
 * loop from outside.
 */
public final class VirtualTime {
    private VirtualTime() {
    }

    /**
     * {@link Asyncio#run(Awaitable)} with a virtual clock: {@code loop.time()} starts at 0.
     *
     * @param main the main coroutine
     * @param <T> the result type
     * @return its result
     * @throws IllegalStateException when called from a running event loop, or {@code main} is not a coroutine
     */
    public static <T> T run(Awaitable<T> main) {
        return Runners.run(main, false, () -> new BaseEventLoop(new VirtualClock()));
    }

    /**
     * {@link #run(Awaitable)} on a loop that has {@code exceptionHandler} from the start (so it also sees
     * what the loop reports while {@code run} cancels the leftover tasks).
     *
     * @param main the main coroutine
     * @param exceptionHandler the loop's exception handler
     * @param <T> the result type
     * @return its result
     * @throws IllegalStateException when called from a running event loop, or {@code main} is not a coroutine
     */
    public static <T> T run(Awaitable<T> main, BiConsumer<EventLoop, Map<String, Object>> exceptionHandler) {
        return Runners.run(main, false, () -> {
            BaseEventLoop loop = new BaseEventLoop(new VirtualClock());
            loop.setExceptionHandler(exceptionHandler);
            return loop;
        });
    }

    /** @return a new loop with a virtual clock (not running) */
    public static EventLoop newLoop() {
        return new BaseEventLoop(new VirtualClock());
    }
}
