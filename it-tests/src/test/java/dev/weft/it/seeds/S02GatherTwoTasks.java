package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** Port of seed-programs/02_gather_two_tasks.py: gather runs two coroutines concurrently. */
public class S02GatherTwoTasks {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> task1() {
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("Task 1 completed");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> task2() {
        Await.on(Asyncio.sleep(2.0 / SCALE));
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
