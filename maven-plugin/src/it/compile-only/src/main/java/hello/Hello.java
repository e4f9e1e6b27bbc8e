package hello;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

public class Hello {
    @Async
    static Coroutine<String> greet(String who) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of("hello " + who);
    }

    public static void main(String[] args) {
        System.out.println(Asyncio.run(greet("weft")));
    }
}
