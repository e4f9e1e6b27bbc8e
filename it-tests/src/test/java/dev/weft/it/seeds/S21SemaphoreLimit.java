package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Held;
import dev.weft.Semaphore;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/21_semaphore_limit.py: Semaphore(2) used like {@code async with}: two at a time,
 * FIFO hand-over.
 */
public class S21SemaphoreLimit {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    // Module level in the seed; created in main(String[]) so that each run gets a fresh semaphore.
    static Semaphore semaphore;

    @Async
    static Coroutine<Void> limitedTask(String name, int seconds) {
        System.out.println(name + " waiting");
        try (Held held = Await.on(semaphore.hold())) { // async with semaphore:
            System.out.println(name + " entered");
            Await.on(Asyncio.sleep((double) seconds / SCALE));
            System.out.println(name + " leaving");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(Asyncio.gather(
                limitedTask("A", 1),
                limitedTask("B", 2),
                limitedTask("C", 3),
                limitedTask("D", 1)
        ));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        semaphore = new Semaphore(2);
        Asyncio.run(main());
    }
}
