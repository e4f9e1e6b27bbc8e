package dev.weft.internal;

/**
 * {@code Asyncio.sleep(0)} (or any delay {@code <= 0}): gives up exactly one pass of the loop, as Python's bare
 * {@code yield}. No timer, no fields of its own: the smallest coroutine there is. As a {@link Parking}, an await of
 * it parks the awaiting frame itself for one pass, so the JIT can drop the allocation.
 * Internal: {@code Asyncio.sleep} returns it as a {@code Coroutine<Void>}.
 */
public final class Yield extends Parking<Void> {

    /** For {@code Asyncio.sleep}. */
    public Yield() {
    }

    @Override
    protected Object park(AsyncFrame<?> frame) {
        return Rt.yieldOnce(frame);
    }

    @Override
    public String methodName() {
        return "dev.weft.Asyncio.sleep";
    }
}
