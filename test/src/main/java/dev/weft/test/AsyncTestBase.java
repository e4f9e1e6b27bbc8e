package dev.weft.test;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotations.Async;
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
import java.util.function.Supplier;

/**
 * The base of ordering tests, after kotlinx.coroutines' {@code TestBase}: the base of Weft's own tests (the
 * runtime's and the it-tests'), published in {@code weft-test} for anyone's.
 *
 * <p>{@link #expect(int)} asserts that the code runs as step {@code n} of the test; {@link #finish(int)}
 * is the last step. The numbers follow execution order, so the interleaving reads off the code, and with
 * {@link #runTest(Supplier)} a whole ordering test is one method:
 * <pre>{@code
 * @Test
 * void aTaskStartsOnTheNextIteration() {
 *     runTest(() -> {
 *         expect(1);
 *         launch(child());            // child: expect(3)
 *         expect(2);
 *         Await.on(Asyncio.sleep(0));
 *         finish(4);
 *         return Coroutine.done();
 *     });
 * }
 * }</pre>
 *
 * <p>Every failure of {@code expect}, {@code finish}, {@link #expectUnreached()} and {@link #error} is
 * recorded before it is thrown, and so is every failure of a task started with {@link #launch} and every
 * error the loop of {@link #runTest} reports ({@link #recordingHandler()}): a task that swallows a failure,
 * or dies of it unobserved, cannot hide it. The first one is rethrown when the test ends, the others
 * suppressed in it. A test that called {@code expect} but not {@code finish} fails.
 *
 * <p>{@link #runTest} runs the main coroutine on a loop with a virtual clock, so sleeps are exact and
 * instant. Each test runs on a separate thread under one generous timeout, so that a lost wake-up or a
 * broken suspension point fails the test instead of hanging the build; it is sized for the slowest way the
 * tests run (woven at load time by the javaagent, on the Eclipse compiler's class files).
 *
 * <p>The base's own {@code @Async} methods are woven when {@code weft-test} is built, so a project using the base
 * weaves only its own classes, whatever way it weaves them (the plugin, the javaagent, which leaves woven classes
 * alone).
 *
 * <p>Threads: {@code expect}, {@code finish} and {@code error} may be called from any thread (a worker of
 * {@code toThread}); the step counter is atomic. The rest belongs to the loop's thread.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AsyncTestBase {

    private final AtomicInteger actionIndex = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

    /**
     * Asserts that this is step {@code index} of the test. Any thread; never suspends.
     *
     * @param index the expected step, counted from 1
     * @throws AssertionError (recorded) when this is another step
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
     * Asserts that this is step {@code index} and the last step of the test. Any thread; never suspends.
     *
     * @param index the expected step
     * @throws AssertionError (recorded) when this is another step, or {@code finish} was called already
     */
    protected final void finish(int index) {
        expect(index);
        if (finished.getAndSet(true)) {
            throw error(new AssertionError("finish(" + index + ") was called twice"));
        }
    }

    /**
     * Fails (now and at teardown): this code must not run.
     *
     * @throws AssertionError (recorded) always
     */
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
        errors.add(failure);
        return failure;
    }

    /** @return the number of the last step taken, 0 before the first {@code expect} */
    protected final int currentStep() {
        return actionIndex.get();
    }

    /**
     * Starts {@code coroutine} in a task on the running loop; if the task fails (other than by being
     * cancelled), the failure is recorded. Never suspends: the task's first step runs on a later pass.
     *
     * @param coroutine the task's coroutine
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException when no loop runs in the calling thread
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
     * An exception handler that records every error a loop reports (a failing callback, a task exception
     * nobody retrieved). {@link #runTest} installs it; a test that runs its own loop installs it first
     * thing in its main coroutine: {@code Asyncio.getRunningLoop().setExceptionHandler(recordingHandler());}
     *
     * @return the handler
     */
    protected final BiConsumer<EventLoop, Map<String, Object>> recordingHandler() {
        return (loop, context) -> {
            Object e = context.get("exception");
            error(new AssertionError("event loop reported: " + context.get("message"),
                    e instanceof Throwable ? (Throwable) e : null));
        };
    }

    /**
     * Runs {@code main} as {@link Asyncio#run} does, on a new loop with a virtual clock
     * ({@link VirtualTime}) whose errors are recorded ({@link #recordingHandler()}).
     *
     * @param main the test's main coroutine
     * @param <T> the result type
     * @return its result
     * @throws IllegalStateException when called from a running event loop
     */
    protected final <T> T runTest(Coroutine<T> main) {
        return VirtualTime.run(main, recordingHandler());
    }

    /**
     * {@link #runTest(Coroutine)} for a test written in one method: {@code body} is an async lambda (one
     * that returns a {@link Coroutine} and awaits), called in the main task, so that even a body that
     * never awaits runs on the loop.
     *
     * @param body makes the test's main coroutine
     * @param <T> the result type
     * @return its result
     */
    protected final <T> T runTest(Supplier<? extends Coroutine<T>> body) {
        return runTest(inTask(body));
    }

    @Async
    private static <T> Coroutine<T> inTask(Supplier<? extends Coroutine<T>> body) {
        return Coroutine.of(Await.on(body.get()));
    }

    /**
     * Awaits {@code awaitable} and asserts that it throws {@code type}: JUnit's {@code assertThrows} for
     * an await (its {@code Executable} returns nothing, so it cannot be an async lambda). It catches every
     * {@link Throwable} of the await, so a {@link dev.weft.CancelledError} of the awaiting task fails the
     * assertion unless {@code type} admits it.
     *
     * @param type the expected exception type
     * @param awaitable what to await
     * @param <E> the expected exception type
     * @return a coroutine that completes with the exception
     * @throws AssertionError (when awaited) if the await returns, or throws something not of {@code type}
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

    /** Starts each test from step 0 with nothing recorded (JUnit calls it). */
    @BeforeEach
    protected final void resetTestBase() {
        actionIndex.set(0);
        finished.set(false);
        errors.clear();
    }

    /**
     * Fails the test if {@link #verifyState()} finds anything (JUnit calls it).
     *
     * @throws Throwable what it found
     */
    @AfterEach
    protected final void checkTestBase() throws Throwable {
        verifyState();
    }

    /**
     * What teardown checks: the recorded failures (the first is thrown, the others suppressed in it), then
     * that a test which called {@code expect} also called {@code finish}.
     *
     * @throws Throwable the first recorded failure, or an {@link AssertionError}
     */
    protected final void verifyState() throws Throwable {
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
