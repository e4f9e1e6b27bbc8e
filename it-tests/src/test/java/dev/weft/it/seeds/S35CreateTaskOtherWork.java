package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Port of seed-programs/35_create_task_other_work.py: createTask does not start the coroutine at once;
 * the task starts when main suspends; main later awaits the task's dict result.
 */
public class S35CreateTaskOtherWork {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Map<String, Object>> fetchData() {
        System.out.println("Start fetching data");
        Await.on(Asyncio.sleep(2.0 / SCALE));
        System.out.println("Done fetching data");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("data", 123);
        return Coroutine.of(data);
    }

    @Async
    static Coroutine<Void> main() {
        Task<Map<String, Object>> task = Asyncio.createTask(fetchData());

        // Perform other operations while the data is being fetched
        System.out.println("Performing other operations");
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("Still working...");

        // Await the task result
        Map<String, Object> result = Await.on(task);
        System.out.println("Result: " + Py.str(result));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
