package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;

/**
 * The deadline of {@link Asyncio#timeout}: Python's {@code asyncio.Timeout}, with its explicit
 * lifecycle (CREATED, ENTERED, EXPIRING, EXPIRED, EXITED) rejecting illegal transitions.
 */
final class Timeout {
    enum State { CREATED, ENTERED, EXPIRING, EXPIRED, EXITED }

    private final BaseEventLoop loop;
    private final double when;
    private State state = State.CREATED;
    private Handle handle;
    private Task<?> task;
    private int cancelling;

    Timeout(BaseEventLoop loop, double when) {
        this.loop = loop;
        this.when = when;
    }

    void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        task = loop.currentTask();
        if (task == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        state = State.ENTERED;
        cancelling = task.cancelling();
        if (when != Double.POSITIVE_INFINITY) {
            handle = when <= loop.time() ? loop.callSoon(this::onTimeout) : loop.callAt(when, this::onTimeout);
        }
    }

    /**
     * Leaves the scope (Python's {@code __aexit__}).
     *
     * @param cancelled the CancelledError the body ended with, or null
     * @throws TimeoutError when the deadline caused that cancellation
     */
    void exit(CancelledError cancelled) {
        if (state != State.ENTERED && state != State.EXPIRING) {
            throw new IllegalStateException("Timeout exited in state " + state);
        }
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancelling && cancelled != null) {
                TimeoutError e = new TimeoutError();
                e.initCause(cancelled);
                throw e;
            }
        } else {
            state = State.EXITED;
        }
    }

    private void onTimeout() {
        if (state != State.ENTERED) {
            throw new IllegalStateException("Timeout expired in state " + state);
        }
        task.cancel();
        state = State.EXPIRING;
        handle = null;
    }

    /**
     * {@code Asyncio.timeout}: awaits {@code awaitable} inline in the current task within a deadline.
     *
     * @param delay seconds from now; infinite for none
     * @param awaitable what to await
     * @param <T> the result type
     * @return the coroutine to await
     */
    @Async
    static <T> Coroutine<T> within(double delay, Awaitable<T> awaitable) {
        BaseEventLoop loop = BaseEventLoop.running();
        Timeout scope = new Timeout(loop, delay == Double.POSITIVE_INFINITY ? delay : loop.time() + delay);
        scope.enter();
        T value;
        try {
            value = Await.on(awaitable);
        } catch (CancelledError e) {
            scope.exit(e);
            throw e;
        } catch (Throwable t) {
            scope.exit(null);
            throw t;
        }
        scope.exit(null);
        return Coroutine.of(value);
    }
}
