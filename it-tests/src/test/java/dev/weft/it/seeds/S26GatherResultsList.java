package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.util.List;

/**
 * Port of seed-programs/26_gather_results_list.py: gather returns the results in argument order although
 * task 2 finishes first.
 */
public class S26GatherResultsList {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> task1() {
        Await.on(Asyncio.sleep(2.0 / SCALE));
        return Coroutine.of("Task 1 completed");
    }

    @Async
    static Coroutine<String> task2() {
        Await.on(Asyncio.sleep(1.0 / SCALE));
        return Coroutine.of("Task 2 completed");
    }

    @Async
    static Coroutine<Void> main() {
        List<Object> results = Await.on(Asyncio.gather(task1(), task2())); // it will return results in list
        System.out.println(Py.str(results));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
