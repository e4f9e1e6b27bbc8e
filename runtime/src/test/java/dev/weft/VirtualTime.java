package dev.weft;

import dev.weft.internal.VirtualClock;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.tasks.Runners;

/** Runs coroutines on a loop with a virtual clock: sleeps and timeouts are exact and take no real time. */
public final class VirtualTime {
    private VirtualTime() {
    }

    /**
     * {@link Asyncio#run(Awaitable)} with a virtual clock: {@code loop.time()} starts at 0.
     *
     * @param main the main coroutine
     * @param <T> the result type
     * @return its result
     */
    public static <T> T run(Awaitable<T> main) {
        return Runners.run(main, false, () -> new BaseEventLoop(new VirtualClock()));
    }

    /** @return a new loop with a virtual clock (not running) */
    public static EventLoop newLoop() {
        return new BaseEventLoop(new VirtualClock());
    }
}
