package dev.weft.internal;

import dev.weft.Future;

/**
 * A done callback of the runtime's own that the loop schedules as itself: where a {@code Consumer} callback
 * costs a {@code Runnable} for each completion, a listener records the future it is told about and runs once
 * for each, in the order the futures completed, at the places in the ready queue where those runnables would
 * have been ({@code call_soon} order). One listener serves any number of futures, so listening to a thousand
 * children allocates nothing per child. One thread: the loop's.
 */
public abstract class FutureListener implements Runnable {

    /** For the runtime's own listeners. */
    protected FutureListener() {
    }

    /**
     * {@code future}, one this listener was added to, is done: remember it. The loop runs {@link #run()} once for
     * this call, on a later pass; runs come in the order of these calls.
     *
     * @param future the future that completed
     */
    public abstract void futureDone(Future<?> future);
}
