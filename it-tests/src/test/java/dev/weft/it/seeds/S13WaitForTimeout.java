package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.TimeoutError;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/13_wait_for_timeout.py: waitFor raising TimeoutError when the coroutine takes
 * longer than the timeout, and returning its result when it does not.
 */
public class S13WaitForTimeout {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> myCoroutine() {
        Await.on(Asyncio.sleep(1.0 / SCALE));
        return Coroutine.of("Done");
    }

    @Async
    static Coroutine<Void> main() {
        try {
            Await.on(Asyncio.waitFor(myCoroutine(), 0.5 / SCALE));
        } catch (TimeoutError e) {
            System.out.println("Timed out!");
        }

        try {
            String result = Await.on(Asyncio.waitFor(myCoroutine(), 2.0 / SCALE));
            System.out.println("Finished in time: " + result);
        } catch (TimeoutError e) {
            System.out.println("Timed out!");
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
