package dev.weft.it.debuggee;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/**
 * The program {@code DebuggerTest} debugs through JDI. {@code work} is called directly by {@code caller} (its frame is
 * made only when it suspends) and its parameter {@code label} is not read after the await. Line-sensitive: the test
 * finds the lines by their {@code // LINE:} markers.
 */
public final class SteppingTarget {
    private SteppingTarget() {
    }

    @Async
    static Coroutine<Integer> work(String label, int n) {
        int twice = n * 2; // LINE:before
        Await.on(Asyncio.sleep(0.001)); // LINE:await
        int after = twice + 1; // LINE:after
        return Coroutine.of(after);
    }

    @Async
    static Coroutine<Integer> caller() {
        int r = Await.on(work("job", 20));
        return Coroutine.of(r);
    }

    /** @param args unused */
    public static void main(String[] args) {
        System.out.println("result " + Asyncio.run(caller()));
    }
}
