package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** Port of seed-programs/24_say_hello_via_main.py: a coroutine awaiting a coroutine. */
public class S24SayHelloViaMain {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> sayHello() {
        System.out.println("Hello");
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("World");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(sayHello());
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main()); // runs the main coroutine and handles the event loop for you.
    }
}
