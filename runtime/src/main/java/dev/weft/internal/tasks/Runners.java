package dev.weft.internal.tasks;

import dev.weft.Awaitable;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.KeyboardInterrupt;
import dev.weft.Task;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.Loops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@code Asyncio.run}: Python's {@code asyncio.runners}. */
public final class Runners {

    /**
     * Whether Ctrl-C can be taken: {@code sun.misc.Signal} is in the module {@code jdk.unsupported}, which the
     * module graph of a modular application lacks unless one of its modules requires it (the runtime, an automatic
     * module, cannot).
     */
    private static final boolean SIGNALS = ModuleLayer.boot().findModule("jdk.unsupported").isPresent();

    private Runners() {
    }

    /**
     * Python's {@code asyncio.run(main, debug=debug)} on a loop from {@code newLoop}: runs {@code main} in a
     * task, then, whatever happened, cancels the tasks still pending (and awaits them), shuts the default
     * executor down and closes the loop. On the main thread, the first Ctrl-C (SIGINT) cancels {@code main};
     * if it ends cancelled, {@link KeyboardInterrupt} is thrown (when the module {@code jdk.unsupported} is there:
     * always on the class path, on the module path when a module requires it).
     *
     * @param main the main coroutine
     * @param debug the loop's debug mode, or {@code null} to leave it as the loop was made (Python's {@code None})
     * @param newLoop where the loop comes from (tests give one with a virtual clock), or {@code null} for a new
     *     loop from the policy ({@link Loops#newLoop()}), or from the thread's {@link RunHooks} when a test kit
     *     installed some
     * @param <T> the result type
     * @return the result of {@code main}
     */
    public static <T> T run(Awaitable<T> main, Boolean debug, Supplier<BaseEventLoop> newLoop) {
        if (BaseEventLoop.runningOrNull() != null) {
            throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop");
        }
        if (!(main instanceof Coroutine)) {
            throw new IllegalStateException("a coroutine was expected, got " + main);
        }
        RunHooks hooks = RunHooks.installed();
        BaseEventLoop loop = newLoop != null ? newLoop.get() : hooks != null ? hooks.newLoop() : Loops.newLoop();
        BaseEventLoop.setThreadLoop(loop);
        Task<T> task = null;
        try {
            if (hooks != null) {
                hooks.loopMade(loop);
            }
            if (debug != null) {
                loop.setDebug(debug);
            }
            task = loop.createTask(main);
            Sigint sigint = SIGNALS ? Sigint.install(loop, task) : null;
            try {
                return loop.runUntilComplete(task);
            } catch (CancelledError e) {
                if (sigint != null && sigint.interrupts() > 0 && task.uncancel() == 0) {
                    KeyboardInterrupt interrupt = new KeyboardInterrupt();
                    interrupt.initCause(e);
                    throw interrupt;
                }
                throw e;
            } finally {
                if (sigint != null) {
                    sigint.uninstall();
                }
            }
        } finally {
            try {
                if (hooks != null && task != null) {
                    hooks.mainDone(loop, task);
                }
                cancelAllTasks(loop);
                loop.runUntilComplete(loop.shutdownAsyncgens());
                loop.shutdownDefaultExecutor();
                if (hooks != null) {
                    hooks.beforeClose(loop);
                }
            } finally {
                BaseEventLoop.setThreadLoop(null);
                loop.close();
            }
        }
    }

    /**
     * Python's {@code runners._cancel_all_tasks}: cancels the loop's unfinished tasks, runs the loop until they are
     * done, and reports to the loop's exception handler each that ended with an exception instead.
     *
     * @param loop a loop that is not running
     */
    public static void cancelAllTasks(BaseEventLoop loop) {
        Set<Task<?>> toCancel = loop.allTasks();
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> t : toCancel) {
            t.cancel();
        }
        loop.runUntilComplete(Gather.gather(true, toCancel.toArray(new Awaitable<?>[0])));
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
}
