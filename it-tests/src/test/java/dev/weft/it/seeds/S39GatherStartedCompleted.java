package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/39_gather_started_completed.py: both coroutines start before either completes;
 * the shorter one finishes first.
 */
public class S39GatherStartedCompleted {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> task1() {
        System.out.println("Task 1 started");
        Await.on(Asyncio.sleep(2.0 / SCALE));
        System.out.println("Task 1 completed");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> task2() {
        System.out.println("Task 2 started");
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("Task 2 completed");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(Asyncio.gather(task1(), task2())); // Run both tasks concurrently
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
