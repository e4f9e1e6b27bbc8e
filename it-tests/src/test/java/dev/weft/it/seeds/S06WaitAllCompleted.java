package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.WaitResult;
import dev.weft.annotations.Async;

import java.util.List;
import java.util.Map;

/**
 * Port of seed-programs/06_wait_all_completed.py: wait with ALL_COMPLETED, explicitly and as the
 * default; both tasks end up in done.
 */
public class S06WaitAllCompleted {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> job(String name, int seconds) {
        Await.on(Asyncio.sleep((double) seconds / SCALE));
        System.out.println(name + " finished");
        return Coroutine.of(name + " result");
    }

    @Async
    static Coroutine<Void> main() {
        // 000 section 8: explicit ALL_COMPLETED
        Task<String> task1 = Asyncio.createTask(job("task1", 2));
        Task<String> task2 = Asyncio.createTask(job("task2", 1));
        WaitResult<String> waited = Await.on(Asyncio.wait(List.of(task1, task2), ReturnWhen.ALL_COMPLETED));
        var done = waited.done();
        var pending = waited.pending();
        System.out.println("ALL_COMPLETED: done=" + done.size() + " pending=" + pending.size());
        for (Map.Entry<String, Task<String>> entry : List.of(Map.entry("task1", task1), Map.entry("task2", task2))) {
            String name = entry.getKey();
            Task<String> task = entry.getValue();
            System.out.println(name + " in done: " + Py.str(done.contains(task)) + ", result: " + task.result());
        }

        // 001 section 5: no return_when, which means ALL_COMPLETED
        task1 = Asyncio.createTask(job("task1", 2));
        task2 = Asyncio.createTask(job("task2", 1));
        waited = Await.on(Asyncio.wait(List.of(task1, task2)));
        done = waited.done();
        pending = waited.pending();
        System.out.println("default: done=" + done.size() + " pending=" + pending.size());
        for (Map.Entry<String, Task<String>> entry : List.of(Map.entry("task1", task1), Map.entry("task2", task2))) {
            String name = entry.getKey();
            Task<String> task = entry.getValue();
            System.out.println(name + " in done: " + Py.str(done.contains(task)) + ", result: " + task.result());
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
