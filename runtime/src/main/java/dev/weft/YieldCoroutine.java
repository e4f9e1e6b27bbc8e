package dev.weft;

import dev.weft.internal.AsyncFrame;
import dev.weft.internal.Rt;

/**
 * {@code Asyncio.sleep(0, result)} (or any delay {@code <= 0}): gives up exactly one pass of the loop, as
 * Python's bare {@code yield}. No timer, so no timer fields: the smallest coroutine there is.
 */
class YieldCoroutine<T> extends AsyncFrame<T> {

    /** @return what the await gives */
    Object result() {
        return null;
    }

    @Override
    protected Object invoke() {
        if (label == 0) {
            label = 1;
            return Rt.yieldOnce(this);
        }
        Rt.resume(this);   // throws what the task was woken with (CancelledError)
        return result();
    }

    @Override
    public String methodName() {
        return "dev.weft.Asyncio.sleep";
    }

    /** {@code sleep(0, result)}. */
    static final class WithResult<T> extends YieldCoroutine<T> {
        private final T value;

        WithResult(T value) {
            this.value = value;
        }

        @Override
        Object result() {
            return value;
        }
    }
}
