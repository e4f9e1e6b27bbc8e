package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** Port of seed-programs/16_asyncio_run_example.py: run. */
public class S16AsyncioRunExample {

    @Async
    static Coroutine<Void> example() {
        System.out.println("Asyncio Run Example");
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(example());
    }
}
