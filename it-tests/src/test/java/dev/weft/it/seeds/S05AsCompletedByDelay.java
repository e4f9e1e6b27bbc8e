package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.ArrayList;
import java.util.List;

/**
 * Port of seed-programs/05_as_completed_by_delay.py: asCompleted yields results in completion order,
 * gather in argument order.
 */
public class S05AsCompletedByDelay {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Integer> sleeper(int delay) {
        Await.on(Asyncio.sleep((double) delay / SCALE));
        return Coroutine.of(delay);
    }

    @Async
    static Coroutine<Void> main() {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int d : new int[] {3, 1, 2}) {
            tasks.add(Asyncio.createTask(sleeper(d)));
        }
        for (Coroutine<Integer> task : Asyncio.asCompleted(tasks)) {
            int result = Await.on(task);
            System.out.println("as_completed: " + result);
        }
        List<Integer> results = Await.on(Asyncio.gather(tasks));
        System.out.println("gather of the same tasks: " + Py.str(results));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
