package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A deadline for a block of code: Python 3.11's {@code asyncio.Timeout}, the async context manager of
 * {@code async with asyncio.timeout(delay) as t:}. Get one from {@link Asyncio#timeout(double)} or
 * {@link Asyncio#timeoutAt(double)}, already entered, as the resource of a try-with-resources statement inside an
 * {@code @Async} method:
 *
 * <pre>{@code
 * try (Timeout t = Asyncio.timeout(10)) {     // async with asyncio.timeout(10) as t:
 *     Await.on(longRunning());
 * }                                           // TimeoutError here if the 10 s ran out
 * }</pre>
 *
 * <p>When the deadline passes, the task that entered the timeout is cancelled ({@link Task#cancel()}), so
 * {@link CancelledError} is thrown at the point where the block awaits. Leaving the block with that
 * {@link CancelledError} turns it into a {@link TimeoutError} whose cause is the {@link CancelledError}, unless
 * another cancellation of the task was requested meanwhile (the task's {@link Task#uncancel()} count says so): then
 * the {@link CancelledError} propagates, as it must. A block that ends another way (normally, or with another
 * exception, or by swallowing the cancellation) ends that way; the expired timeout still takes back its own
 * cancellation request. With nested timeouts the outermost one that expired, of those whose block the
 * cancellation leaves, throws the {@link TimeoutError}.
 *
 * <p>Its life is CPython's state machine: CREATED, ENTERED ({@code active}), EXPIRING (the deadline passed, the
 * block has not ended), EXPIRED, EXITED ({@code finished}). Use it from its loop's thread, in the task that
 * entered it.
 */
public final class Timeout implements AsyncCloseable {
    /** CPython's {@code _State}, with the names its repr shows. */
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String value;

        State(String value) {
            this.value = value;
        }
    }

    private State state = State.CREATED;
    private double when;
    private Handle handle;
    private BaseEventLoop loop;
    private Task<?> task;
    /** The task's {@link Task#cancelling()} count at the entry: above it on exit, someone else cancelled too. */
    private int cancelling;

    /** CPython's {@code Timeout(when)}: created, not entered; {@link #enter()} follows at once. */
    private Timeout(double when) {
        checkWhen(when);
        this.when = when;
    }

    /**
     * {@link Asyncio#timeoutAt}: a timeout entered in the current task.
     *
     * @param when the deadline in {@link EventLoop#time()}'s clock; infinite for none
     * @return the entered timeout
     */
    static Timeout at(double when) {
        Timeout t = new Timeout(when);
        t.enter();
        return t;
    }

    /**
     * {@link Asyncio#timeout(double)}: a timeout entered in the current task, {@code delay} seconds from now.
     *
     * @param delay seconds; infinite for none
     * @return the entered timeout
     */
    static Timeout after(double delay) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("delay must not be NaN");
        }
        BaseEventLoop l = BaseEventLoop.runningOrNull();
        if (l == null) {
            throw new IllegalStateException("Timeout should be used inside a task (no event loop is running in"
                    + " this thread)");
        }
        return at(delay == Double.POSITIVE_INFINITY ? delay : l.time() + delay);
    }

    /** Python's {@code __aenter__}. */
    private void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        BaseEventLoop l = BaseEventLoop.runningOrNull();
        Task<?> current = l == null ? null : l.currentTask();
        if (current == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        state = State.ENTERED;
        loop = l;
        task = current;
        cancelling = task.cancelling();
        reschedule(when);
    }

    /** @return the deadline in {@link EventLoop#time()}'s clock; {@code Double.POSITIVE_INFINITY} for none */
    public double when() {
        return when;
    }

    /**
     * Moves the deadline: Python's {@code reschedule}. A deadline already passed ({@code when <= loop.time()})
     * expires on the next pass of the loop; {@code Double.POSITIVE_INFINITY} removes the deadline. Never
     * suspends.
     *
     * <pre>{@code
     * try (Timeout t = Asyncio.timeout(Double.POSITIVE_INFINITY)) {   // no deadline yet
     *     Request r = Await.on(readRequest());
     *     t.reschedule(Asyncio.getRunningLoop().time() + r.budget());   // now one
     *     Await.on(serve(r));
     * }
     * }</pre>
     *
     * @param when the new deadline in {@link EventLoop#time()}'s clock
     * @throws IllegalStateException unless the timeout is active: it expired (the cancellation is under way or
     *     done) or its block has ended
     * @throws IllegalArgumentException for {@code NaN}
     */
    public void reschedule(double when) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException("Cannot change state of " + state.value + " Timeout");
        }
        checkWhen(when);
        this.when = when;
        if (handle != null) {
            handle.cancel();
        }
        if (when == Double.POSITIVE_INFINITY) {
            handle = null;
        } else if (when <= loop.time()) {
            handle = loop.callSoon(this::onTimeout);
        } else {
            handle = loop.callAt(when, this::onTimeout);
        }
    }

    private static void checkWhen(double when) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when must not be NaN");
        }
    }

    /**
     * Still {@code true} once the block has ended.
     *
     * @return whether the deadline passed while the block ran: Python's {@code expired()}
     */
    public boolean isExpired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * The block ended normally: Python's {@code __aexit__(None, None, None)}. It throws nothing: a block that
     * swallowed the deadline's cancellation ends normally, with {@link #isExpired()} true. Awaiting it never
     * suspends; the deadline's timer is cancelled.
     *
     * @return the coroutine to await, in the task that entered the timeout; it throws
     *     {@link IllegalStateException} when the timeout has already been exited
     */
    @Override
    @Async
    public Coroutine<Void> aclose() {
        exit(null);
        return Coroutine.done();
    }

    /**
     * The block threw {@code error}: Python's {@code __aexit__}. If the deadline passed, {@code error} is a
     * {@link CancelledError} and no other cancellation of the task is pending, it throws a {@link TimeoutError}
     * caused by {@code error}; otherwise {@code error} propagates. It never suppresses {@code error}. Awaiting it
     * never suspends; the deadline's timer is cancelled.
     *
     * @param error what the block threw
     * @return the coroutine to await, in the task that entered the timeout: {@code false}, or it throws
     *     {@link TimeoutError}, or {@link IllegalStateException} when the timeout has already been exited
     */
    @Override
    @Async
    public Coroutine<Boolean> aexit(Throwable error) {
        exit(error);
        return Coroutine.of(false);
    }

    /** Python 3.11.7's {@code __aexit__}; {@code exc} is {@code null} on a normal exit. */
    private void exit(Throwable exc) {
        if (state != State.ENTERED && state != State.EXPIRING) {
            // CPython asserts this.
            throw new IllegalStateException("Timeout exited in state " + state.value);
        }
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            // Only if no new cancellation was requested is the CancelledError the deadline's own, to turn into
            // TimeoutError. uncancel() comes first: the deadline's request is taken back whatever the block did.
            if (task.uncancel() <= cancelling && exc instanceof CancelledError) {
                TimeoutError e = new TimeoutError();
                e.initCause(exc);   // raise TimeoutError from exc_val
                throw e;
            }
        } else {
            state = State.EXITED;
        }
    }

    private void onTimeout() {
        if (state != State.ENTERED) {
            // CPython asserts this; reschedule and exit cancel the handle, so it cannot happen.
            throw new IllegalStateException("Timeout expired in state " + state.value);
        }
        task.cancel();
        state = State.EXPIRING;
        handle = null;   // drop the reference early, as CPython
    }

    /**
     * @return Python's repr: {@code <Timeout [active] when=12.346>} while active (the deadline rounded to
     *     milliseconds, {@code when=None} for none, as CPython prints it), {@code <Timeout [expired]>} otherwise
     */
    @Override
    public String toString() {
        String info = "";
        if (state == State.ENTERED) {
            info = " when=" + (when == Double.POSITIVE_INFINITY ? "None" : pythonRound3(when));
        }
        return "<Timeout [" + state.value + "]" + info + ">";
    }

    /** Python's {@code repr(round(x, 3))}: exact-value rounding to three places, shortest form, at least ".0". */
    private static String pythonRound3(double x) {
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /**
     * {@link Asyncio#timeout(double, Awaitable)}: awaits {@code awaitable} inline in the current task within a
     * deadline that starts when the returned coroutine is awaited.
     *
     * @param delay seconds from then; infinite for none
     * @param awaitable what to await
     * @param <T> the result type
     * @return the coroutine to await
     */
    @Async
    static <T> Coroutine<T> within(double delay, Awaitable<T> awaitable) {
        Timeout scope = after(delay);
        T value;
        try {
            value = Await.on(awaitable);
        } catch (Throwable e) {
            scope.exit(e);   // a timeout never suppresses: it rethrows, or throws TimeoutError instead
            throw e;
        }
        scope.exit(null);
        return Coroutine.of(value);
    }
}
