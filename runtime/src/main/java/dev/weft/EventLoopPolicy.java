package dev.weft;

import dev.weft.internal.loop.BaseEventLoop;

/**
 * Where {@link Asyncio#run(Awaitable)}, {@link Asyncio#newEventLoop()} and a thread's first
 * {@link Asyncio#getEventLoop()} get a new loop: asyncio's event loop policy (its {@code new_event_loop}).
 * Set one with {@link Asyncio#setEventLoopPolicy(EventLoopPolicy)}, for example to turn debug mode on or to set
 * an exception handler on every loop a program makes.
 */
@FunctionalInterface
public interface EventLoopPolicy {
    /** Weft's own: a new loop on the system's monotonic clock, debug mode off. */
    EventLoopPolicy DEFAULT = BaseEventLoop::new;

    /**
     * Called on the thread that needs the loop; the loop is neither running nor set for any thread. Several threads
     * may call it at once, as nothing serialises the calls.
     *
     * @return a new loop, made by {@link #DEFAULT} (Weft runs only its own loops) and configured as wanted; for
     *     another loop, {@link Asyncio#run}, {@link Asyncio#newEventLoop()} and {@link Asyncio#getEventLoop()}
     *     throw {@link IllegalStateException}
     */
    EventLoop newEventLoop();
}
