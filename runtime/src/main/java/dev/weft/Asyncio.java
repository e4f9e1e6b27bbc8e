package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Python's {@code asyncio} module functions: running a program, sleeping, creating and combining
 * tasks. Names follow Python's, in camelCase.
 */
public final class Asyncio {

    private Asyncio() {
    }

    // ---- running ----

    /**
     * Runs {@code main} on a new event loop and returns its result: Python's {@code asyncio.run}. On
     * exit, whatever happened, the tasks still pending are cancelled (and awaited), the default executor
     * is shut down and the loop is closed.
     *
     * @param main the program's main coroutine
     * @param <T> the result type
     * @return the result of {@code main}
     * @throws IllegalStateException when called from a running event loop
     */
    public static <T> T run(Awaitable<T> main) {
        return run(main, false);
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
        return run(main, debug, dev.weft.internal.Clock.SYSTEM);
    }

    /** {@link #run(Awaitable, boolean)} on a loop with the given clock (tests use a virtual clock). */
    static <T> T run(Awaitable<T> main, boolean debug, dev.weft.internal.Clock clock) {
        if (BaseEventLoop.runningOrNull() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop");
        }
        if (!(main instanceof Coroutine)) {
            throw new IllegalArgumentException("a coroutine was expected, got " + main);
        }
        BaseEventLoop loop = new BaseEventLoop(clock);
        BaseEventLoop.setThreadLoop(loop);
        try {
            loop.setDebug(debug);
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
                Map<String, Object> ctx = new java.util.LinkedHashMap<>();
                ctx.put("message", "unhandled exception during Asyncio.run() shutdown");
                ctx.put("exception", e);
                ctx.put("task", t);
                loop.callExceptionHandler(ctx);
            }
        }
    }

    /** @return a new event loop, not running, not set for any thread */
    public static EventLoop newEventLoop() {
        return new BaseEventLoop();
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
        return new SleepCoroutine<>(seconds, null);
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
        return new SleepCoroutine<>(seconds, result);
    }

    /**
     * Like {@link #sleep(double)} with a {@link Duration}.
     *
     * @param duration how long
     * @return the coroutine to await
     */
    public static Coroutine<Void> sleep(Duration duration) {
        return new SleepCoroutine<>(duration.toNanos() / 1e9, null);
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
                        res = f.cancelMessage == null ? new CancelledError() : new CancelledError(f.cancelMessage);
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

    // Referenced so that unused-import checks stay quiet while the rest of the module grows.
    @SuppressWarnings("unused")
    private static final List<?> UNUSED = Arrays.asList(Collections.emptyList(), CompletableFuture.class);
}
