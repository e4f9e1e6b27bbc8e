package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The runtime's tests are woven like its own coroutines: @Async works here. */
class SelfWeaveTest {
    @Async
    static Coroutine<Integer> twice(int n) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(2 * n);
    }

    @Test
    void testsAreWoven() {
        assertEquals(42, Asyncio.run(twice(21)));
    }

    @Async
    static Coroutine<String> timed() {
        double t0 = Asyncio.getRunningLoop().time();
        Await.on(Asyncio.sleep(3600));
        double t1 = Asyncio.getRunningLoop().time();
        Await.on(Asyncio.sleep(0.25));
        return Coroutine.of(t0 + " " + t1 + " " + Asyncio.getRunningLoop().time());
    }

    @Test
    void virtualTimeIsExactAndInstant() {
        assertEquals("0.0 3600.0 3600.25", VirtualTime.run(timed()));
    }
}
