package dev.weft.internal;

import dev.weft.AsyncIterator;
import dev.weft.StopAsyncIteration;

import java.util.Iterator;

/**
 * The iterator of one {@code async for}: woven code turns the enhanced {@code for} over an {@code AsyncIterable}
 * into {@code it = Rt.asyncFor(iterable)}, {@code while (Await.on(Rt.asyncForStep(it))) { x = Rt.asyncForNext(it);
 * ... }}. As a coroutine it is one step: await {@code anext()}; {@code true} with the item kept for
 * {@link #take()}, or {@code false} at {@link StopAsyncIteration}. One object per loop, reused at every step.
 * Internal.
 */
public final class AsyncFor extends AsyncFrame<Boolean> implements Iterator<Object> {
    private final AsyncIterator<?> iterator;
    private Object item;

    AsyncFor(AsyncIterator<?> iterator) {
        this.iterator = iterator;
        claim();
        label = DONE;   // ready for the first nextStep()
    }

    /** @return this, ready to be awaited for the next step */
    AsyncFor nextStep() {
        if (label != DONE) {
            throw new IllegalStateException("async for over " + iterator + ": a step is already under way");
        }
        label = NEW;
        return this;
    }

    /** @return the item of the last step, once */
    Object take() {
        Object v = item;
        item = null;
        return v;
    }

    @Override
    protected Object invoke() {
        Object r;
        try {
            if (label == 0) {
                label = 1;
                r = Rt.await(iterator.anext(), this);
                if (r == Rt.SUSPEND) {
                    return r;
                }
            } else {
                r = Rt.resume(this);
            }
        } catch (StopAsyncIteration end) {
            return Boolean.FALSE;
        }
        item = r;
        return Boolean.TRUE;
    }

    /** Not for use: woven code steps by awaiting. @throws IllegalStateException always */
    @Override
    public boolean hasNext() {
        throw new IllegalStateException("async for over " + iterator + " stepped without awaiting: weaver and runtime"
                + " versions differ");
    }

    /** Not for use: woven code takes the item with {@code Rt.asyncForNext}. @throws IllegalStateException always */
    @Override
    public Object next() {
        throw new IllegalStateException("async for over " + iterator + " stepped without awaiting: weaver and runtime"
                + " versions differ");
    }

    @Override
    public String methodName() {
        return "async for over " + iterator;
    }

    @Override
    public String toString() {
        return "<async for over " + iterator + ">";
    }
}
