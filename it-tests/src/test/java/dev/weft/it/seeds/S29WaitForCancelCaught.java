package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TimeoutError;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/29_wait_for_cancel_caught.py: the waitFor timeout cancels the task, the task
 * catches CancelledError and returns a value, and waitFor returns it (prints "Cancelled", no
 * TimeoutError).
 */
public class S29WaitForCancelCaught {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> longRunningTask() {
        try {
            Await.on(Asyncio.sleep(10.0 / SCALE));
            return Coroutine.of("Finished");
        } catch (CancelledError e) {
            return Coroutine.of("Cancelled");
        }
    }

    @Async
    static Coroutine<Void> main() {
        Task<String> task = Asyncio.createTask(longRunningTask());
        try {
            String result = Await.on(Asyncio.waitFor(task, 5.0 / SCALE));
            System.out.println(result);
        } catch (TimeoutError e) {
            task.cancel();
            System.out.println("Task timed out and was cancelled");
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
