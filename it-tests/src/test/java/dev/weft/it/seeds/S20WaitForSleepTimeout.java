package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.TimeoutError;
import dev.weft.annotations.Async;

/** Port of seed-programs/20_wait_for_sleep_timeout.py: waitFor(sleep(5), 3) raising TimeoutError. */
public class S20WaitForSleepTimeout {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> main() {
        try {
            Await.on(Asyncio.waitFor(Asyncio.sleep(5.0 / SCALE), 3.0 / SCALE));
        } catch (TimeoutError e) {
            System.out.println("Operation timed out");
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
