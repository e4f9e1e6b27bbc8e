package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/27_exception_after_sleep.py: an exception raised after a suspension propagates to
 * the awaiting coroutine. Python's ValueError is IllegalArgumentException.
 */
public class S27ExceptionAfterSleep {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<Void> riskyTask() {
        Await.on(Asyncio.sleep(1.0 / SCALE));
        throw new IllegalArgumentException("An error occurred");
    }

    @Async
    static Coroutine<Void> main() {
        try {
            Await.on(riskyTask());
        } catch (IllegalArgumentException e) {
            System.out.println("Handled exception: " + e.getMessage());
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
