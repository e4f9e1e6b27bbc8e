package dev.weft.it.wiring;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** The smallest @Async code: only works when woven (at build time or by the agent). No lambdas, no inner classes. */
public class Probe {
    @Async
    static Coroutine<Integer> answer() {
        int a = Await.on(Asyncio.sleep(0, 40));
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(a + 2);
    }
}
