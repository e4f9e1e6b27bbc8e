package dev.weft.internal;

/**
 * {@code Asyncio.sleep(0)} (or any delay {@code <= 0}): gives up exactly one pass of the loop, as Python's bare
 * {@code yield}. No timer, no fields of its own: the smallest coroutine there is. An await of it does not even
 * run it: {@link Rt#await} parks the awaiting frame for one pass, so the JIT can drop the allocation.
 * Internal: {@code Asyncio.sleep} returns it as a {@code Coroutine<Void>}.
 */
public final class Yield extends AsyncFrame<Void> {

    /** For {@code Asyncio.sleep}. */
    public Yield() {
    }

    /** Run as a task of its own, or awaited by hand-written code: the same, one pass. */
    @Override
    protected Object invoke() {
        if (label == 0) {
            label = 1;
            return Rt.yieldOnce(this);
        }
        Rt.resume(this);   // throws what the task was woken with (CancelledError)
        return null;
    }

    @Override
    public String methodName() {
        return "dev.weft.Asyncio.sleep";
    }
}
