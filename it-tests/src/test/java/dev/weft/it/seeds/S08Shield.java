package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/08_shield.py: cancelling a task that awaits shield(...) raises CancelledError
 * in that task, while the shielded coroutine runs to its end.
 */
public class S08Shield {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> myCoroutine() {
        System.out.println("my_coroutine: started");
        Await.on(Asyncio.sleep(1.0 / SCALE));
        System.out.println("my_coroutine: finished");
        return Coroutine.of("Done");
    }

    @Async
    static Coroutine<Void> worker() {
        try {
            String result = Await.on(Asyncio.shield(myCoroutine()));
            System.out.println("worker: got " + result);
        } catch (CancelledError e) {
            System.out.println("worker: cancelled while awaiting the shield");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Task<Void> task = Asyncio.createTask(worker());
        Await.on(Asyncio.sleep(0.5 / SCALE));
        task.cancel();
        try {
            Await.on(task);
        } catch (CancelledError e) {
            System.out.println("main: worker task cancelled: " + Py.str(task.isCancelled()));
        }
        Await.on(Asyncio.sleep(2.0 / SCALE));
        System.out.println("main: done");
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
