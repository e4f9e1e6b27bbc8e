package demo;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

public class Greeter {
    @Async
    static Coroutine<String> greet(String who) {
        String greeting = Await.on(Asyncio.sleep(0.01, "hello"));
        return Coroutine.of(greeting + " " + who);
    }
}
