package dev.weft.test;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The test base catches what it promises to catch (each test checks, then resets, the base's state). */
class AsyncTestBaseTest extends AsyncTestBase {

    private Throwable teardownFailure() {
        Throwable t = assertThrows(Throwable.class, this::checkTestBase);
        resetTestBase();
        return t;
    }

    @Async
    Coroutine<Void> swallowsAWrongStep() {
        try {
            expect(5);
        } catch (AssertionError swallowed) {
            // a task that hides the failure
        }
        return Coroutine.done();
    }

    @Test
    void aSwallowedWrongStepFailsAtTeardown() {
        runTest(() -> {
            expect(1);
            Await.on(launch(swallowsAWrongStep()));
            finish(3);
            return Coroutine.done();
        });
        assertEquals("Expecting action index 5 but it is actually 2", teardownFailure().getMessage());
    }

    @Async
    Coroutine<Void> fails() {
        throw new IllegalStateException("boom");
    }

    @Test
    void anUnobservedTaskFailureFailsAtTeardown() {
        runTest(() -> {
            launch(fails());
            Await.on(Asyncio.sleep(0));
            Await.on(Asyncio.sleep(0));
            return Coroutine.done();
        });
        Throwable t = teardownFailure();
        assertEquals("boom", t.getCause().getMessage());
    }

    @Test
    void expectWithoutFinishFailsAtTeardown() {
        expect(1);
        expect(2);
        assertEquals("Expecting that 'finish(3)' was invoked, but it was not", teardownFailure().getMessage());
    }

    @Test
    void aFailingCallbackFailsAtTeardown() {
        runTest(() -> {
            Asyncio.getRunningLoop().callSoon(() -> {
                throw new IllegalStateException("callback");
            });
            Await.on(Asyncio.sleep(0));
            return Coroutine.done();
        });
        assertEquals("callback", teardownFailure().getCause().getMessage());
    }

    @Test
    void aStepAfterFinishSaysTheTestIsFinished() {
        expect(1);
        finish(2);
        assertThrows(AssertionError.class, () -> expect(4));
        assertEquals("Expecting action index 4 but the test is already finished", teardownFailure().getMessage());
    }

    // ---- the one-method form ----

    @Test
    void theBodyOfAOneMethodTestRunsInTheMainTaskOnAVirtualClock() {
        String result = runTest(() -> {
            expect(1);
            double start = Asyncio.getRunningLoop().time();
            Await.on(Asyncio.sleep(3600));
            assertEquals(3600.0, Asyncio.getRunningLoop().time() - start, 1e-9);
            finish(2);
            return Coroutine.of("done");
        });
        assertEquals("done", result);
    }

    @Test
    void aBodyThatNeverAwaitsStillRunsOnTheLoop() {
        assertEquals(Boolean.TRUE, runTest(() -> {
            expect(1);
            finish(2);
            return Coroutine.of(Asyncio.currentTask() != null);
        }));
    }

    @Async
    Coroutine<String> child() {
        expect(3);
        Await.on(Asyncio.sleep(0));
        expect(5);
        return Coroutine.of("child");
    }

    @Test
    void anInterleavingReadsOffOneMethod() {
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
}
