package dev.weft;

import dev.weft.annotations.Async;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Python's {@code asyncio} module functions: running a program, sleeping, creating and combining
 * tasks. Names follow Python's, in camelCase.
 */
public final class Asyncio {

    private Asyncio() {
    }

    // ---- running ----

    /**
     * Runs {@code main} on a new event loop (from the {@linkplain #getEventLoopPolicy() policy}, its debug mode
     * left as the policy made it) and returns its result: Python's {@code asyncio.run}. On exit, whatever
     * happened, the tasks still pending are cancelled (and awaited), the default executor is shut down and the
     * loop is closed.
     *
     * @param main the program's main coroutine
     * @param <T> the result type
     * @return the result of {@code main}
     * @throws IllegalStateException when called from a running event loop
     */
    public static <T> T run(Awaitable<T> main) {
        return run(main, null, Asyncio::newLoop);
    }

    /**
     * Like {@link #run(Awaitable)}, with the loop's debug mode on or off.
     *
     * @param main the program's main coroutine
     * @param debug whether to run the loop in debug mode
     * @param <T> the result type
     * @return the result of {@code main}
     */
    public static <T> T run(Awaitable<T> main, boolean debug) {
        return run(main, debug, Asyncio::newLoop);
    }

    /**
     * {@link #run(Awaitable, boolean)} on a loop from {@code newLoop} (tests make one with a virtual clock); a
     * {@code null} debug leaves the loop's own setting, as Python's {@code debug=None} does.
     */
    static <T> T run(Awaitable<T> main, Boolean debug, Supplier<BaseEventLoop> newLoop) {
        if (BaseEventLoop.runningOrNull() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop");
        }
        if (!(main instanceof Coroutine)) {
            throw new IllegalStateException("a coroutine was expected, got " + main);
        }
        BaseEventLoop loop = newLoop.get();
        BaseEventLoop.setThreadLoop(loop);
        try {
            if (debug != null) {
                loop.setDebug(debug);
            }
            Task<T> task = loop.createTask(main);
            return loop.runUntilComplete(task);
        } finally {
            try {
                cancelAllTasks(loop);
                loop.shutdownDefaultExecutor();
            } finally {
                BaseEventLoop.setThreadLoop(null);
                loop.close();
            }
        }
    }

