package dev.weft.test;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.TimeoutError;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TestLoop steps as kotlinx-coroutines-test's TestCoroutineScheduler does, in CPython's order within a pass. */
class TestLoopTest extends AsyncTestBase {

    private final TestLoop t = new TestLoop();
    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<String> sleeper(String name, double delay) {
        log.add(name + " starts at " + Asyncio.getRunningLoop().time());
        Await.on(Asyncio.sleep(delay));
        log.add(name + " wakes at " + Asyncio.getRunningLoop().time());
        return Coroutine.of(name);
    }

    @Test
    void nothingRunsUntilTheTestSteps() {
        Task<String> a = t.createTask(sleeper("a", 1));
        assertEquals(List.of(), log);
        assertFalse(a.isDone());
        assertEquals(0.0, t.currentTime());
        t.close();
    }

    @Test
    void runCurrentRunsWhatIsDueNowAndLeavesTimeAlone() {
        Task<String> a = t.createTask(sleeper("a", 1));
        Task<String> b = t.createTask(sleeper("b", 0));
        t.runCurrent();
        // b's sleep(0) is a yield, due now: it runs to its end; a's sleep waits for time to move.
        assertEquals(List.of("a starts at 0.0", "b starts at 0.0", "b wakes at 0.0"), log);
        assertEquals("b", b.result());
        assertFalse(a.isDone());
        assertEquals(0.0, t.currentTime());
        t.advanceUntilIdle();
        assertEquals("a", a.result());
        t.close();
    }

    @Test
    void advanceTimeByRunsEachTimerAtItsOwnTimeButNotThoseAtTheTarget() {
        t.createTask(sleeper("a", 1));
        t.createTask(sleeper("b", 2.5));
        t.createTask(sleeper("c", 2));
        t.advanceTimeBy(2);
        assertEquals(List.of("a starts at 0.0", "b starts at 0.0", "c starts at 0.0", "a wakes at 1.0"), log);
        assertEquals(2.0, t.currentTime());
        t.runCurrent();   // c is due at exactly 2: kotlinx's advanceTimeBy leaves it to runCurrent
        assertEquals("c wakes at 2.0", log.get(log.size() - 1));
        t.advanceTimeBy(0.25);
        assertEquals(5, log.size());   // nothing was due before 2.25
        assertEquals(2.25, t.currentTime());
        t.advanceTimeBy(1);
        assertEquals("b wakes at 2.5", log.get(log.size() - 1));
        assertEquals(3.25, t.currentTime());
        t.close();
    }

    @Test
    void advanceTimeByIsExactInNanoseconds() {
        t.advanceTimeBy(0.1);
        t.advanceTimeBy(0.2);
        assertEquals(0.3, t.currentTime());
        t.advanceTimeBy(0);
        assertEquals(0.3, t.currentTime());
        t.close();
    }

    @Test
    void advanceTimeByRefusesANegativeOrEndlessDelay() {
        assertEquals("Can not advance time by -1.0 seconds: it must be finite and not negative (advanceUntilIdle"
                + " runs everything)", assertThrows(IllegalArgumentException.class, () -> t.advanceTimeBy(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.advanceTimeBy(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> t.advanceTimeBy(Double.POSITIVE_INFINITY));
        t.close();
    }

    @Test
    void advanceUntilIdleRunsEverythingAndStopsAtTheLastTimer() {
        t.createTask(sleeper("a", 3600));
        t.loop().callLater(7200, () -> log.add("callback at " + t.loop().time()));
        t.advanceUntilIdle();
        assertEquals(List.of("a starts at 0.0", "a wakes at 3600.0", "callback at 7200.0"), log);
        assertEquals(7200.0, t.currentTime());
        t.close();
    }

    @Test
    void aCancelledTimerIsNotWork() {
        t.loop().callLater(5, () -> log.add("cancelled")).cancel();
        t.advanceUntilIdle();
        assertEquals(0.0, t.currentTime());
        assertEquals(List.of(), log);
        t.close();
    }

    @Test
    void aTimeoutFiresExactlyOnTime() {
        Task<String> task = t.createTask(Asyncio.waitFor(sleeper("slow", 10), 5));
        t.advanceTimeBy(5);
        assertFalse(task.isDone());
        t.runCurrent();
        assertTrue(task.isDone());
        assertInstanceOf(TimeoutError.class, task.exception());
        assertEquals(5.0, t.currentTime());
        t.close();
    }

    @Async
    Coroutine<Void> stepsItsOwnLoop() {
        expect(2);
        try {
            t.advanceTimeBy(1);
        } catch (IllegalStateException e) {
            expect(3);
            assertEquals("TestLoop.advanceTimeBy() was called from a task or callback of a running loop (this one):"
                    + " a TestLoop is stepped from outside, by the test; inside, await Asyncio.sleep(...) to let time"
                    + " pass", e.getMessage());
        }
        assertThrows(IllegalStateException.class, t::runCurrent);
        assertThrows(IllegalStateException.class, t::advanceUntilIdle);
        assertThrows(IllegalStateException.class, t::close);
        return Coroutine.done();
    }

    @Test
    void steppingFromInsideTheLoopIsAClearError() {
        expect(1);
        Task<Void> task = t.createTask(stepsItsOwnLoop());
        t.runCurrent();
        assertTrue(task.isDone());
        assertSame(null, task.exception());
        t.close();
        finish(4);
    }

    @Test
    void tasksSeeTheLoopAsRunningWhileItSteps() {
        t.loop().callSoon(() -> log.add("running " + (Asyncio.getRunningLoop() == t.loop())));
        t.runCurrent();
        assertEquals(List.of("running true"), log);
        assertThrows(IllegalStateException.class, Asyncio::getRunningLoop);
        t.close();
    }

    @Async
    Coroutine<Void> cleansUp() {
        try {
            Await.on(Asyncio.sleep(100));
        } catch (CancelledError e) {
            log.add("cancelled at " + Asyncio.getRunningLoop().time());
            throw e;
        } finally {
            log.add("finally");
        }
        return Coroutine.done();
    }

    @Test
    void closeCancelsWhatIsLeftAndClosesTheLoop() {
        Task<Void> task = t.createTask(cleansUp());
        t.advanceTimeBy(1);
        t.close();
        assertEquals(List.of("cancelled at 1.0", "finally"), log);
        assertTrue(task.isCancelled());
        assertTrue(t.loop().isClosed());
        t.close();   // idempotent
        assertEquals("TestLoop.runCurrent(): the loop is closed",
                assertThrows(IllegalStateException.class, t::runCurrent).getMessage());
    }
}
