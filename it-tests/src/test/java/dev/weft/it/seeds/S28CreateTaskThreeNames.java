package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.List;

/**
 * Port of seed-programs/28_create_task_three_names.py: three createTask calls; tasks start in creation
 * order; gather(tasks).
 */
public class S28CreateTaskThreeNames {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> sayHello(String name) {
        System.out.println("Hello " + name);
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("Goodbye " + name);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        List<Task<Void>> tasks = List.of(
                Asyncio.createTask(sayHello("Alice")),
                Asyncio.createTask(sayHello("Bob")),
                Asyncio.createTask(sayHello("Charlie"))
        );
        Await.on(Asyncio.gather(tasks));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
