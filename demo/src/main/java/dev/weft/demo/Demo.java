package dev.weft.demo;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.List;

/**
 * Weft in one page: coroutines that await, tasks that run concurrently on one thread, gather, and
 * cancellation delivered at the suspension point.
 */
public final class Demo {
    private Demo() {
    }

    @Async
    static Coroutine<String> fetch(String what, double seconds) {
        System.out.println("  fetching " + what + "...");
        Await.on(Asyncio.sleep(seconds));
        System.out.println("  got " + what);
        return Coroutine.of(what.toUpperCase());
    }

    @Async
    static Coroutine<Integer> ticker(int n) {
        int ticks = 0;
        try {
            for (int i = 0; i < n; i++) {
                Await.on(Asyncio.sleep(0.05));
                ticks++;
            }
        } catch (CancelledError e) {
            System.out.println("  ticker cancelled after " + ticks + " ticks; cleaning up");
            throw e;
        }
        return Coroutine.of(ticks);
    }

    @Async
    static Coroutine<Void> main() {
        long start = System.nanoTime();
        System.out.println("one after the other:");
        String a = Await.on(fetch("apples", 0.1));
        String b = Await.on(fetch("bananas", 0.1));
        System.out.println("  " + a + " " + b);

        System.out.println("concurrently, with gather:");
        List<Object> all = Await.on(Asyncio.gather(fetch("cherries", 0.1), fetch("dates", 0.05)));
        System.out.println("  " + all + " (argument order, not finish order)");

        System.out.println("a background task, cancelled:");
        Task<Integer> t = Asyncio.createTask(ticker(100));
        Await.on(Asyncio.sleep(0.12));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            System.out.println("  task cancelled: " + t.isCancelled());
        }
        System.out.printf("all on one thread (%s) in %.2f s%n", Thread.currentThread().getName(),
                (System.nanoTime() - start) / 1e9);
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