    private static void cancelAllTasks(BaseEventLoop loop) {
        Set<Task<?>> toCancel = loop.liveTasks();
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> t : toCancel) {
            t.cancel();
        }
        loop.runUntilComplete(gather(true, toCancel.toArray(new Awaitable<?>[0])));
        for (Task<?> t : toCancel) {
            if (t.isCancelled()) {
                continue;
            }
            Throwable e = t.exception();
            if (e != null) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("message", "unhandled exception during Asyncio.run() shutdown");
                ctx.put("exception", e);
                ctx.put("task", t);
                loop.callExceptionHandler(ctx);
            }
        }
    }

    /** @return a new event loop from the {@linkplain #getEventLoopPolicy() policy}, not running, not set for any thread */
    public static EventLoop newEventLoop() {
        return newLoop();
    }

    private static volatile EventLoopPolicy policy = EventLoopPolicy.DEFAULT;

    /** @return the policy that makes new loops; {@link EventLoopPolicy#DEFAULT} unless one was set */
    public static EventLoopPolicy getEventLoopPolicy() {
        return policy;
    }

    /**
     * Sets the policy that makes the loops of {@link #run(Awaitable)}, {@link #newEventLoop()} and a thread's first
     * {@link #getEventLoop()}, for every thread from now on; loops already made are kept.
     *
     * @param newPolicy the policy, or {@code null} for {@link EventLoopPolicy#DEFAULT}
     */
    public static void setEventLoopPolicy(EventLoopPolicy newPolicy) {
        policy = newPolicy == null ? EventLoopPolicy.DEFAULT : newPolicy;
    }

    /** A new loop from the policy, which must be one of Weft's. */
    static BaseEventLoop newLoop() {
        EventLoopPolicy p = policy;
        EventLoop loop = p.newEventLoop();
        if (!(loop instanceof BaseEventLoop)) {
            throw new IllegalStateException("the event loop policy " + p + " returned " + loop
                    + ", which is not a loop Weft made: make it with EventLoopPolicy.DEFAULT.newEventLoop()");
        }
        return (BaseEventLoop) loop;
    }

    /**
     * @return the loop running in this thread
     * @throws IllegalStateException when none is running
     */
    public static EventLoop getRunningLoop() {
        return BaseEventLoop.running();
    }

    /**
     * @return the loop running in this thread, or else this thread's loop (created on first use)
     */
    public static EventLoop getEventLoop() {
        return BaseEventLoop.forThread();
    }

    /**
     * Makes {@code loop} this thread's loop for {@link #getEventLoop()}.
     *
     * @param loop the loop, or {@code null} to forget it
     */
    public static void setEventLoop(EventLoop loop) {
        BaseEventLoop.setThreadLoop((BaseEventLoop) loop);
    }

    // ---- sleeping ----

    /**
     * Suspends the current task for {@code seconds}: Python's {@code asyncio.sleep}. {@code sleep(0)}
     * gives up exactly one pass of the loop.
     *
     * @param seconds how long
     * @return the coroutine to await
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
     */
    public static <T> Coroutine<T> sleep(double seconds, T result) {
        return new Sleep<>(seconds, result);
    }

    /**
     * Like {@link #sleep(double)} with a {@link Duration}.
     *
     * @param duration how long
     * @return the coroutine to await
     */
    public static Coroutine<Void> sleep(Duration duration) {
        return sleep(duration.toNanos() / 1e9);
    }

    // ---- tasks ----

    /**
     * Wraps {@code awaitable} in a task on the running loop: Python's {@code asyncio.create_task}. The
     * task starts on a later pass of the loop; tasks start in the order they were created.
     *
     * @param awaitable the coroutine
     * @param <T> the result type
     * @return the task
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
     */
    public static <T> Task<T> createTask(Awaitable<T> awaitable, String name) {
        return BaseEventLoop.running().createTask(awaitable, name);
    }

    /**
     * A future for {@code awaitable}: the future itself, or a new task for a coroutine.
     *
     * @param awaitable a future or a coroutine
     * @param <T> the result type
     * @return the future
     */
    public static <T> Future<T> ensureFuture(Awaitable<T> awaitable) {
        return BaseEventLoop.forThread().ensureFuture(awaitable);
    }

    /**
     * A future on the current loop that completes, on the loop's thread, when {@code stage} does (with
     * its original exception on failure).
     *
     * @param stage the stage, completed on any thread
     * @param <T> the result type
     * @return the future
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        return BaseEventLoop.forThread().wrapStage(stage);
    }

    /** @return the task running on this thread's loop, or {@code null} */
    public static Task<?> currentTask() {
        BaseEventLoop l = BaseEventLoop.runningOrNull();
        return l == null ? null : l.currentTask();
    }

    /** @return the unfinished tasks of the running loop */
    public static Set<Task<?>> allTasks() {
        return BaseEventLoop.running().liveTasks();
    }

    // ---- gather ----

    /**
     * Runs the awaitables concurrently and collects their results in argument order: Python's
     * {@code asyncio.gather}. Coroutines are wrapped in tasks now, in argument order. The first failure
     * is propagated to the awaiter (the other children keep running); cancelling the returned future
     * cancels the children.
     *
     * @param awaitables coroutines and futures
     * @return a future for the list of results
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
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> Future<List<T>> gather(Collection<? extends Awaitable<? extends T>> awaitables) {
        return (Future) gather(false, awaitables.toArray(new Awaitable<?>[0]));
    }

    /**
     * Like {@link #gather(Awaitable[])}; with {@code returnExceptions}, failures are not propagated but
     * put in the result list in place of a result (a cancelled child gives a {@link CancelledError}).
     *
     * @param returnExceptions whether to collect failures as results
     * @param awaitables coroutines and futures
     * @return a future for the list of results
     */
    public static Future<List<Object>> gather(boolean returnExceptions, Awaitable<?>... awaitables) {
        if (awaitables.length == 0) {
            BaseEventLoop loop = BaseEventLoop.forThread();
            Future<List<Object>> outer = loop.createFuture();
            outer.setResult(new ArrayList<>());
            return outer;
        }
        Map<Awaitable<?>, Future<?>> argToFut = new IdentityHashMap<>();
        List<Future<?>> children = new ArrayList<>(awaitables.length);
        BaseEventLoop loop = null;
        GatheringFuture outer = new GatheringFuture(children, returnExceptions);
        for (Awaitable<?> arg : awaitables) {
            Future<?> fut = argToFut.get(arg);
            if (fut == null) {
                if (loop == null) {
                    loop = arg instanceof Future && ((Future<?>) arg).loop != null
                            ? ((Future<?>) arg).loop : BaseEventLoop.forThread();
                }
                fut = loop.ensureFuture(arg);
                outer.nfuts++;
                argToFut.put(arg, fut);
                fut.addDoneCallback(outer::childDone);
            }
            children.add(fut);
        }
        outer.loop = loop;
        return outer;
    }

    /** gather's result future: Python's {@code _GatheringFuture}. */
    private static final class GatheringFuture extends Future<List<Object>> {
        private final List<Future<?>> children;
        private final boolean returnExceptions;
        private boolean cancelRequested;
        int nfuts;
        private int nfinished;

        GatheringFuture(List<Future<?>> children, boolean returnExceptions) {
            super((BaseEventLoop) null);
            this.children = children;
            this.returnExceptions = returnExceptions;
        }

        @Override
        public boolean cancel(String msg) {
            if (isDone()) {
                return false;
            }
            boolean ret = false;
            for (Future<?> child : children) {
                if (child.cancel(msg)) {
                    ret = true;
                }
            }
            if (ret) {
                cancelRequested = true;
            }
            return ret;
        }

        void childDone(Future<?> fut) {
            nfinished++;
            if (isDone()) {
                if (!fut.isCancelled()) {
                    fut.exception();
                }
                return;
            }
            if (!returnExceptions) {
                if (fut.isCancelled()) {
                    setException(fut.makeCancelledError());
                    return;
                }
                Throwable exc = fut.exception();
                if (exc != null) {
                    setException(exc);
                    return;
                }
            }
            if (nfinished == nfuts) {
                List<Object> results = new ArrayList<>(children.size());
                for (Future<?> f : children) {
                    Object res;
                    if (f.isCancelled()) {
                        res = f.cancelMessage() == null ? new CancelledError() : new CancelledError(f.cancelMessage());
                    } else {
                        res = f.exception();
                        if (res == null) {
                            res = f.rawResult();
                        }
                    }
                    results.add(res);
                }
                if (cancelRequested) {
                    setException(fut.makeCancelledError());
                } else {
                    setResult(results);
                }
            }
        }
    }

    // ---- waitFor, wait, asCompleted ----

    private static final double NO_TIMEOUT = Double.POSITIVE_INFINITY;

    private static void releaseWaiter(Future<?> waiter) {
        if (!waiter.isDone()) {
            ((Future<Object>) (Future<?>) waiter).setResult(null);
        }
    }

    private static TimeoutError timeoutError(Throwable cause) {
        TimeoutError e = new TimeoutError();
        e.initCause(cause);
        return e;
    }

    /**
     * Awaits {@code awaitable} for at most {@code timeout} seconds: Python 3.11's
     * {@code asyncio.wait_for}. On timeout the inner task is cancelled and awaited, then
     * {@link TimeoutError} is thrown, unless the inner task swallowed the cancellation and returned a
     * value, which is then returned. Cancelling the awaiting task cancels the inner one too.
     *
     * @param awaitable a coroutine (wrapped in a task) or a future
     * @param timeout seconds; {@code Double.POSITIVE_INFINITY} for none; 0 or less: only if already done
     * @param <T> the result type
     * @return the coroutine to await
     */
    @Async
    public static <T> Coroutine<T> waitFor(Awaitable<T> awaitable, double timeout) {
        BaseEventLoop loop = BaseEventLoop.running();
        if (timeout == NO_TIMEOUT) {
            T value = Await.on(awaitable);
            return Coroutine.of(value);
        }
        if (timeout <= 0) {
            Future<T> fut = loop.ensureFuture(awaitable);
            if (fut.isDone()) {
                return Coroutine.of(fut.result());
            }
            Await.on(cancelAndWait(fut, loop));
            try {
                return Coroutine.of(fut.result());
            } catch (CancelledError e) {
                throw timeoutError(e);
            }
        }
        Future<Void> waiter = loop.createFuture();
        TimerHandle timeoutHandle = loop.callLater(timeout, () -> releaseWaiter(waiter));
        Consumer<Future<T>> cb = f -> releaseWaiter(waiter);
        Future<T> fut = loop.ensureFuture(awaitable);
        fut.addDoneCallback(cb);
        try {
            try {
                Await.on(waiter);
            } catch (CancelledError e) {
                if (fut.isDone()) {
                    return Coroutine.of(fut.result());
                }
                fut.removeDoneCallback(cb);
                Await.on(cancelAndWait(fut, loop));
                throw e;
            }
            if (fut.isDone()) {
                return Coroutine.of(fut.result());
            }
            fut.removeDoneCallback(cb);
            Await.on(cancelAndWait(fut, loop));
            try {
                return Coroutine.of(fut.result());
            } catch (CancelledError e) {
                throw timeoutError(e);
            }
        } finally {
            timeoutHandle.cancel();
        }
    }

    /** Cancels {@code fut} and waits until it is done, without being cancellable through it. */
    @Async
    private static <T> Coroutine<Void> cancelAndWait(Future<T> fut, BaseEventLoop loop) {
        Future<Void> waiter = loop.createFuture();
        Consumer<Future<T>> cb = f -> releaseWaiter(waiter);
        fut.addDoneCallback(cb);
        try {
            fut.cancel();
            Await.on(waiter);
        } finally {
            fut.removeDoneCallback(cb);
        }
        return Coroutine.done();
    }

    /**
     * Waits until all futures are done: Python's {@code asyncio.wait}.
     *
     * @param fs the futures (tasks), at least one
     * @param <T> the result type
     * @return the coroutine to await, giving the done and pending sets
     */
    public static <T> Coroutine<WaitResult<T>> wait(Collection<? extends Future<? extends T>> fs) {
        return wait(fs, NO_TIMEOUT, ReturnWhen.ALL_COMPLETED);
    }

    /**
     * Waits until all futures are done or {@code timeout} seconds passed; nothing is cancelled.
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
     * Waits until {@code when} is met.
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
     * the order of {@code fs}.
     *
     * @param fs the futures (tasks), at least one
     * @param timeout seconds, {@code Double.POSITIVE_INFINITY} for none
     * @param when when to return
     * @param <T> the result type
     * @return the coroutine to await, giving the done and pending sets
     */
    @Async
    @SuppressWarnings("unchecked")
    public static <T> Coroutine<WaitResult<T>> wait(Collection<? extends Future<? extends T>> fs, double timeout,
                                                     ReturnWhen when) {
        if (fs.isEmpty()) {
            throw new IllegalStateException("Set of Tasks/Futures is empty.");
        }
        if (when == null) {
            throw new IllegalStateException("Invalid return_when value: null");
        }
        BaseEventLoop loop = BaseEventLoop.running();
        Set<Future<T>> futures = new LinkedHashSet<>();
        for (Future<? extends T> f : fs) {
            futures.add((Future<T>) f);
        }
        Future<Void> waiter = loop.createFuture();
        TimerHandle timeoutHandle = timeout == NO_TIMEOUT ? null : loop.callLater(timeout, () -> releaseWaiter(waiter));
        int[] counter = {futures.size()};
        Consumer<Future<T>> onCompletion = f -> {
            counter[0]--;
            if (counter[0] <= 0 || when == ReturnWhen.FIRST_COMPLETED
                    || (when == ReturnWhen.FIRST_EXCEPTION && !f.isCancelled() && f.exception() != null)) {
                if (timeoutHandle != null) {
                    timeoutHandle.cancel();
                }
                releaseWaiter(waiter);
            }
        };
        for (Future<T> f : futures) {
            f.addDoneCallback(onCompletion);
        }
        try {
            Await.on(waiter);
        } finally {
            if (timeoutHandle != null) {
                timeoutHandle.cancel();
            }
            for (Future<T> f : futures) {
                f.removeDoneCallback(onCompletion);
            }
        }
        Set<Future<T>> done = new LinkedHashSet<>();
        Set<Future<T>> pending = new LinkedHashSet<>();
        for (Future<T> f : futures) {
            if (f.isDone()) {
                done.add(f);
            } else {
                pending.add(f);
            }
        }
        return Coroutine.of(new WaitResult<>(done, pending));
    }

    /**
     * The awaitables' results in the order they finish: Python's {@code asyncio.as_completed}. Each
     * element is a coroutine to await; the first gives the first result (or throws the first failure).
     * Coroutines are wrapped in tasks now, in argument order.
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
     * throw {@link TimeoutError}.
     *
     * @param awaitables coroutines and futures
     * @param timeout seconds, {@code Double.POSITIVE_INFINITY} for none
     * @param <T> the result type
     * @return as many coroutines as distinct awaitables
     */
    public static <T> Iterable<Coroutine<T>> asCompleted(Collection<? extends Awaitable<? extends T>> awaitables,
                                                        double timeout) {
        BaseEventLoop loop = BaseEventLoop.forThread();
        Set<Future<?>> todo = new LinkedHashSet<>();
        IdentityHashMap<Awaitable<?>, Boolean> seen = new IdentityHashMap<>();
        for (Awaitable<? extends T> a : awaitables) {
            if (seen.put(a, Boolean.TRUE) == null) {
                todo.add(loop.ensureFuture(a));
            }
        }
        ArrayDeque<Future<?>> done = new ArrayDeque<>();
        ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
        TimerHandle[] timeoutHandle = {null};
        Consumer<Future<?>> onCompletion = new Consumer<>() {
            @Override
            public void accept(Future<?> f) {
                if (todo.isEmpty()) {
                    return; // the timeout came first
                }
                todo.remove(f);
                putCompleted(done, getters, f);
                if (todo.isEmpty() && timeoutHandle[0] != null) {
                    timeoutHandle[0].cancel();
                }
            }
        };
        for (Future<?> f : todo) {
            addCallback(f, onCompletion);
        }
        if (!todo.isEmpty() && timeout != NO_TIMEOUT) {
            timeoutHandle[0] = loop.callLater(timeout, () -> {
                for (Future<?> f : todo) {
                    removeCallback(f, onCompletion);
                    putCompleted(done, getters, TIMED_OUT);
                }
                todo.clear();
            });
        }
        List<Coroutine<T>> result = new ArrayList<>(todo.size());
        for (int i = 0, n = todo.size(); i < n; i++) {
            result.add(waitForOne(done, getters, loop));
        }
        return result;
    }

    /** The dummy that as_completed's timeout queues for each future still pending. */
    private static final Future<Object> TIMED_OUT = new Future<>((BaseEventLoop) null);

    @SuppressWarnings("unchecked")
    private static <T> void addCallback(Future<T> f, Consumer<Future<?>> cb) {
        f.addDoneCallback((Consumer<Future<T>>) (Consumer<?>) cb);
    }

    @SuppressWarnings("unchecked")
    private static <T> void removeCallback(Future<T> f, Consumer<Future<?>> cb) {
        f.removeDoneCallback((Consumer<Future<T>>) (Consumer<?>) cb);
    }

    /** Python's {@code Queue.put_nowait} on as_completed's queue: wakes the first waiting getter. */
    private static void putCompleted(ArrayDeque<Future<?>> done, ArrayDeque<Future<Void>> getters, Future<?> f) {
        done.add(f);
        wakeupNext(getters);
    }

    /** Python's {@code Queue._wakeup_next}: completes the first getter that is not done yet. */
    private static void wakeupNext(ArrayDeque<Future<Void>> getters) {
        while (!getters.isEmpty()) {
            Future<Void> g = getters.poll();
            if (!g.isDone()) {
                g.setResult(null);
                break;
            }
        }
    }

    @Async
    @SuppressWarnings("unchecked")
    private static <T> Coroutine<T> waitForOne(ArrayDeque<Future<?>> done, ArrayDeque<Future<Void>> getters,
                                               BaseEventLoop loop) {
        while (done.isEmpty()) {
            Future<Void> getter = loop.createFuture();
            getters.add(getter);
            try {
                Await.on(getter);
            } catch (CancelledError e) {
                getter.cancel();
                getters.remove(getter);
                if (!done.isEmpty() && !getter.isCancelled()) {
                    // Woken by a completion but cancelled before taking it: wake the next in line.
                    wakeupNext(getters);
                }
                throw e;
            }
        }
        Future<?> f = done.poll();
        if (f == TIMED_OUT) {
            throw new TimeoutError();
        }
        return Coroutine.of((T) f.result());
    }

    // ---- shield, threads, timeouts ----

    /**
     * Protects {@code awaitable} from cancellation: Python's {@code asyncio.shield}. Cancelling the
     * task that awaits the returned future cancels only that await; the inner task runs on to the end.
     * If the inner task is cancelled itself, the returned future is cancelled too.
     *
     * @param awaitable a coroutine (wrapped in a task now) or a future
     * @param <T> the result type
     * @return a future that follows the inner one
     */
    public static <T> Future<T> shield(Awaitable<T> awaitable) {
        BaseEventLoop loop = awaitable instanceof Future && ((Future<?>) awaitable).loop != null
                ? ((Future<?>) awaitable).loop : BaseEventLoop.forThread();
        Future<T> inner = loop.ensureFuture(awaitable);
        if (inner.isDone()) {
            return inner;
        }
        Future<T> outer = inner.loop().createFuture();
        Consumer<Future<T>> innerDone = i -> {
            if (outer.isCancelled()) {
                if (!i.isCancelled()) {
                    i.exception(); // mark it retrieved
                }
                return;
            }
            if (i.isCancelled()) {
                outer.cancel();
            } else {
                Throwable exc = i.exception();
                if (exc != null) {
                    outer.setException(exc);
                } else {
                    outer.setResult(i.result());
                }
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(o -> {
            if (!inner.isDone()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }

    /**
     * Runs the blocking {@code fn} on the loop's default executor and awaits its result: Python's
     * {@code asyncio.to_thread}. A failure is rethrown as the original exception.
     *
     * @param fn the blocking function
     * @param <T> the result type
     * @return the coroutine to await
     */
    @Async
    public static <T> Coroutine<T> toThread(Callable<T> fn) {
        EventLoop loop = BaseEventLoop.running();
        T value = Await.on(loop.runInExecutor(null, fn));
        return Coroutine.of(value);
    }

    /**
     * Awaits {@code awaitable} inline in the current task with a deadline: Python's
     * {@code async with asyncio.timeout(delay): await aw}. When the deadline passes, the task is
     * cancelled at its suspension point and the cancellation turns into {@link TimeoutError} here
     * (unless another cancellation was requested meanwhile). {@code delay <= 0} expires on the next pass
     * of the loop; {@code Double.POSITIVE_INFINITY} never.
     *
     * @param delay seconds from now
     * @param awaitable what to await
     * @param <T> the result type
     * @return the coroutine to await
     */
    @Async
    public static <T> Coroutine<T> timeout(double delay, Awaitable<T> awaitable) {
        BaseEventLoop loop = BaseEventLoop.running();
        Timeout scope = new Timeout(loop, delay == NO_TIMEOUT ? NO_TIMEOUT : loop.time() + delay);
        scope.enter();
        T value;
        try {
            value = Await.on(awaitable);
        } catch (CancelledError e) {
            scope.exit(e);
            throw e;
        } catch (Throwable t) {
            scope.exit(null);
            throw t;
        }
        scope.exit(null);
        return Coroutine.of(value);
    }

    /**
     * Submits {@code coroutine} to {@code loop} from any thread: Python's
     * {@code asyncio.run_coroutine_threadsafe}. The returned future completes with the coroutine's
     * result or original exception; cancelling it cancels the task on its loop.
     *
     * @param coroutine the coroutine
     * @param loop a loop, usually running in another thread
     * @param <T> the result type
     * @return a future usable from any thread
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Awaitable<T> coroutine, EventLoop loop) {
        if (!(coroutine instanceof Coroutine)) {
            throw new IllegalArgumentException("A coroutine object is required");
        }
        BaseEventLoop l = (BaseEventLoop) loop;
        Future<?>[] task = {null};
        CompletableFuture<T> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean r = super.cancel(mayInterruptIfRunning);
                if (r && !l.isClosed()) {
                    l.callSoonThreadsafe(() -> {
                        if (task[0] != null) {
                            task[0].cancel();
                        }
                    });
                }
                return r;
            }
        };
        l.callSoonThreadsafe(() -> {
            if (result.isCancelled()) {
                return;
            }
            try {
                Future<T> f = l.ensureFuture(coroutine);
                task[0] = f;
                f.addDoneCallback(done -> {
                    if (done.isCancelled()) {
                        result.cancel(false);
                    } else if (done.exception() != null) {
                        result.completeExceptionally(done.exception());
                    } else {
                        result.complete(done.result());
                    }
                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
                throw t;
            }
        });
        return result;
    }
}
