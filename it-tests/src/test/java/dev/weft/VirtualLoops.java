package dev.weft;

import dev.weft.internal.Clock;

/**
 * Loops on a given clock for the seed programs' test, which runs each port's own {@code Asyncio.run} on virtual
 * time through an {@link EventLoopPolicy}. It sits in the runtime's package to reach the loop's package-private
 * constructor; the runtime has no public virtual clock yet.
 */
public final class VirtualLoops {
    private VirtualLoops() {
    }

    /**
     * @param clock the clock every new loop reads
     * @return a policy whose loops run on {@code clock}
     */
    public static EventLoopPolicy on(Clock clock) {
        return () -> new BaseEventLoop(clock);
    }
}
