package dev.weft;

import dev.weft.internal.AsyncFrame;
import dev.weft.internal.Rt;

/**
 * {@code Asyncio.sleep}: a hand-written state machine. {@code sleep(0)} gives up exactly one pass of
 * the loop; a positive delay waits on a future that a timer completes, and cancels the timer when
 * the sleep ends in any way (as Python's {@code asyncio.sleep}).
 */
final class SleepCoroutine<T> extends AsyncFrame<T> {
    private final double delay;
    private final T result;
    private TimerHandle handle;

    SleepCoroutine(double delay, T result) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("sleep: delay must not be NaN");
        }
        this.delay = delay;
        this.result = result;
    }

    @Override
    protected Object invoke() {
        switch (label) {
            case 0: {
                if (delay <= 0) {
                    label = 1;
                    return Rt.yieldOnce(this);
                }
                BaseEventLoop loop = task.loop;
                Future<T> f = new Future<>(loop);
                T value = result;
                handle = loop.callLater(delay, () -> {
                    if (!f.isDone()) {
                        f.setResult(value);
                    }
                });
                label = 2;
                Object r = Rt.await(f, this);
                if (r != Rt.SUSPEND) {
                    handle.cancel();
                    return r;
                }
                return Rt.SUSPEND;
            }
            case 1:
                Rt.resume(this);
                return result;
            case 2:
                try {
                    return Rt.resume(this);
                } finally {
                    handle.cancel();
                    handle = null;
                }
            default:
                throw Rt.badLabel(this);
        }
    }

    @Override
    public String methodName() {
        return "dev.weft.Asyncio.sleep";
    }
}
