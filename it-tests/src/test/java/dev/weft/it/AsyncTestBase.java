package dev.weft.it;

import dev.weft.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The base of the ordering tests, after kotlinx.coroutines' {@code TestBase}.
 *
 * <p>{@link #expect(int)} asserts that the code runs as step {@code n} of the test; {@link #finish(int)}
 * is the last step. The numbers follow execution order, so the interleaving reads off the code:
 * <pre>{@code
 * expect(1);
 * Asyncio.createTask(child());   // child: expect(3)
 * expect(2);
 * Await.on(Asyncio.sleep(0));
 * finish(4);
 * }</pre>
 *
 * <p>Every failure of {@code expect}, {@code finish}, {@link #expectUnreached()} and {@link #error} is
 * recorded before it is thrown, so a task that swallows it (or dies with it, unobserved) cannot hide it:
 * it is rethrown when the test ends. A test that called {@code expect} but never {@code finish} fails.
 *
 * <p>Every test runs under a timeout on a separate thread, so that a broken suspension point fails the
 * test instead of hanging the build.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AsyncTestBase {

    private final AtomicInteger actionIndex = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

    /**
     * Asserts that this is step {@code index} of the test.
     *
     * @param index the expected step, counted from 1
     */
    protected final void expect(int index) {
        int actual = actionIndex.incrementAndGet();
        if (actual != index) {
            throw error(new AssertionError("Expecting action index " + index + " but it is actually " + actual));
        }
    }

    /**
     * Asserts that this is step {@code index} and the last step of the test.
     *
     * @param index the expected step
     */
    protected final void finish(int index) {
        expect(index);
        if (finished.getAndSet(true)) {
            throw error(new AssertionError("finish(" + index + ") was called twice"));
        }
    }

    /** Fails (now and at teardown): this code must not run. */
    protected final void expectUnreached() {
        throw error(new AssertionError("This code should not be reached, but was reached after action "
                + actionIndex.get()));
    }

    /**
     * Records {@code failure} so that the test fails at teardown even if the failure is swallowed.
     *
     * @param failure the failure
     * @param <T> its type
     * @return {@code failure}, to throw
     */
    protected final <T extends Throwable> T error(T failure) {
        errors.add(failure);
        return failure;
    }

    /**
     * An exception handler for the running loop that records every error the loop reports (a failing
     * callback, a task exception nobody retrieved). Install it first thing in a test's main coroutine:
     * {@code Asyncio.getRunningLoop().setExceptionHandler(recordingHandler());}
     *
     * @return the handler
     */
    protected final BiConsumer<EventLoop, Map<String, Object>> recordingHandler() {
        return (loop, context) -> {
            Object e = context.get("exception");
            AssertionError failure = new AssertionError("event loop reported: " + context.get("message"),
                    e instanceof Throwable ? (Throwable) e : null);
            error(failure);
        };
    }

    /** @return the number of the last step taken, 0 before the first {@code expect} */
    protected final int currentStep() {
        return actionIndex.get();
    }

    @BeforeEach
    final void resetTestBase() {
        actionIndex.set(0);
        finished.set(false);
        errors.clear();
    }

    @AfterEach
    final void checkTestBase() throws Throwable {
        verifyState();
    }

    /**
     * What teardown checks: the recorded failures (the first is thrown, the others suppressed), then that
     * a test which called {@code expect} also called {@code finish}.
     *
     * @throws Throwable the first recorded failure, or an {@link AssertionError}
     */
    final void verifyState() throws Throwable {
        List<Throwable> recorded;
        synchronized (errors) {
            recorded = new ArrayList<>(errors);
        }
        if (!recorded.isEmpty()) {
            Throwable first = recorded.get(0);
            for (Throwable other : recorded.subList(1, recorded.size())) {
                if (other != first) {
                    first.addSuppressed(other);
                }
            }
            throw first;
        }
        if (actionIndex.get() != 0 && !finished.get()) {
            throw new AssertionError("Expecting that 'finish(...)' was invoked, but it was not (last step "
                    + actionIndex.get() + ")");
        }
    }
}
