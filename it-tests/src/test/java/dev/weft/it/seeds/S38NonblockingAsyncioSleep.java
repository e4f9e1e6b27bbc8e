package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.util.Locale;

/**
 * Port of seed-programs/38_nonblocking_asyncio_sleep.py: the Asyncio.sleep counterpart of 37; the elapsed
 * time is printed in unscaled seconds, rounded to a whole second.
 */
public class S38NonblockingAsyncioSleep {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> main() {
        double start = Py.perfCounter();
        System.out.println("Start");
        Await.on(Asyncio.sleep(3.0 / SCALE)); // Non-blocking delay
        System.out.println("End");
        double elapsed = Py.perfCounter() - start;
        System.out.println("elapsed: " + String.format(Locale.ROOT, "%.1f", (double) Math.round(elapsed * SCALE)) + "s");
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
