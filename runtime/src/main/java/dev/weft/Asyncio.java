package dev.weft;

import dev.weft.internal.Sleep;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.Loops;
import dev.weft.internal.streams.Streams;
import dev.weft.internal.subprocess.Subprocesses;
import dev.weft.internal.tasks.AsCompleted;
import dev.weft.internal.tasks.Gather;
import dev.weft.internal.tasks.Runners;
import dev.weft.internal.tasks.Shield;
import dev.weft.internal.tasks.Threads;
import dev.weft.internal.tasks.Wait;
import dev.weft.internal.tasks.WaitFor;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Python's {@code asyncio} module functions: running a program, sleeping, creating and combining
 * tasks. Names follow Python's, in camelCase. A façade, as {@code asyncio/__init__.py} is: each function
 * delegates to the class of its concept.
 *
 * <p>Threads: call these on a loop's thread, in its tasks and callbacks, except {@link #run} (which runs a new
 * loop in the calling thread, and refuses to run inside a running one), the policy and per-thread loop functions,
 * and {@link #runCoroutineThreadsafe}, the way in from other threads. The functions that return a
 * {@link Coroutine} do nothing until it is awaited; awaiting never blocks the thread, it suspends the task.
 *
 * <pre>{@code
 * @Async
 * static Coroutine<Void> main() {
 *     Task<String> slow = Asyncio.createTask(fetch("slow", 2.0));
 *     try {
 *         System.out.println(Await.on(Asyncio.waitFor(fetch("fast", 0.5), 1.0)));   // fast
 *         System.out.println(Await.on(Asyncio.waitFor(Asyncio.shield(slow), 1.0)));  // TimeoutError
 *     } catch (TimeoutError e) {
 *         System.out.println("slow still running: " + !slow.isDone());              // true: shielded
 *     }
 *     return Coroutine.done();
 * }
 * }</pre>
 */
public final class Asyncio {

    private Asyncio() {
    }

    // ---- running ----

    /**
     * Runs {@code main} on a new event loop (from the {@linkplain #getEventLoopPolicy() policy}, its debug mode
     * left as the policy made it) and returns its result: Python's {@code asyncio.run}. On exit, whatever
     * happened, the tasks still pending are cancelled (and awaited), the async generators not finished are closed,
     * the default executor is shut down (waiting for its threads) and the loop is closed.
     *
     * <p>The calling thread runs the loop and is blocked until then. An exception {@code main} ends with is thrown
     * as it is, even a checked one. On the thread named {@code main} (where the module {@code jdk.unsupported} is
     * readable, as it always is on the class path), the first Ctrl-C (SIGINT) cancels {@code main}: if it then ends
     * cancelled, {@link KeyboardInterrupt} is thrown instead of the {@link CancelledError}; a second Ctrl-C is
     * handled as the JVM handles it.
     *
     * @param main the program's main coroutine
     * @param <T> the result type
     * @return the result of {@code main}
     * @throws IllegalStateException when called from a running event loop, or when {@code main} is not a
     *     {@link Coroutine}
     */
    public static <T> T run(Awaitable<T> main) {
        return Runners.run(main, null, null);
    }

    /**
     * Like {@link #run(Awaitable)}, with the loop's debug mode on or off.
     *
     * @param main the program's main coroutine
     * @param debug whether to run the loop in debug mode
     * @param <T> the result type
     * @return the result of {@code main}
     * @throws IllegalStateException as {@link #run(Awaitable)}
     */
    public static <T> T run(Awaitable<T> main, boolean debug) {
        return Runners.run(main, debug, null);
    }

    /**
     * Any thread.
     *
     * @return a new event loop from the {@linkplain #getEventLoopPolicy() policy}, not running, not set for any thread
     * @throws IllegalStateException when the policy returns a loop that Weft did not make
     */
    public static EventLoop newEventLoop() {
        return Loops.newLoop();
    }

    /** @return the policy that makes new loops; {@link EventLoopPolicy#DEFAULT} unless one was set; any thread */
    public static EventLoopPolicy getEventLoopPolicy() {
        return Loops.policy();
    }

    /**
     * Sets the policy that makes the loops of {@link #run(Awaitable)}, {@link #newEventLoop()} and a thread's first
     * {@link #getEventLoop()}, for every thread from now on; loops already made are kept. Any thread.
     *
     * @param newPolicy the policy, or {@code null} for {@link EventLoopPolicy#DEFAULT}
     */
    public static void setEventLoopPolicy(EventLoopPolicy newPolicy) {
        Loops.setPolicy(newPolicy);
    }

    /**
     * Python's {@code asyncio.get_running_loop()}. Any thread: each thread sees its own.
     *
     * @return the loop running in this thread
     * @throws IllegalStateException when none is running ("no running event loop")
     */
    public static EventLoop getRunningLoop() {
        return BaseEventLoop.running();
    }

    /**
     * Any thread: each thread has its own. A thread whose loop was closed gets a new one from the policy.
     *
     * @return the loop running in this thread, or else this thread's loop (created on first use)
     * @throws IllegalStateException when the policy returns a loop that Weft did not make
     */
    public static EventLoop getEventLoop() {
        return BaseEventLoop.forThread();
    }

    /**
     * Makes {@code loop} this thread's loop for {@link #getEventLoop()}.
     *
     * @param loop the loop, or {@code null} to forget it
     * @throws IllegalArgumentException when {@code loop} is not a loop Weft made
     */
    public static void setEventLoop(EventLoop loop) {
        if (loop != null && !(loop instanceof BaseEventLoop)) {
            throw new IllegalArgumentException(loop + " is not a loop Weft made: make it with Asyncio.newEventLoop()"
                    + " or EventLoopPolicy.DEFAULT.newEventLoop()");
        }
        BaseEventLoop.setThreadLoop((BaseEventLoop) loop);
    }

    // ---- sleeping ----

    /**
     * Suspends the current task for {@code seconds}: Python's {@code asyncio.sleep}. {@code sleep(0)} (or a
     * negative delay) gives up exactly one pass of the loop. As in Python, a positive sleep's task resumes on the
     * pass after the one in which its deadline fell due; tasks whose sleeps fall due in the same pass resume in
     * deadline order, and those with the same deadline in the order they began to sleep. Cancelling the task
     * while it sleeps takes the timer out and throws {@link CancelledError} from the await on the next pass.
     *
     * @param seconds how long
     * @return the coroutine to await
     * @throws IllegalArgumentException when {@code seconds} is {@code NaN}
     */
    public static Coroutine<Void> sleep(double seconds) {
        return new Sleep<>(seconds, null);
    }

    /**
     * Like {@link #sleep(double)}, and the await then returns {@code result}.
     *
     * @param seconds how long
     * @param result what the await returns
     * @param <T> the result type
     * @return the coroutine to await
     * @throws IllegalArgumentException when {@code seconds} is {@code NaN}
     */
    public static <T> Coroutine<T> sleep(double seconds, T result) {
        return new Sleep<>(seconds, result);
    }

    /**
     * Like {@link #sleep(double)} with a {@link Duration}.
     *
     * @param duration how long
     * @return the coroutine to await
     * @throws ArithmeticException when {@code duration} is too long to count in nanoseconds (about 292 years)
     */
    public static Coroutine<Void> sleep(Duration duration) {
        return sleep(duration.toNanos() / 1e9);
    }

    // ---- tasks ----

    /**
     * Wraps {@code awaitable} in a task on the running loop: Python's {@code asyncio.create_task}. The
     * task starts on a later pass of the loop; tasks start in the order they were created. It runs in a copy of
     * the current {@link Context}. Call it on the loop's thread (in a task or a callback); it never suspends.
     *
     * @param awaitable the coroutine
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException when no loop runs in this thread ("no running event loop"), or
     *     {@code awaitable} is an {@code @Async} method's coroutine that was already awaited or wrapped in a task
     * @throws NullPointerException when {@code awaitable} is {@code null}
     */
    public static <T> Task<T> createTask(Awaitable<T> awaitable) {
        return BaseEventLoop.running().createTask(awaitable);
    }

    /**
     * Like {@link #createTask(Awaitable)}, with a name.
     *
     * @param awaitable the coroutine
     * @param name the task's name
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException as {@link #createTask(Awaitable)}
     * @throws NullPointerException when {@code awaitable} is {@code null}
     */
    public static <T> Task<T> createTask(Awaitable<T> awaitable, String name) {
        return BaseEventLoop.running().createTask(awaitable, name);
    }

    /**
     * Like {@link #createTask(Awaitable, String)}, in {@code context}: Python's
     * {@code asyncio.create_task(coro, name=name, context=context)}; see
     * {@link EventLoop#createTask(Awaitable, String, Context)}.
     *
     * @param awaitable the coroutine
     * @param name the task's name, or {@code null} for {@code Task-N}
     * @param context the context the task runs in, or {@code null} for a copy of the current one
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException as {@link #createTask(Awaitable)}
     * @throws NullPointerException when {@code awaitable} is {@code null}
     */
    public static <T> Task<T> createTask(Awaitable<T> awaitable, String name, Context context) {
        return BaseEventLoop.running().createTask(awaitable, name, context);
    }

    /**
     * A future for {@code awaitable}: the future itself, or a new task for a coroutine: Python's
     * {@code asyncio.ensure_future}. A future bound to a loop (any loop) is returned as it is, as in Python;
     * otherwise the loop is the one running in this thread, or else this thread's loop ({@link #getEventLoop()}),
     * and a future not yet bound to a loop is bound to it.
     *
     * @param awaitable a future or a coroutine
     * @param <T> the result type
     * @return the future
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        if (awaitable instanceof Future<T> f && f.loop != null) {
            return f;
        }
        return BaseEventLoop.forThread().ensureFuture(awaitable);
    }

    /**
     * A future on the current loop that completes, on the loop's thread, when {@code stage} does (with
     * its original exception on failure): Python's {@code asyncio.wrap_future}. Cancelling the future (its
     * awaiting task cancelled, a timeout) cancels the stage through {@code toCompletableFuture().cancel(false)};
     * a cancelled stage cancels the future. The loop is the one running in this thread, or else this thread's loop
     * ({@link #getEventLoop()}). A stage that completes after the loop is closed leaves the future pending.
     *
     * @param stage the stage, completed on any thread
     * @param <T> the result type
     * @return the future
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        return BaseEventLoop.forThread().wrapStage(stage);
    }

    /**
     * Python's {@code asyncio.current_task()}. Any thread.
     *
     * @return the task whose step is running on this thread's loop, or {@code null} (no loop runs in this thread,
     *     or a plain callback is running)
     */
    public static Task<?> currentTask() {
        BaseEventLoop l = BaseEventLoop.runningOrNull();
        return l == null ? null : l.currentTask();
    }

    /**
     * Python's {@code asyncio.all_tasks()}.
     *
     * @return the unfinished tasks of the loop running in this thread, oldest first: a new set, which later
     *     changes do not touch
     * @throws IllegalStateException when no loop runs in this thread
     */
    public static Set<Task<?>> allTasks() {
        return BaseEventLoop.running().allTasks();
    }

    // ---- gather ----

    /**
     * Runs the awaitables concurrently and collects their results in argument order: Python's
     * {@code asyncio.gather}. Coroutines are wrapped in tasks now, in argument order; an awaitable given twice is
     * one child, whose result is in the list twice. The first failure is propagated to the awaiter (the other
     * children keep running, and are not cancelled); a child cancelled on its own counts as a failure with
     * {@link CancelledError}. Cancelling the returned future (or the task that awaits it) cancels the children that
     * are not done; the await then ends, with {@link CancelledError}, once every child is done, even if a child
     * swallowed its cancellation. With no awaitables, the future already has an empty list.
     *
     * <p>The children run on the loop of the first future given, or else on the loop running in this thread (or
     * this thread's loop, {@link #getEventLoop()}). This call never suspends.
     *
     * <pre>{@code
     * List<Object> pages = Await.on(Asyncio.gather(fetch("a"), fetch("b")));   // [page a, page b]
     * }</pre>
     *
     * @param awaitables coroutines and futures
     * @return a future for the list of results
     * @throws IllegalStateException when a future belongs to another loop than the first one's, or a coroutine was
     *     already awaited or wrapped in a task
     */
    public static Future<List<Object>> gather(Awaitable<?>... awaitables) {
        return gather(false, awaitables);
    }

    /**
     * Like {@link #gather(Awaitable[])} over a collection.
     *
     * @param awaitables coroutines and futures
     * @param <T> the common result type
     * @return a future for the list of results
     * @throws IllegalStateException as {@link #gather(Awaitable[])}
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        return (Future) gather(false, awaitables.toArray(new Awaitable<?>[0]));
    }

    /**
     * Like {@link #gather(Awaitable[])}; with {@code returnExceptions}, failures are not propagated but
     * put in the result list in place of a result (a cancelled child gives a {@link CancelledError}), and the
     * future completes once every child is done. Cancelling the returned future still makes the await throw
     * {@link CancelledError}.
     *
     * <pre>{@code
     * List<Object> all = Await.on(Asyncio.gather(true, fetch("a"), fetch("broken")));
     * // [page a, java.io.IOException: ...]: a failure takes its child's place
     * }</pre>
     *
     * @param returnExceptions whether to collect failures as results
     * @param awaitables coroutines and futures
     * @return a future for the list of results
     * @throws IllegalStateException as {@link #gather(Awaitable[])}
     */
    public static Future<List<Object>> gather(boolean returnExceptions, Awaitable<?>... awaitables) {
        return Gather.gather(returnExceptions, awaitables);
    }

    /**
     * Like {@link #gather(boolean, Awaitable[])} over a collection.
     *
     * @param returnExceptions whether to collect failures as results
     * @param awaitables coroutines and futures
     * @return a future for the list of results
     * @throws IllegalStateException as {@link #gather(Awaitable[])}
     */
    public static Future<List<Object>> gather(boolean returnExceptions, Collection<? extends Awaitable<?>> awaitables) {
        return Gather.gather(returnExceptions, awaitables.toArray(new Awaitable<?>[0]));
    }

    // ---- waitFor, wait, asCompleted ----

    private static final double NO_TIMEOUT = Double.POSITIVE_INFINITY;

    /**
     * Awaits {@code awaitable} for at most {@code timeout} seconds: Python 3.11's
     * {@code asyncio.wait_for}. On timeout the inner task is cancelled and awaited, then
     * {@link TimeoutError} is thrown, unless the inner task swallowed the cancellation and returned a
     * value, which is then returned. Cancelling the awaiting task cancels the inner one too.
     *
     * <p>The deadline runs from when the returned coroutine is awaited, which is when a coroutine is wrapped in its
     * task. The {@link TimeoutError}'s cause is the inner task's {@link CancelledError}; an inner task that ends
     * with another exception after the cancellation throws that exception instead. When the awaiting task is
     * cancelled, the inner one is cancelled and awaited before the {@link CancelledError} propagates; if the inner
     * one was already done at that point, its outcome (result or exception) is the await's, and the cancellation is
     * dropped, as in Python 3.11.
     * With no timeout, {@code awaitable} is awaited as it is, a coroutine inline without a task.
     *
     * <pre>{@code
     * try {
     *     String page = Await.on(Asyncio.waitFor(fetch("a"), 5.0));
     * } catch (TimeoutError e) {
     *     // fetch("a") ran for 5 s and was cancelled: its finally blocks have run
     * }
     * }</pre>
     *
     * @param awaitable a coroutine (wrapped in a task) or a future
     * @param timeout seconds; {@code Double.POSITIVE_INFINITY} for none; 0 or less: only if already done
     * @param <T> the result type
     * @return the coroutine to await: it throws {@link TimeoutError}, {@link CancelledError}, or the exception
     *     {@code awaitable} ends with, as it is
     */
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double timeout) {
        return WaitFor.waitFor(awaitable, timeout);
    }

    /**
     * {@link #waitFor(Awaitable, double)} for a {@link CompletionStage}, wrapped first ({@link #wrapFuture}): on
     * timeout the stage is cancelled ({@code toCompletableFuture().cancel(false)}), as Python cancels a wrapped
     * {@code concurrent.futures.Future}.
     *
     * @param stage the stage
     * @param timeout seconds; {@code Double.POSITIVE_INFINITY} for none
     * @param <T> the result type
     * @return the coroutine to await
     */
    public static <T> Coroutine<T> waitFor(CompletionStage<T> stage, double timeout) {
        return waitFor(wrapFuture(stage), timeout);
    }

    /**
     * Waits until all futures are done: Python's {@code asyncio.wait}; see
     * {@link #wait(Collection, double, ReturnWhen)}.
     *
     * @param fs the futures (tasks), at least one
     * @param <T> the result type
     * @return the coroutine to await, giving the done and pending sets
     */
    public static <T> Coroutine<WaitResult<T>> wait(Collection<? extends Future<? extends T>> fs) {
        return wait(fs, NO_TIMEOUT, ReturnWhen.ALL_COMPLETED);
    }

    /**
     * Waits until all futures are done or {@code timeout} seconds passed; nothing is cancelled, and no
     * {@link TimeoutError} is thrown. See {@link #wait(Collection, double, ReturnWhen)}.
     *
     * @param fs the futures (tasks), at least one
     * @param timeout seconds, {@code Double.POSITIVE_INFINITY} for none
     * @param <T> the result type
     * @return the coroutine to await, giving the done and pending sets
     */
    public static <T> Coroutine<WaitResult<T>> wait(Collection<? extends Future<? extends T>> fs, double timeout) {
        return wait(fs, timeout, ReturnWhen.ALL_COMPLETED);
    }

    /**
     * Waits until {@code when} is met; see {@link #wait(Collection, double, ReturnWhen)}.
     *
     * @param fs the futures (tasks), at least one
     * @param when when to return
     * @param <T> the result type
     * @return the coroutine to await, giving the done and pending sets
     */
    public static <T> Coroutine<WaitResult<T>> wait(Collection<? extends Future<? extends T>> fs, ReturnWhen when) {
        return wait(fs, NO_TIMEOUT, when);
    }

    /**
     * Waits until {@code when} is met or {@code timeout} seconds passed: Python's {@code asyncio.wait}.
     * Nothing is cancelled; the futures still pending are in {@link WaitResult#pending()}. The sets keep
     * the order of {@code fs}; a future given twice is in them once. The await never throws the futures'
     * exceptions: look at each done future. Cancelling the awaiting task throws {@link CancelledError} from the
     * await and leaves the futures running. The timeout runs from when the coroutine is awaited, and its end is
     * not an error: the await returns with the futures still pending.
     *
     * <pre>{@code
     * Task<String> a = Asyncio.createTask(fetch("a"));
     * Task<String> b = Asyncio.createTask(fetch("b"));
     * WaitResult<String> r = Await.on(Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED));
     * for (Future<String> f : r.pending()) {
     *     f.cancel();                             // the slower one
     * }
     * }</pre>
     *
     * @param fs the futures (tasks), at least one
     * @param timeout seconds, {@code Double.POSITIVE_INFINITY} for none
     * @param when when to return
     * @param <T> the result type
     * @return the coroutine to await, giving the done and pending sets; it throws {@link IllegalStateException}
     *     when {@code fs} is empty or {@code when} is {@code null}
     */
    public static <T> Coroutine<WaitResult<T>> wait(Collection<? extends Future<? extends T>> fs, double timeout,
                                                     ReturnWhen when) {
        return Wait.wait(fs, timeout, when);
    }

    /**
     * The awaitables' results in the order they finish: Python's {@code asyncio.as_completed}. Each
     * element is a coroutine to await; the first gives the first result (or throws the first failure).
     * Coroutines are wrapped in tasks now, in argument order, on the loop running in this thread (or this thread's
     * loop, {@link #getEventLoop()}); an awaitable given twice counts once. A failure is thrown as it is, and a
     * cancelled awaitable throws {@link CancelledError}, from the element that takes it; the others go on.
     *
     * <pre>{@code
     * for (Coroutine<String> next : Asyncio.asCompleted(List.of(fetch("a"), fetch("b")))) {
     *     String page = Await.on(next);           // the fastest first
     * }
     * }</pre>
     *
     * @param awaitables coroutines and futures
     * @param <T> the result type
     * @return as many coroutines as distinct awaitables
     */
    public static <T> Iterable<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables) {
        return asCompleted(awaitables, NO_TIMEOUT);
    }

    /**
     * Like {@link #asCompleted(Collection)}; after {@code timeout} seconds the remaining coroutines
     * throw {@link TimeoutError}. The timeout runs from this call, and nothing is cancelled when it ends: the
     * awaitables not done by then keep running.
     *
     * @param awaitables coroutines and futures
     * @param timeout seconds, {@code Double.POSITIVE_INFINITY} for none
     * @param <T> the result type
     * @return as many coroutines as distinct awaitables
     */
    public static <T> Iterable<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables,
                                                        double timeout) {
        return AsCompleted.asCompleted(awaitables, timeout);
    }

    // ---- shield, threads, timeouts ----

    /**
     * Protects {@code awaitable} from cancellation: Python's {@code asyncio.shield}. Cancelling the
     * task that awaits the returned future cancels only that await; the inner task runs on to the end.
     * If the inner task is cancelled itself, the returned future is cancelled too. An awaitable that is already a
     * done future is returned as it is. Once the returned future is cancelled, the inner one's exception, if it
     * fails later, is not reported: keep a reference to the inner task to look at its outcome.
     *
     * <pre>{@code
     * Task<Void> save = Asyncio.createTask(saveToDisk(data));
     * try {
     *     Await.on(Asyncio.shield(save));
     * } catch (CancelledError e) {
     *     // this task was cancelled; save goes on
     *     throw e;
     * }
     * }</pre>
     *
     * @param awaitable a coroutine (wrapped in a task now) or a future
     * @param <T> the result type
     * @return a future that follows the inner one
     * @throws IllegalStateException when {@code awaitable} is a coroutine already awaited or wrapped in a task
     */
    public static <T> Future<T> shield(Awaitable<T> awaitable) {
        return Shield.shield(awaitable);
    }

    /**
     * {@link #shield(Awaitable)} for a {@link CompletionStage}, wrapped first ({@link #wrapFuture}): cancelling the
     * awaiting task leaves the stage running.
     *
     * @param stage the stage
     * @param <T> the result type
     * @return a future that follows the stage
     */
    public static <T> Future<T> shield(CompletionStage<T> stage) {
        return Shield.shield(wrapFuture(stage));
    }

    /**
     * Runs the blocking {@code fn} on the loop's default executor and awaits its result: Python's
     * {@code asyncio.to_thread}. A failure is rethrown as the original exception. {@code fn} runs in a copy of the
     * caller's {@link Context}: it sees the caller's values, and what it sets does not come back.
     *
     * <p>{@code fn} is handed to the executor when the coroutine is awaited, and the task resumes on the loop's
     * thread on a pass after {@code fn} returns. Cancelling the awaiting task throws {@link CancelledError} from the
     * await without waiting for {@code fn}, and does not interrupt {@code fn}: it runs to its end and its outcome
     * is dropped. See {@link EventLoop#runInExecutor}.
     *
     * <pre>{@code
     * byte[] bytes = Await.on(Asyncio.toThread(() -> Files.readAllBytes(path)));   // the loop runs on meanwhile
     * }</pre>
     *
     * @param fn the blocking function
     * @param <T> the result type
     * @return the coroutine to await
     */
    public static <T> Coroutine<T> toThread(Callable<T> fn) {
        return Threads.toThread(fn);
    }

    /**
     * Awaits {@code awaitable} inline in the current task with a deadline: Python's
     * {@code async with asyncio.timeout(delay): await aw}. When the deadline passes, the task is
     * cancelled at its suspension point and the cancellation turns into {@link TimeoutError} here
     * (unless another cancellation was requested meanwhile). The deadline runs from when the returned coroutine
     * is awaited. {@code delay <= 0} expires on the next pass of the loop; {@code Double.POSITIVE_INFINITY} never.
     * The block form is {@link #timeout(double)}. Unlike {@link #waitFor}, a coroutine is not wrapped in a task:
     * it runs inline in the awaiting task, which the deadline cancels.
     *
     * <pre>{@code
     * String page = Await.on(Asyncio.timeout(5.0, fetch("a")));   // TimeoutError after 5 s
     * }</pre>
     *
     * @param delay seconds from now
     * @param awaitable what to await
     * @param <T> the result type
     * @return the coroutine to await; it throws {@link TimeoutError}, {@link CancelledError}, what
     *     {@code awaitable} throws, as it is, {@link IllegalStateException} outside a task, or
     *     {@link IllegalArgumentException} for a {@code NaN} delay
     */
    public static <T> Coroutine<T> timeout(double delay, Awaitable<T> awaitable) {
        return Timeout.within(delay, awaitable);
    }

    /**
     * {@link #timeout(double, Awaitable)} for a {@link CompletionStage}, wrapped first ({@link #wrapFuture}): when
     * the deadline passes, the stage is cancelled ({@code toCompletableFuture().cancel(false)}) with the await, and
     * {@link TimeoutError} is thrown.
     *
     * @param delay seconds from when the coroutine is awaited
     * @param stage the stage, completed on any thread
     * @param <T> the result type
     * @return the coroutine to await
     */
    public static <T> Coroutine<T> timeout(double delay, CompletionStage<T> stage) {
        return Timeout.within(delay, wrapFuture(stage));
    }

    /**
     * A deadline {@code delay} seconds from now for the block of a try-with-resources statement, which inside an
     * {@code @Async} method is Python's {@code async with asyncio.timeout(delay) as t:}. This call is Python's
     * {@code __aenter__}: the returned {@link Timeout} is already entered, bound to the current task, and the
     * deadline runs from now. When it passes, the task is cancelled; leaving the block with that cancellation throws
     * {@link TimeoutError} (see {@link Timeout}). {@code delay <= 0} expires on the next pass of the loop.
     *
     * @param delay seconds from now; {@code Double.POSITIVE_INFINITY} for no deadline (Python's {@code None}),
     *     which {@link Timeout#reschedule} may set later
     * @return the entered timeout
     * @throws IllegalStateException outside a task ("Timeout should be used inside a task")
     * @throws IllegalArgumentException for {@code NaN}
     */
    public static Timeout timeout(double delay) {
        return Timeout.after(delay);
    }

    /**
     * Like {@link #timeout(double)} with an absolute deadline in {@link EventLoop#time()}'s clock: Python's
     * {@code asyncio.timeout_at(when)}. A deadline already passed expires on the next pass of the loop.
     *
     * @param when the deadline; {@code Double.POSITIVE_INFINITY} for none
     * @return the entered timeout
     * @throws IllegalStateException outside a task ("Timeout should be used inside a task")
     * @throws IllegalArgumentException for {@code NaN}
     */
    public static Timeout timeoutAt(double when) {
        return Timeout.at(when);
    }

    /**
     * Submits {@code coroutine} to {@code loop} from any thread: Python's
     * {@code asyncio.run_coroutine_threadsafe}. The returned future completes with the coroutine's
     * result or original exception; cancelling it cancels the task on its loop.
     *
     * <p>The task is created on {@code loop}'s thread, through {@link EventLoop#callSoonThreadsafe}, and starts when
     * the loop runs; the returned future completes on the loop's thread. A task that ends cancelled cancels the
     * returned future ({@link java.util.concurrent.CancellationException} from its {@code get()}). Cancelled before
     * the loop took it in, the coroutine never runs.
     *
     * <pre>{@code
     * // on a thread that does not run the loop:
     * CompletableFuture<String> page = Asyncio.runCoroutineThreadsafe(fetch("a"), loop);
     * String text = page.get(10, TimeUnit.SECONDS);   // blocks this thread, not the loop
     * }</pre>
     *
     * @param coroutine the coroutine
     * @param loop a loop, usually running in another thread
     * @param <T> the result type
     * @return a future usable from any thread
     * @throws IllegalArgumentException when {@code coroutine} is not a {@link Coroutine}
     * @throws IllegalStateException when {@code loop} is closed
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Awaitable<T> coroutine, EventLoop loop) {
        return Threads.runCoroutineThreadsafe(coroutine, loop);
    }

    // ---- streams ----

    /**
     * Opens a stream connection: Python's {@code asyncio.open_connection}. Each address of the host is tried in
     * turn (a name is looked up off the loop's thread).
     *
     * @param host a name or an address
     * @param port the port
     * @return the coroutine to await: the reader and the writer
     * @throws IOException (when awaited) {@link java.net.ConnectException} when refused, or what else connecting
     *     throws, as it is
     */
    public static Coroutine<Connection> openConnection(String host, int port) throws IOException {
        return Streams.openConnection(host, port, StreamOptions.defaults());
    }

    /**
     * {@link #openConnection(String, int)} over TLS; the server's certificate must be for {@code host}.
     *
     * @param host a name or an address
     * @param port the port
     * @param ssl the TLS configuration (its trust store decides which servers are trusted)
     * @return the coroutine to await: the reader and the writer
     * @throws IOException (when awaited) {@link javax.net.ssl.SSLHandshakeException} for a failed handshake or
     *     certificate check, or what else connecting throws
     */
    public static Coroutine<Connection> openConnection(String host, int port, SSLContext ssl) throws IOException {
        return Streams.openConnection(host, port, StreamOptions.defaults().withSsl(ssl));
    }

    /**
     * {@link #openConnection(String, int)} with options (the reader's limit, TLS).
     *
     * @param host a name or an address
     * @param port the port
     * @param options the options
     * @return the coroutine to await: the reader and the writer
     * @throws IOException (when awaited) what connecting throws
     */
    public static Coroutine<Connection> openConnection(String host, int port, StreamOptions options)
            throws IOException {
        return Streams.openConnection(host, port, options);
    }

    /**
     * Listens for stream connections: Python's {@code asyncio.start_server}. Each connection gets a reader and a
     * writer, and {@code clientConnected}'s coroutine runs in a task of its own.
     *
     * <p>The handler is a {@code BiFunction}, so it declares no checked exception: it catches the
     * {@link IOException} a peer that goes away causes, where Python's handler would let it escape. An exception
     * that does escape fails the connection's task, which reports it as CPython 3.11 does ("Task exception was
     * never retrieved"); the server goes on serving.
     *
     * <pre>{@code
     * @Async
     * static Coroutine<Void> echo(StreamReader reader, StreamWriter writer) {
     *     try {
     *         byte[] line;
     *         while ((line = Await.on(reader.readline())).length > 0) {
     *             writer.write(line);
     *             Await.on(writer.drain());
     *         }
     *     } catch (IOException e) {
     *         // the peer reset the connection
     *     }
     *     writer.close();
     *     return Coroutine.done();
     * }
     * ...
     * Server server = Await.on(Asyncio.startServer(Main::echo, "127.0.0.1", 8888));
     * }</pre>
     *
     * @param clientConnected the connection's handler
     * @param host where to listen, or {@code null} for all interfaces
     * @param port the port; 0 lets the system choose ({@link Server#port()})
     * @return the coroutine to await: the server, serving
     * @throws IOException (when awaited) what binding throws, for example {@link java.net.BindException}
     */
    public static Coroutine<Server> startServer(BiFunction<StreamReader, StreamWriter, Coroutine<Void>> clientConnected,
                                                String host, int port) throws IOException {
        return Streams.startServer(clientConnected, host, port, ServerOptions.defaults());
    }

    /**
     * {@link #startServer(BiFunction, String, int)} over TLS: each connection's handler starts once its handshake
     * is done.
     *
     * @param clientConnected the connection's handler
     * @param host where to listen, or {@code null} for all interfaces
     * @param port the port, or 0
     * @param ssl the TLS configuration (the server's certificate and key)
     * @return the coroutine to await: the server
     * @throws IOException (when awaited) what binding throws
     */
    public static Coroutine<Server> startServer(BiFunction<StreamReader, StreamWriter, Coroutine<Void>> clientConnected,
                                                String host, int port, SSLContext ssl) throws IOException {
        return Streams.startServer(clientConnected, host, port, ServerOptions.defaults().withSsl(ssl));
    }

    /**
     * {@link #startServer(BiFunction, String, int)} with options.
     *
     * @param clientConnected the connection's handler
     * @param host where to listen, or {@code null} for all interfaces
     * @param port the port, or 0
     * @param options how to listen, and the readers' limit
     * @return the coroutine to await: the server
     * @throws IOException (when awaited) what binding throws
     */
    public static Coroutine<Server> startServer(BiFunction<StreamReader, StreamWriter, Coroutine<Void>> clientConnected,
                                                String host, int port, ServerOptions options) throws IOException {
        return Streams.startServer(clientConnected, host, port, options);
    }

    /**
     * Opens a stream connection to the Unix socket at {@code path}: Python's {@code asyncio.open_unix_connection}.
     *
     * @param path the socket file
     * @return the coroutine to await: the reader and the writer
     * @throws IOException (when awaited) what connecting throws, as it is
     */
    public static Coroutine<Connection> openUnixConnection(Path path) throws IOException {
        return Streams.openUnixConnection(path, StreamOptions.defaults());
    }

    /**
     * Listens for stream connections on the Unix socket at {@code path}: Python 3.11's
     * {@code asyncio.start_unix_server} (a socket file left by an earlier server is removed first).
     *
     * @param clientConnected the connection's handler
     * @param path the socket file
     * @return the coroutine to await: the server, serving
     * @throws IOException (when awaited) what binding throws
     */
    public static Coroutine<Server> startUnixServer(BiFunction<StreamReader, StreamWriter, Coroutine<Void>> clientConnected,
                                                    Path path) throws IOException {
        return Streams.startUnixServer(clientConnected, path, ServerOptions.defaults());
    }

    // ---- subprocesses ----

    /**
     * Starts {@code program} with {@code args}, its stdin, stdout and stderr piped: Python's
     * {@code asyncio.create_subprocess_exec(..., stdin=PIPE, stdout=PIPE, stderr=PIPE)}.
     *
     * @param program the program
     * @param args its arguments
     * @return the coroutine to await: the child
     * @throws IOException (when awaited) what starting the process throws (for example, no such program)
     */
    public static Coroutine<Subprocess> createSubprocessExec(String program, String... args) throws IOException {
        return Subprocesses.exec(program, args);
    }

    /**
     * Starts {@code command} in the system's shell, piped as {@link #createSubprocessExec}: Python's
     * {@code asyncio.create_subprocess_shell}.
     *
     * @param command the command line
     * @return the coroutine to await: the child
     * @throws IOException (when awaited) what starting the shell throws
     */
    public static Coroutine<Subprocess> createSubprocessShell(String command) throws IOException {
        return Subprocesses.shell(command);
    }

    /**
     * Starts {@code builder}'s process: its redirects say what is piped ({@link ProcessBuilder.Redirect#PIPE}
     * gives a stream; with {@code redirectErrorStream(true)}, Python's {@code stderr=STDOUT}, {@code stderr()} is
     * {@code null}).
     *
     * @param builder the command, directory, environment and redirects
     * @return the coroutine to await: the child
     * @throws IOException (when awaited) what starting the process throws
     */
    public static Coroutine<Subprocess> createSubprocess(ProcessBuilder builder) throws IOException {
        return Subprocesses.create(builder);
    }
}
