package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/30_task_cancel_caught.py: task.cancel() (1) caught inside the task, so the result
 * is a value and isCancelled() is False; (2) a finally block runs and the error propagates, so
 * isCancelled() is True.
 */
public class S30TaskCancelCaught {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> longRunningTask() {
        try {
            Await.on(Asyncio.sleep(10.0 / SCALE));
            return Coroutine.of("Finished");
        } catch (CancelledError e) {
            System.out.println("long_running_task: caught CancelledError");
            return Coroutine.of("Cancelled");
        }
    }

    @Async
    static Coroutine<String> cleanupTask() {
        try {
            Await.on(Asyncio.sleep(10.0 / SCALE));
            return Coroutine.of("Finished");
        } finally {
            System.out.println("cleanup_task: finally block runs");
        }
    }

    @Async
    static Coroutine<Void> main() {
        Task<String> task = Asyncio.createTask(longRunningTask());
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("cancel() returned " + Py.str(task.cancel()));
        String result = Await.on(task);
        System.out.println("result: " + result + ", cancelled(): " + Py.str(task.isCancelled()));

        task = Asyncio.createTask(cleanupTask());
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("cancel() returned " + Py.str(task.cancel()));
        try {
            Await.on(task);
        } catch (CancelledError e) {
            System.out.println("awaiting it raised CancelledError, cancelled(): " + Py.str(task.isCancelled()));
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
