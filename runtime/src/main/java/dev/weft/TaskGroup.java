package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.Sneaky;
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
 * Structured concurrency: Python's {@code async with asyncio.TaskGroup() as tg}.
 *
 * <p>{@link #run} and {@link #runAsync} run a body that starts tasks with {@link #createTask}, then
 * wait for every task of the group, including tasks added while waiting. The first task that fails
 * cancels the other tasks and the body (if it is still awaiting); when everything has finished, the
 * failures are thrown together as one {@link ExceptionGroup}. If the task running the group is
 * cancelled, the group's tasks are cancelled and the {@link CancelledError} propagates once they are
 * done.
 *
 * <pre>{@code
 * Await.on(TaskGroup.run(tg -> {
 *     tg.createTask(fetch("a"));
 *     tg.createTask(fetch("b"));
 * }));   // both fetched here, or an ExceptionGroup
 * }</pre>
 */
public final class TaskGroup {
    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private BaseEventLoop loop;
    private Task<?> parentTask;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private List<Throwable> errors = new ArrayList<>();
    private Future<Boolean> onCompletedFut;
    private final Consumer<Future<Object>> onTaskDone = this::onTaskDone;

    private TaskGroup() {
    }

    /**
     * Runs {@code body} (which only starts tasks), then waits for every task of the group.
     *
     * @param body starts the group's tasks with {@link #createTask}
     * @return the coroutine to await
     */
    public static Coroutine<Void> run(Consumer<TaskGroup> body) {
        return runAsync(tg -> {
            body.accept(tg);
            return Coroutine.done();
        });
    }

    /**
     * Runs the async {@code body} (a lambda returning a coroutine, which may await), then waits for every
     * task of the group, and returns the body's result.
     *
     * @param body starts tasks with {@link #createTask} and may await
     * @param <T> the body's result type
     * @return the coroutine to await
     */
    @Async
    public static <T> Coroutine<T> runAsync(Function<TaskGroup, Coroutine<T>> body) {
        TaskGroup tg = new TaskGroup();
        tg.enter();
        T result = null;
        Throwable failure = null;
        try {
            result = Await.on(body.apply(tg));
        } catch (Throwable t) {
            failure = t;
        }
        Await.on(tg.exit(failure));
        if (failure != null) {
            throw Sneaky.rethrow(failure);
        }
        return Coroutine.of(result);
    }

    private void enter() {
        if (entered) {
            throw new IllegalStateException("TaskGroup " + this + " has been already entered");
        }
        entered = true;
        loop = BaseEventLoop.running();
        parentTask = loop.currentTask();
        if (parentTask == null) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task");
        }
    }

    /** Python's {@code __aexit__}; returns normally when the body's own outcome should stand. */
    @Async
    private Coroutine<Void> exit(Throwable exc) {
        exiting = true;
        CancelledError propagateCancellation = exc instanceof CancelledError ? (CancelledError) exc : null;
        if (parentCancelRequested) {
            // This flag set means uncancel() must be called.
            if (parentTask.uncancel() == 0) {
                // No cancellation requests are left: do not propagate CancelledError.
                propagateCancellation = null;
            }
        }
        if (exc != null && !aborting) {
            // The parent task is being cancelled, or the body failed: cancel the group's tasks.
            abort();
        }
        // A loop: onCompletedFut can be cancelled again and again if the parent task is.
        while (!tasks.isEmpty()) {
            if (onCompletedFut == null) {
                onCompletedFut = loop.createFuture();
            }
            try {
                Await.on(onCompletedFut);
            } catch (CancelledError ex) {
                if (!aborting) {
                    // The task running the group is being cancelled while group tasks still run.
                    propagateCancellation = ex;
                    abort();
                }
            }
            onCompletedFut = null;
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
            errors = null;
            throw new ExceptionGroup("unhandled errors in a TaskGroup", all);
        }
        return Coroutine.done();
    }

    /**
     * Starts a task in this group.
     *
     * @param awaitable the coroutine
     * @param <T> the result type
     * @return the task
     * @throws IllegalStateException when the group is finished or shutting down
     */
    public <T> Task<T> createTask(Awaitable<T> awaitable) {
        return createTask(awaitable, null);
    }

    /**
     * Starts a named task in this group.
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
        if (!entered) {
            throw new IllegalStateException("TaskGroup " + this + " has not been entered");
        }
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<T> task = loop.createTask(awaitable, name, context);
        if (task.isDone()) {
            onTaskDone((Future<Object>) (Future<?>) task);
        } else {
            tasks.add(task);
            ((Future<Object>) (Future<?>) task).addDoneCallback(onTaskDone);
        }
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
        if (parentTask.isDone()) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Task " + task + " has errored out but its parent task " + parentTask
                    + " is already completed");
            ctx.put("exception", exc);
            ctx.put("task", task);
            loop.callExceptionHandler(ctx);
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Cancel the parent to interrupt whatever the body awaits; exit() uncancels it later.
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    @Override
    public String toString() {
        return "<TaskGroup" + (tasks.isEmpty() ? "" : " tasks=" + tasks.size())
                + (errors != null && !errors.isEmpty() ? " errors=" + errors.size() : "")
                + (aborting ? " cancelling" : entered ? " entered" : "") + ">";
    }
}
