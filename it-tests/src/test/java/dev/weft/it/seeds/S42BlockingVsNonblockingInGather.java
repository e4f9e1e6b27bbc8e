package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.util.Locale;

/**
 * Port of seed-programs/42_blocking_vs_nonblocking_in_gather.py: a blocking sleep inside coroutines
 * serialises gather (2.0s); Asyncio.sleep overlaps (1.0s). Elapsed times in unscaled seconds, rounded to
 * a whole second.
 */
public class S42BlockingVsNonblockingInGather {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> blockingTask(String name) {
        System.out.println(name + " start");
        Py.timeSleep(1.0 / SCALE); // blocks the whole event loop
        System.out.println(name + " end");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> nonblockingTask(String name) {
        System.out.println(name + " start");
        Await.on(Asyncio.sleep(1.0 / SCALE)); // lets the other task run
        System.out.println(name + " end");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        double start = Py.perfCounter();
        Await.on(Asyncio.gather(blockingTask("blocking 1"), blockingTask("blocking 2")));
        double elapsed = Py.perfCounter() - start;
        System.out.println("time.sleep in gather: "
                + String.format(Locale.ROOT, "%.1f", (double) Math.round(elapsed * SCALE)) + "s");

        start = Py.perfCounter();
        Await.on(Asyncio.gather(nonblockingTask("async 1"), nonblockingTask("async 2")));
        elapsed = Py.perfCounter() - start;
        System.out.println("asyncio.sleep in gather: "
                + String.format(Locale.ROOT, "%.1f", (double) Math.round(elapsed * SCALE)) + "s");
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
