package dev.weft.internal.loop;

import dev.weft.Event;
import dev.weft.Future;
import dev.weft.Handle;
import dev.weft.Task;
import dev.weft.internal.Access;
import dev.weft.internal.AsyncFrame;
import dev.weft.internal.Sleep;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A dump of a loop's unfinished tasks, for people: each task's name, state, coroutine and await chain, and what it
 * waits on (a sleep until when, an event, a future and the primitive it belongs to, another task). What
 * {@code EventLoop.dumpTasks()} and the loop's MBean print.
 *
 * <p>The loop's state belongs to its thread, so a dump asked for from another thread while the loop runs is made on
 * the loop, as a callback ({@code callSoonThreadsafe}), and waited for a bounded time: a consistent snapshot, between
 * two callbacks. When the loop does not answer in time (a callback or a step is holding it), the dump says so, shows
 * the loop thread's Java stack (where it is held), and reads the tasks without the loop, which may then be
 * inconsistent. A loop that is not running, or the loop's own thread, is read at once.
 */
public final class TaskDump {
    private static final Access ACCESS = Access.get();
    /** How long a dump or a read waits for a running loop to answer. */
    public static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private TaskDump() {
    }

    /**
     * Any thread.
     *
     * @param loop a loop
     * @return the dump of its unfinished tasks, made on its thread if it runs in another one
     */
    public static String of(BaseEventLoop loop) {
        return of(loop, WAIT_NANOS);
    }

    static String of(BaseEventLoop loop, long waitNanos) {
        String dump = onLoop(loop, () -> build(loop, null), waitNanos);
        if (dump != null) {
            return dump;
        }
        Thread t = loop.loopThread();
        if (t == null) {
            return build(loop, null);   // it stopped meanwhile, before it ran the callback
        }
        StringBuilder note = new StringBuilder(String.format(Locale.ROOT,
                "The loop did not answer within %.3f s: a callback or a task step is holding it.%n",
                waitNanos / 1e9));
        note.append("Its thread \"").append(t.getName()).append("\" is at:").append(System.lineSeparator());
        for (StackTraceElement e : t.getStackTrace()) {
            note.append("    at ").append(e).append(System.lineSeparator());
        }
        note.append("The tasks below were read without the loop, while it runs: they may be inconsistent.")
                .append(System.lineSeparator());
        try {
            return build(loop, note.toString());
        } catch (RuntimeException e) {
            return note + "Reading them failed: " + e + System.lineSeparator();
        }
    }

    /**
     * Reads {@code what} on the loop's thread: at once when called there or when the loop is not running, else as a
     * callback of the loop, waited for at most {@code waitNanos}.
     *
     * @param loop a loop
     * @param what what to read
     * @param waitNanos how long to wait for a loop running in another thread
     * @param <T> what it gives
     * @return what it gave, or {@code null} if the loop did not run it in time
     */
    public static <T> T onLoop(BaseEventLoop loop, Supplier<T> what, long waitNanos) {
        Thread t = loop.loopThread();
        if (t == null || t == Thread.currentThread() || loop.isClosed()) {
            return what.get();
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        Handle h;
        try {
            h = loop.callSoonThreadsafe(() -> {
                try {
                    answer.complete(what.get());
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (IllegalStateException closed) {
            return what.get();
        }
        try {
            return answer.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            h.cancel();
            return null;
        } catch (InterruptedException e) {
            h.cancel();
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
        }
    }

    private static String build(BaseEventLoop loop, String note) {
        String nl = System.lineSeparator();
        Set<Task<?>> tasks = loop.allTasks();
        Thread t = loop.loopThread();
        StringBuilder sb = new StringBuilder();
        sb.append("Event loop").append(t != null ? " on thread \"" + t.getName() + "\"" : "")
                .append(loop.isClosed() ? " (closed" : loop.isRunning() ? " (running" : " (not running")
                .append(loop.getDebug() ? ", debug)" : ")")
                .append(String.format(Locale.ROOT, ", loop time %.3f", loop.time()))
                .append(", ").append(tasks.size()).append(tasks.size() == 1 ? " task" : " tasks")
                .append(", ").append(loop.slowCallbackCount()).append(" slow callbacks").append(nl);
        if (note != null) {
            sb.append(note);
        }
        Set<Object> readyNow = Collections.newSetFromMap(new IdentityHashMap<>());
        loop.ready.forEach(readyNow::add);
        double now = loop.time();
        for (Task<?> task : tasks) {
            sb.append(nl).append("Task '").append(task.getName()).append("': ")
                    .append(state(loop, task, readyNow, now)).append(nl);
            sb.append("    coroutine ").append(task.getCoro()).append(nl);
            for (StackTraceElement e : task.getStack()) {   // its await chain, with lines
                sb.append("    at ").append(e).append(nl);
            }
        }
        return sb.toString();
    }

    /** What the task is doing, from its waiter and its timer. */
    private static String state(BaseEventLoop loop, Task<?> task, Set<Object> readyNow, double now) {
        if (task == loop.currentTask()) {
            return "running (its step asked for this dump)";
        }
        Object w = ACCESS.waiterOf(task);
        if (w == null) {
            if (!readyNow.contains(task)) {
                return "pending";
            }
            return ACCESS.suspendedIndex(task) < 0 ? "scheduled to start" : "scheduled (it yielded)";
        }
        if (w == task || w instanceof Sleep) {
            double when = loop.timers.whenOf(task);
            if (Double.isNaN(when)) {
                return "its sleep is over (or cancelled): it runs on the next pass";
            }
            return String.format(Locale.ROOT, "sleeping until %.3f in loop time (%.3f s from now)", when, when - now);
        }
        if (w instanceof Event) {
            return "waiting on " + w;
        }
        if (w instanceof Future) {
            Future<?> f = (Future<?>) w;
            if (f.isDone()) {
                return "woken by " + f + ": it runs on the next pass";
            }
            if (f instanceof Task) {
                return "awaiting task '" + ((Task<?>) f).getName() + "': " + f;
            }
            return "awaiting " + f + owner(task);
        }
        return "woken: it runs on the next pass";
    }

    /**
     * Whose future a task waits on: the primitive (lock, queue, condition, semaphore, stream, ...) whose coroutine
     * made it, found as the receiver that the woven frame of that coroutine keeps ({@code self}). Read only here, so
     * no primitive keeps anything extra for it.
     */
    private static String owner(Task<?> task) {
        int depth = 0;
        for (AsyncFrame<?> f = ACCESS.topFrame(task); f != null && depth < 4; f = f.caller, depth++) {
            Object self = selfOf(f);
            if (self != null && self.getClass().getPackageName().equals("dev.weft")) {
                return " of " + self + " (in " + f.methodName() + ")";
            }
        }
        return "";
    }

    private static Object selfOf(AsyncFrame<?> f) {
        try {
            Field self = f.getClass().getDeclaredField("self");
            self.setAccessible(true);
            return self.get(f);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;   // a static method's frame, or a hand-written one
        }
    }
}
