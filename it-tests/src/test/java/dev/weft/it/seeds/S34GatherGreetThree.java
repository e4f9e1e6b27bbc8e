package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/34_gather_greet_three.py: gather wraps coroutines in tasks that start in argument
 * order; all greetings print before any goodbye.
 */
public class S34GatherGreetThree {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> greet(String name) {
        System.out.println("Hello, " + name);
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("Goodbye, " + name);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(Asyncio.gather(
                greet("Alice"),
                greet("Bob"),
                greet("Charlie")
        ));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
