package dev.weft;

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

    @Async
    Coroutine<Void> launchesASwallower() {
        expect(1);
        Await.on(launch(swallowsAWrongStep()));
        finish(3);
        return Coroutine.done();
    }

    @Test
    void aSwallowedWrongStepFailsAtTeardown() {
        runTest(launchesASwallower());
        assertEquals("Expecting action index 5 but it is actually 2", teardownFailure().getMessage());
    }

    @Async
    Coroutine<Void> fails() {
        throw new IllegalStateException("boom");
    }

    @Async
    Coroutine<Void> launchesAFailingTaskAndForgetsIt() {
        launch(fails());
        Await.on(Asyncio.sleep(0));
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    @Test
    void anUnobservedTaskFailureFailsAtTeardown() {
        runTest(launchesAFailingTaskAndForgetsIt());
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
        runTest(failingCallback());
        assertEquals("callback", teardownFailure().getCause().getMessage());
    }

    @Async
    Coroutine<Void> failingCallback() {
        Asyncio.getRunningLoop().callSoon(() -> {
            throw new IllegalStateException("callback");
        });
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }
}
