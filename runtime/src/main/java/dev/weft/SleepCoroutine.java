package dev.weft;

import dev.weft.internal.AsyncFrame;
import dev.weft.internal.Rt;

/**
 * {@code Asyncio.sleep} with a positive delay ({@code sleep(0)} is {@link dev.weft.internal.Yield}): a
 * hand-written coroutine that is its own timer. It puts itself in the loop's timer heap and parks
 * the task on it: no future, no callback object. The pass-by-pass order is Python's: when the timer is
 * due, this object runs from the ready queue and schedules the task for the next pass, as the done
 * callback of Python's sleep future would; {@link Task#cancel} takes the timer out and wakes the task
 * with {@link CancelledError} on the next pass, as cancelling that future would.
 */
class SleepCoroutine<T> extends AsyncFrame<T> {
    private static final int START = 0;
    private static final int SLEEPING = 2;
    private static final int DUE = 3;
    private static final int CANCELLED = 4;

    /** Before the start, the delay in seconds; then the deadline in loop time. */
    double when;
    int seq;
    int heapIndex = -1;

    SleepCoroutine(double delay) {
        if (!(delay > 0)) {
            throw new IllegalArgumentException("sleep: delay must be a positive number of seconds, not " + delay
                    + " (sleep(0) is a Yield)");
        }
        this.when = delay;
    }

    /** @return what the await gives: {@code null}, or the value of {@code sleep(delay, result)} */
    Object result() {
        return null;
    }

    @Override
    protected Object invoke() {
        switch (label) {
            case START: {
                BaseEventLoop loop = task.loop;
                label = SLEEPING;
                loop.addSleep(this, loop.time() + when);
                task.parkOnSleep(this);
                return Rt.SUSPEND;
            }
            case DUE:
            case CANCELLED:
                Rt.resume(this);   // throws what the task was woken with (CancelledError)
                return result();
            default:
                throw Rt.badLabel(this);
        }
    }

    /** The timer is due: run from the ready queue. Wakes the task on the next pass. */
    final void fire() {
        if (label == SLEEPING) {
            label = DUE;
            task.loop.schedule(task);
        }
    }

    /**
     * The task is cancelled while sleeping: takes the timer out and wakes the task on the next pass.
     *
     * @return false if the timer already fired (the task is already scheduled)
     */
    final boolean cancelSleep() {
        if (label != SLEEPING) {
            return false;
        }
        label = CANCELLED;
        if (heapIndex >= 0) {
            task.loop.removeSleep(this);
        }
        task.loop.schedule(task);
        return true;
    }

    final boolean isCancelledSleep() {
        return label == CANCELLED;
    }

    @Override
    public String methodName() {
        return "dev.weft.Asyncio.sleep";
    }

    /** {@code sleep(delay, result)}: the same, and the await gives {@code result}. */
    static final class WithResult<T> extends SleepCoroutine<T> {
        private final T value;

        WithResult(double delay, T value) {
            super(delay);
            this.value = value;
        }

        @Override
        Object result() {
            return value;
        }
    }
}
