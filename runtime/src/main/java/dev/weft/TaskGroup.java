package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Structured concurrency: Python 3.11's {@code async with asyncio.TaskGroup() as tg}, as an async context manager.
 *
 * <pre>{@code
 * try (TaskGroup tg = new TaskGroup()) {      // inside an @Async method: async with
 *     tg.createTask(fetch("a"));
 *     tg.createTask(fetch("b"));
 * }                                           // both fetched here, or an ExceptionGroup
 * }</pre>
 *
 * <p>Constructing the group is Python's {@code __aenter__}: it binds the group to the current task (its
 * <em>parent</em>) and that task's loop. Leaving the block ({@link #aclose()} on a normal exit,
 * {@link #aexit(Throwable)} when the block threw) waits for every task of the group, including tasks added
 * while it waits. The first task that fails (other than by being cancelled) cancels the other tasks and the
 * parent task, so that whatever the block awaits is interrupted; the exit takes that cancellation back
 * ({@link Task#uncancel()}). When everything has finished, the failures (in the order the tasks failed), followed
 * by the block's own exception if it threw one other than a {@link CancelledError}, are thrown together as one
 * {@link ExceptionGroup}
 * ("unhandled errors in a TaskGroup"). If the block throws, or the parent task is cancelled while the exit waits,
 * the group's tasks are cancelled and the {@link CancelledError} propagates once they are done (unless there
 * are failures: the group takes priority). A {@link KeyboardInterrupt} or a {@link VirtualMachineError} (Python's
 * {@code KeyboardInterrupt} and {@code SystemExit}) from a task or the block is thrown as it is, ungrouped, once
 * every task is done.
 *
 * <p>A group is used from its loop's thread only, by one block: it is not reusable. When it cancels several running
 * tasks at once they are cancelled in creation order (CPython iterates a {@code set}, in an order that follows
 * memory addresses).
 */
public final class TaskGroup implements AsyncCloseable {
    /** False only while the constructor fails: construction is entering, so no group is ever "not entered". */
    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private final BaseEventLoop loop;
    private final Task<?> parentTask;
    private boolean parentCancelRequested;
    /** In creation order, so that cancellation wakes the tasks in a predictable order. */
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private List<Throwable> errors = new ArrayList<>();
    /** The first {@link #isBaseError} seen: thrown alone from the exit. */
    private Throwable baseError;
    private Future<Boolean> onCompletedFut;
    private final Consumer<Future<Object>> onTaskDone = this::onTaskDone;

    /**
     * Enters a new group (Python's {@code __aenter__}): the current task becomes its parent. Use it as the resource
     * of a try-with-resources statement inside an {@code @Async} method, which is {@code async with}. Never
     * suspends.
     *
     * @throws IllegalStateException outside a task (no running loop in this thread, or a plain callback)
     */
    public TaskGroup() {
        loop = BaseEventLoop.runningOrNull();
        parentTask = loop == null ? null : loop.currentTask();
        if (parentTask == null) {
            // CPython's message; without a loop CPython fails earlier ("no running event loop"): say both.
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task"
                    + (loop == null ? " (no event loop is running in this thread: create it inside a task)" : ""));
        }
        entered = true;
    }

    /**
     * Runs {@code body} (which only starts tasks), then waits for every task of the group: the block of
     * {@code async with TaskGroup() as tg} written as a lambda. The group is entered, and {@code body} runs, when the
     * coroutine is awaited; what the exit throws (see the class comment) comes out of the await.
     *
     * <pre>{@code
     * Await.on(TaskGroup.run(tg -> {
     *     tg.createTask(fetch("a"));
     *     tg.createTask(fetch("b"));
     * }));                                        // both done, or an ExceptionGroup
     * }</pre>
     *
     * @param body starts the group's tasks with {@link #createTask}
     * @return the coroutine to await (in the task that becomes the group's parent); it throws
     *     {@link IllegalStateException} when awaited outside a task
     */
    public static Coroutine<Void> run(Consumer<TaskGroup> body) {
        return runAsync(tg -> {
            body.accept(tg);
            return Coroutine.done();
        });
    }

    /**
     * Runs the async {@code body} (a lambda returning a coroutine, which may await), then waits for every
     * task of the group, and returns the body's result: {@code try (TaskGroup tg = new TaskGroup()) { ... }} as a
     * method.
     *
     * <pre>{@code
     * // firstPage(TaskGroup tg): an @Async method that starts tasks with tg.createTask, awaits, and returns
     * String page = Await.on(TaskGroup.runAsync(Main::firstPage));
     * }</pre>
     *
     * @param body starts tasks with {@link #createTask} and may await
     * @param <T> the body's result type
     * @return the coroutine to await (in the task that becomes the group's parent); it throws
     *     {@link IllegalStateException} when awaited outside a task
     */
    @Async
    public static <T> Coroutine<T> runAsync(Function<TaskGroup, Coroutine<T>> body) {
        TaskGroup tg = new TaskGroup();
        T result;
        try {
            result = Await.on(body.apply(tg));
        } catch (Throwable e) {
            Await.on(tg.exit(e));   // a group never suppresses: it rethrows, or throws what replaces e
            throw e;
        }
        Await.on(tg.exit(null));
        return Coroutine.of(result);
    }

    /**
     * The block ended normally: Python's {@code __aexit__(None, None, None)}. Waits for every task of the group.
     * Cancelling the awaiting task while it waits cancels the group's tasks; the {@link CancelledError} is thrown
     * once they are done.
     *
     * @return the coroutine to await, in the parent task; it throws the {@link ExceptionGroup} of the tasks'
     *     failures, a {@link CancelledError}, or a {@link KeyboardInterrupt} / {@link VirtualMachineError} a task
     *     ended with
     */
    @Override
    public Coroutine<Void> aclose() {
        return exit(null);
    }

    /**
     * The block threw {@code error}: Python's {@code __aexit__} with an exception. Cancels the group's tasks (unless
     * a failure already did), waits for all of them, and throws what Python's {@code __aexit__} raises: the
     * {@link ExceptionGroup} of the tasks' failures followed by {@code error} (unless it is a
     * {@link CancelledError}), or the {@link CancelledError}. It never suppresses {@code error}.
     *
     * @param error what the block threw
     * @return the coroutine to await, in the parent task: {@code false} (let {@code error} propagate) when CPython's
     *     {@code __aexit__} returns {@code None}; otherwise it throws
     */
    @Override
    @Async
    public Coroutine<Boolean> aexit(Throwable error) {
        Await.on(exit(error));
        return Coroutine.of(false);
    }

    /** Python 3.11.7's {@code __aexit__}, line for line; {@code exc} is {@code null} on a normal exit. */
    @Async
    private Coroutine<Void> exit(Throwable exc) {
        exiting = true;
        if (exc != null && isBaseError(exc) && baseError == null) {
            baseError = exc;
        }
        CancelledError propagateCancellation = exc instanceof CancelledError ? (CancelledError) exc : null;
        if (parentCancelRequested) {
            // This flag set means uncancel() must be called.
            if (parentTask.uncancel() == 0) {
                // No cancellation requests are left: do not propagate CancelledError.
                propagateCancellation = null;
            }
        }
        if (exc != null && !aborting) {
            // The parent task is being cancelled, or the block failed: cancel the group's tasks.
            abort();
        }
        // A loop: onCompletedFut can be cancelled again and again if the parent task is (or even once, when its
        // own cancellation is already in progress).
        while (!tasks.isEmpty()) {
            if (onCompletedFut == null) {
                onCompletedFut = loop.createFuture();
            }
            try {
                Await.on(onCompletedFut);
            } catch (CancelledError ex) {
                if (!aborting) {
                    // The parent task is being cancelled while the group's tasks still run.
                    propagateCancellation = ex;
                    abort();
                }
                // Aborting already: CPython 3.11 swallows this cancellation and goes on waiting.
            }
            onCompletedFut = null;
        }
        if (baseError != null) {
            throw (Error) baseError;   // isBaseError: always an Error
        }
        // CancelledError propagates unless there are other errors: those take priority.
        if (propagateCancellation != null && errors.isEmpty()) {
            throw propagateCancellation;
        }
        if (exc != null && !(exc instanceof CancelledError)) {
            errors.add(exc);
        }
        if (!errors.isEmpty()) {
            List<Throwable> all = errors;
            // As CPython, the group forgets its errors once they are thrown (its toString shows none).
            errors = new ArrayList<>();
            throw new ExceptionGroup("unhandled errors in a TaskGroup", all);
        }
        return Coroutine.done();
    }

    /**
     * Python's {@code _is_base_error}: errors that stop the program rather than fail an operation, thrown alone
     * instead of grouped — {@code KeyboardInterrupt} and {@code SystemExit} there, {@link KeyboardInterrupt} and
     * {@link VirtualMachineError} (out of memory, ...) here, the ones the loop itself lets through.
     */
    private static boolean isBaseError(Throwable exc) {
        return exc instanceof KeyboardInterrupt || exc instanceof VirtualMachineError;
    }

    /**
     * Starts a task in this group: Python's {@code tg.create_task(coro)}. The task starts on a later pass of the
     * loop, as with {@link Asyncio#createTask}; the group's tasks start in the order they were created. Call it on
     * the loop's thread, from the block or from any task, until the group has finished. Never suspends. The task is
     * cancelled if another task of the group fails, the block throws, or the parent is cancelled while the exit
     * waits.
     *
     * @param awaitable the coroutine
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException when the group is finished ("TaskGroup ... is finished": it has exited and its
     *     tasks are all done) or shutting down ("TaskGroup ... is shutting down": a task failed, the block threw,
     *     or the parent was cancelled)
     */
    public <T> Task<T> createTask(Awaitable<T> awaitable) {
        return createTask(awaitable, null);
    }

    /**
     * Starts a named task in this group: Python's {@code tg.create_task(coro, name=name)}; see
     * {@link #createTask(Awaitable)}.
     *
     * @param awaitable the coroutine
     * @param name the task's name, or {@code null} for the default
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException when the group is finished or shutting down
     */
    public <T> Task<T> createTask(Awaitable<T> awaitable, String name) {
        return createTask(awaitable, name, null);
    }

    /**
     * Starts a named task in this group that runs in {@code context}: Python's
     * {@code tg.create_task(coro, name=name, context=context)}; see
     * {@link EventLoop#createTask(Awaitable, String, Context)}.
     *
     * @param awaitable the coroutine
     * @param name the task's name, or {@code null} for the default
     * @param context the context the task runs in, or {@code null} for a copy of the current one
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException when the group is finished or shutting down
     */
    @SuppressWarnings("unchecked")
    public <T> Task<T> createTask(Awaitable<T> awaitable, String name, Context context) {
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<T> task = loop.createTask(awaitable, name, context);
        ((Future<Object>) (Future<?>) task).addDoneCallback(onTaskDone);
        tasks.add(task);
        return task;
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.isDone()) {
                t.cancel();
            }
        }
    }

    private void onTaskDone(Future<Object> task) {
        tasks.remove(task);
        if (onCompletedFut != null && tasks.isEmpty() && !onCompletedFut.isDone()) {
            onCompletedFut.setResult(true);
        }
        if (task.isCancelled()) {
            return;
        }
        Throwable exc = task.exception();
        if (exc == null) {
            return;
        }
        errors.add(exc);
        if (isBaseError(exc) && baseError == null) {
            baseError = exc;
        }
        if (parentTask.isDone()) {
            // CPython is not sure this can happen either, and reports it rather than lose the error.
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Task " + task + " has errored out but its parent task " + parentTask
                    + " is already completed");
            ctx.put("exception", exc);
            ctx.put("task", task);
            loop.callExceptionHandler(ctx);
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Cancel the parent to interrupt whatever the block awaits; the exit uncancels it.
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    /** @return Python's repr: {@code <TaskGroup tasks=2 errors=1 cancelling>}, {@code <TaskGroup entered>} */
    @Override
    public String toString() {
        return "<TaskGroup" + (tasks.isEmpty() ? "" : " tasks=" + tasks.size())
                + (errors.isEmpty() ? "" : " errors=" + errors.size())
                + (aborting ? " cancelling" : entered ? " entered" : "") + ">";
    }
}
