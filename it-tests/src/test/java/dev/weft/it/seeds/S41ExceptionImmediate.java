package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/41_exception_immediate.py: an exception raised by an awaited coroutine before any
 * suspension is caught by the awaiting coroutine. Python's ValueError is IllegalArgumentException.
 */
public class S41ExceptionImmediate {

    @Async
    static Coroutine<Void> faultyTask() {
        throw new IllegalArgumentException("An error occurred!");
    }

    @Async
    static Coroutine<Void> main() {
        try {
            Await.on(faultyTask());
        } catch (IllegalArgumentException e) {
            System.out.println("Caught an error: " + e.getMessage());
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
