package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** Port of seed-programs/33_say_hello.py: run on a coroutine that suspends once. */
public class S33SayHello {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> sayHello() {
        System.out.println("Hello");
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("World");
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(sayHello());
    }
}
