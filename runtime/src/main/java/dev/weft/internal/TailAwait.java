package dev.weft.internal;

import dev.weft.Coroutine;

/**
 * The frame in which {@code return awaitable;} waits when the returning body, called directly, has no frame of
 * its own and the coroutine it returns is not a frame (a runtime coroutine such as a sleep): its caller awaits this frame in the body's place. Made only
 * when the awaitable is not done yet.
 *
 * @param <T> the result type
 */
final class TailAwait<T> extends AsyncFrame<T> {
    private final Coroutine<?> awaited;

    TailAwait(Coroutine<?> awaited) {
        this.awaited = awaited;
    }

    @Override
    protected Object invoke() {
        return Rt.awaitTail(awaited, this, task, 0);
    }

    @Override
    public String methodName() {
        return "return " + awaited;
    }
}
