package dev.weft.it.other;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** {@code @Async} methods in another package: a final one (called directly) and one a subclass overrides. */
public class Greeter {

    /** @return the name to greet; subclasses override it */
    @Async
    public Coroutine<String> name() {
        return Coroutine.of("world");
    }

    /** @return the greeting, after one pass of the loop */
    @Async
    public final Coroutine<String> greet(String greeting) {
        String n = Await.on(name());
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(greeting + ", " + n);
    }

    /** @return {@code x + 1}, suspending first when {@code suspend} */
    @Async
    public static Coroutine<Integer> next(int x, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(x + 1);
    }

    /** @return {@code 2 * x}, suspending first when {@code suspend}; its body returns a {@code long} */
    @Async
    public static Coroutine<Long> twice(long x, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(2 * x);
    }
}
