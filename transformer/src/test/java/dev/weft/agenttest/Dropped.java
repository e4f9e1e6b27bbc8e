package dev.weft.agenttest;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** A coroutine never awaited (run): a warning; with the agent's failOnWarning, the class cannot be initialised. */
public class Dropped {
    public static final StringBuilder LOG = new StringBuilder("initialised");

    @Async
    static Coroutine<Void> work() {
        Await.on(Asyncio.sleep(0));
        LOG.append(", worked");
        return Coroutine.done();
    }

    public static String run() {
        work();
        return LOG.toString();
    }
}
