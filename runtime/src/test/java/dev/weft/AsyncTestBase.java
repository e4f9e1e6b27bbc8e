package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The base of the ordering tests, after kotlinx.coroutines' {@code TestBase}.
 *
 * <p>{@link #expect(int)} asserts that the code runs as step {@code n} of the test; {@link #finish(int)}
 * is the last step. The numbers follow execution order, so the interleaving reads off the code:
 * <pre>{@code
 * expect(1);
 * launch(child());            // child: expect(3)
 * expect(2);
 * Await.on(Asyncio.sleep(0));
 * finish(4);
 * }</pre>
 *
 * <p>Every failure of {@code expect}, {@code finish}, {@link #expectUnreached()} is recorded before it is
 * thrown, and so is every failure of a task started with {@link #launch} and every error the loop
 * reports: a task that swallows a failure, or dies of it unobserved, cannot hide it. The first one is
 * rethrown when the test ends. A test that called {@code expect} but not {@code finish} fails.
 *
 * <p>{@link #runTest} runs the main coroutine on a loop with a virtual clock, so sleeps are exact and
 * instant. Each test has a (generous) timeout, so that a lost wake-up fails instead of hanging.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class AsyncTestBase {

    private final AtomicInteger actionIndex = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final List<Throwable> errors = new ArrayList<>();

    /**
     * Asserts that this is step {@code index} of the test.
     *
     * @param index the expected step, counted from 1
     */
    protected final void expect(int index) {
        int actual = actionIndex.incrementAndGet();
        if (actual != index) {
            throw error(new AssertionError(finished.get()
                    ? "Expecting action index " + index + " but the test is already finished"
                    : "Expecting action index " + index + " but it is actually " + actual));
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
     * Records {@code failure}, so that the test fails at teardown even if it is swallowed.
     *
     * @param failure the failure
     * @param <T> its type
     * @return {@code failure}, to throw
     */
    protected final <T extends Throwable> T error(T failure) {
        synchronized (errors) {
            errors.add(failure);
        }
        return failure;
    }

    /**
     * Starts {@code coroutine} in a task on the running loop; if the task fails (other than by being
     * cancelled), the failure is recorded.
     *
     * @param coroutine the task's coroutine
     * @param <T> the result type
     * @return the task
     */
    protected final <T> Task<T> launch(Coroutine<T> coroutine) {
        Task<T> task = Asyncio.createTask(coroutine);
        task.addDoneCallback(t -> {
            if (!t.isCancelled() && t.exception() != null) {
                error(new AssertionError("task " + task.getName() + " failed", t.exception()));
            }
        });
        return task;
    }

    /**
     * Runs {@code main} on a new loop with a virtual clock ({@link VirtualTime#run}), with an exception
     * handler that records whatever the loop reports.
     *
     * @param main the test's main coroutine
     * @param <T> the result type
     * @return its result
     */
    protected final <T> T runTest(Coroutine<T> main) {
        return VirtualTime.run(recording(main));
    }

    @Async
    private <T> Coroutine<T> recording(Coroutine<T> main) {
        Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> {
            Object e = context.get("exception");
            error(new AssertionError("event loop reported: " + context.get("message"),
                    e instanceof Throwable ? (Throwable) e : null));
        });
        return main;
    }

    /**
     * Awaits {@code awaitable} and asserts that it throws {@code type}: JUnit's {@code assertThrows} for
     * an await (a lambda cannot await).
     *
     * @param type the expected exception type
     * @param awaitable what to await
     * @param <E> the expected exception type
     * @return a coroutine that completes with the exception
     */
    @Async
    protected final <E extends Throwable> Coroutine<E> assertThrowsAsync(Class<E> type, Awaitable<?> awaitable) {
        Object result;
        try {
            result = Await.on(awaitable);
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return Coroutine.of(type.cast(t));
            }
            throw new AssertionError("Expected " + type.getName() + " to be thrown, but got " + t, t);
        }
        throw new AssertionError("Expected " + type.getName() + " to be thrown, but the await returned " + result);
    }

    /** @return the number of the last step taken, 0 before the first {@code expect} */
    protected final int currentStep() {
        return actionIndex.get();
    }

    @BeforeEach
    final void resetTestBase() {
        actionIndex.set(0);
        finished.set(false);
        synchronized (errors) {
            errors.clear();
        }
    }

    @AfterEach
    final void checkTestBase() throws Throwable {
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
            throw new AssertionError("Expecting that 'finish(" + (actionIndex.get() + 1) + ")' was invoked, but it was not");
        }
    }
}
