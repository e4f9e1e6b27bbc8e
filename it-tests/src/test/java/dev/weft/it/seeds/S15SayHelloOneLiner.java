package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** Port of seed-programs/15_say_hello_one_liner.py: a coroutine with no await, run. */
public class S15SayHelloOneLiner {

    @Async
    static Coroutine<Void> sayHello() { System.out.println("Hello, Async!"); return Coroutine.done(); }

    public static void main(String[] args) {
        Asyncio.run(sayHello());
    }
}
