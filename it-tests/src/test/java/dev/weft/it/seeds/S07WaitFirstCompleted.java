package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.WaitResult;
import dev.weft.annotations.Async;

import java.util.List;
import java.util.Set;

/**
 * Port of seed-programs/07_wait_first_completed.py: wait with FIRST_COMPLETED returns when one task is
 * done; the other stays pending until it is cancelled.
 */
public class S07WaitFirstCompleted {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> job(String name, int seconds) {
        Await.on(Asyncio.sleep((double) seconds / SCALE));
        System.out.println(name + " finished");
        return Coroutine.of(name + " result");
    }

    @Async
    static Coroutine<Void> main() {
        Task<String> fast = Asyncio.createTask(job("fast", 1));
        Task<String> slow = Asyncio.createTask(job("slow", 3));
        WaitResult<String> waited = Await.on(Asyncio.wait(List.of(fast, slow), ReturnWhen.FIRST_COMPLETED));
        Set<Future<String>> done = waited.done();
        Set<Future<String>> pending = waited.pending();
        System.out.println("FIRST_COMPLETED: done=" + done.size() + " pending=" + pending.size());
        System.out.println("fast in done: " + Py.str(done.contains(fast)) + ", result: " + fast.result());
        System.out.println("slow in pending: " + Py.str(pending.contains(slow)) + ", done yet: "
                + Py.str(slow.isDone()));
        for (Future<String> task : pending) {
            task.cancel();
        }
        Await.on(Asyncio.wait(pending));
        System.out.println("slow cancelled: " + Py.str(slow.isCancelled()));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
