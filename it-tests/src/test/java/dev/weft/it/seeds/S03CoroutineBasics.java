package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.List;

/**
 * Port of seed-programs/03_coroutine_basics.py: run returning a value, two runs in one program, await,
 * createTask + await task, gather's result list, sleep.
 */
public class S03CoroutineBasics {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    // 1. async def
    @Async
    static Coroutine<String> myCoroutine() {
        Await.on(Asyncio.sleep(1.0 / SCALE));
        return Coroutine.of("Done");
    }

    @Async
    static Coroutine<Void> main() {
        // 2. await
        String result = Await.on(myCoroutine());
        System.out.println("await: " + result);

        // 4. asyncio.create_task()
        Task<String> task = Asyncio.createTask(myCoroutine());
        System.out.println("create_task: " + Await.on(task));

        // 5. asyncio.gather()
        List<Object> results = Await.on(Asyncio.gather(myCoroutine(), myCoroutine()));
        System.out.println("gather: " + Py.str(results));

        // 6. asyncio.sleep()
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("sleep: done");
        return Coroutine.done();
    }

    public static void main(String[] args) {
        // 3. asyncio.run()
        System.out.println("run: " + Asyncio.run(myCoroutine()));
        Asyncio.run(main());
    }
}
