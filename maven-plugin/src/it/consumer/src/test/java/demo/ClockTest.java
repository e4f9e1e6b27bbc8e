package demo;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.annotations.Async;
import dev.weft.test.WeftTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The test kit as README shows it: an @Async test on virtual time. */
@WeftTest(virtualTime = true)
class ClockTest {

    @Test
    @Async
    void sleepsTenSecondsInNoTime() {
        Await.on(Asyncio.sleep(10));
        assertEquals(10.0, Asyncio.getRunningLoop().time());
    }
}
