package dev.weft.internal.loop;

import dev.weft.EventLoop;
import dev.weft.EventLoopPolicy;

/**
 * Where new loops come from: the policy {@code Asyncio.setEventLoopPolicy} sets, asked for every loop that
 * {@code Asyncio.run}, {@code Asyncio.newEventLoop} and a thread's first {@code Asyncio.getEventLoop} make.
 */
public final class Loops {
    private static volatile EventLoopPolicy policy = EventLoopPolicy.DEFAULT;

    private Loops() {
    }

    /** @return the policy that makes new loops */
    public static EventLoopPolicy policy() {
        return policy;
    }

    /** @param newPolicy the policy, or {@code null} for {@link EventLoopPolicy#DEFAULT} */
    public static void setPolicy(EventLoopPolicy newPolicy) {
        policy = newPolicy == null ? EventLoopPolicy.DEFAULT : newPolicy;
    }

    /**
     * @return a new loop from the policy
     * @throws IllegalStateException when the policy made a loop that is not Weft's own
     */
    public static BaseEventLoop newLoop() {
        EventLoopPolicy p = policy;
        EventLoop loop = p.newEventLoop();
        if (!(loop instanceof BaseEventLoop)) {
            throw new IllegalStateException("the event loop policy " + p + " returned " + loop
                    + ", which is not a loop Weft made: make it with EventLoopPolicy.DEFAULT.newEventLoop()");
        }
        return (BaseEventLoop) loop;
    }
}
