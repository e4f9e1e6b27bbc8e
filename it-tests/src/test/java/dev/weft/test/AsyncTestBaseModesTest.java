package dev.weft.test;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test base itself, as the it-tests get it from weft-test, in each of their modes (woven by
 * the plugin, under the javaagent, compiled by ECJ): its bookkeeping, the interleaving it is meant to describe,
 * and a test written in one method, an async lambda woven as the test class is.
 */
class AsyncTestBaseModesTest extends AsyncTestBase {

    /** A fresh base, outside JUnit's lifecycle, to check what teardown would do. */
    private static final class Probe extends AsyncTestBase {
        @Async
        Coroutine<Void> swallowing() {
            Await.on(Asyncio.sleep(0));
            try {
                expect(99);
            } catch (AssertionError swallowed) {
                // swallowed inside a task: the base still reports it
            }
            return Coroutine.done();
        }
    }

    @Test
    void expectWithoutFinishFailsAtTeardown() {
        Probe p = new Probe();
        p.expect(1);
        p.expect(2);
        AssertionError e = assertThrows(AssertionError.class, p::verifyState);
        assertTrue(e.getMessage().contains("finish"), e.getMessage());
    }

    @Test
    void finishedTestPassesTeardown() throws Throwable {
        Probe p = new Probe();
        p.expect(1);
        p.finish(2);
        p.verifyState();
    }

    @Test
    void wrongStepIsRecordedEvenWhenSwallowed() {
        Probe p = new Probe();
        p.expect(1);
        try {
            p.expect(3);
        } catch (AssertionError swallowed) {
            // a task could do this; teardown must still fail
        }
        p.finish(3);
        AssertionError e = assertThrows(AssertionError.class, p::verifyState);
        assertEquals("Expecting action index 3 but it is actually 2", e.getMessage());
    }

    @Test
    void recordedErrorIsRethrownAsIs() {
        Probe p = new Probe();
        IllegalStateException boom = new IllegalStateException("boom");
        p.error(boom);
        Throwable thrown = assertThrows(IllegalStateException.class, p::verifyState);
        assertSame(boom, thrown);
    }

    // ---- the interleaving of STYLE.md, on the real loop ----

    @Async
    Coroutine<String> child() {
        expect(3);
        Await.on(Asyncio.sleep(0));
        expect(5);
        return Coroutine.of("child");
    }

    @Async
    Coroutine<String> interleaving() {
        expect(1);
        Task<String> t = Asyncio.createTask(child());
        expect(2);
        Await.on(Asyncio.sleep(0));
        expect(4);
        String r = Await.on(t);
        finish(6);
        return Coroutine.of(r);
    }

    @Test
    void styleGuideInterleaving() {
        assertEquals("child", Asyncio.run(interleaving()));
    }

    @Async
    static Coroutine<Boolean> runInTask(Probe p) {
        Task<Void> t = Asyncio.createTask(p.swallowing());
        Await.on(t);
        return Coroutine.of(t.isDone() && !t.isCancelled());
    }

    @Test
    void failureInsideTaskIsRecorded() {
        Probe p = new Probe();
        assertEquals(true, Asyncio.run(runInTask(p)));
        AssertionError e = assertThrows(AssertionError.class, p::verifyState);
        assertEquals("Expecting action index 99 but it is actually 1", e.getMessage());
    }

    @Async
    static Coroutine<Void> failingCallback(Probe p) {
        Asyncio.getRunningLoop().setExceptionHandler(p.recordingHandler());
        Asyncio.getRunningLoop().callSoon(() -> {
            throw new IllegalStateException("callback failed");
        });
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    @Test
    void errorsReportedByTheLoopAreRecorded() {
        Probe p = new Probe();
        Asyncio.run(failingCallback(p));
        AssertionError e = assertThrows(AssertionError.class, p::verifyState);
        assertEquals("callback failed", e.getCause().getMessage());
    }

    // ---- the one-method form: the test's async lambda is woven with this class, the base came woven ----

    @Test
    void styleGuideInterleavingInOneMethod() {
        assertEquals("child", runTest(() -> {
            expect(1);
            Task<String> t = launch(child());
            expect(2);
            Await.on(Asyncio.sleep(0));
            expect(4);
            String r = Await.on(t);
            finish(6);
            return Coroutine.of(r);
        }));
    }

    @Test
    void oneMethodTestRunsOnAVirtualClockAndRecordsWhatTheLoopReports() {
        Probe p = new Probe();
        double slept = p.runTest(() -> {
            Asyncio.getRunningLoop().callSoon(() -> {
                throw new IllegalStateException("callback failed");
            });
            double start = Asyncio.getRunningLoop().time();
            Await.on(Asyncio.sleep(3600));
            return Coroutine.of(Asyncio.getRunningLoop().time() - start);
        });
        assertEquals(3600.0, slept, 1e-9);
        AssertionError e = assertThrows(AssertionError.class, p::verifyState);
        assertEquals("callback failed", e.getCause().getMessage());
    }

    @Async
    static Coroutine<Void> failsAfterASuspension(String message) {
        Await.on(Asyncio.sleep(0));
        throw new IllegalStateException(message);
    }

    @Test
    void assertThrowsAsyncFromTheBase() {
        runTest(() -> {
            IllegalStateException e = Await.on(assertThrowsAsync(IllegalStateException.class,
                    failsAfterASuspension("no")));
            assertEquals("no", e.getMessage());
            return Coroutine.done();
        });
    }
}
