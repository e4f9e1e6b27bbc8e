package dev.weft.bench.weaving;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/**
 * The Weft hello-world of the javaagent start-up benchmark: run once woven at build time (no agent)
 * and once unwoven under the agent, which weaves it as it loads.
 */
public final class WeftHello {
    private WeftHello() {
    }

    @Async
    static Coroutine<String> greeting() {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of("Hello, world!");
    }

    @Async
    static Coroutine<Void> main() {
        String s = Await.on(greeting());
        System.out.println(s);
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
