package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.testing.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** TaskGroup: waits for all tasks; the first failure cancels the rest and the body; one ExceptionGroup. */
class TaskGroupTest {
    private final List<String> log = new ArrayList<>();

    private void log(String what) {
        log.add(String.format(Locale.ROOT, "%.2f %s", Asyncio.getRunningLoop().time(), what));
    }

    @Async
    Coroutine<String> worker(String name, double seconds) {
        log(name + " start");
        try {
            Await.on(Asyncio.sleep(seconds));
        } catch (CancelledError e) {
            log(name + " cancelled");
            throw e;
        }
        log(name + " end");
        return Coroutine.of(name);
    }

    @Async
    Coroutine<Void> fails(double seconds, String msg) {
        Await.on(Asyncio.sleep(seconds));
        log(msg);
        throw new IllegalStateException(msg);
    }

    @Async
    Coroutine<String> allSucceed() {
        List<Task<String>> tasks = new ArrayList<>();
        Await.on(TaskGroup.run(tg -> {
            tasks.add(tg.createTask(worker("a", 2)));
            tasks.add(tg.createTask(worker("b", 1)));
        }));
        log("group done");
        return Coroutine.of(tasks.stream().map(Task::result).collect(Collectors.joining(",")));
    }

    @Test
    void waitsForEveryTask() {
        assertEquals("a,b", VirtualTime.run(allSucceed()));
        assertEquals(List.of("0.00 a start", "0.00 b start", "1.00 b end", "2.00 a end", "2.00 group done"), log);
    }

    @Async
    Coroutine<String> oneFails() {
        try {
            Await.on(TaskGroup.runAsync(tg -> bodyThatAwaits(tg)));
            return Coroutine.of("no error");
        } catch (ExceptionGroup eg) {
            log("group failed: " + eg.getMessage());
            return Coroutine.of(eg.exceptions().stream().map(Throwable::getMessage).collect(Collectors.joining(",")));
        }
    }

    @Async
    Coroutine<Integer> bodyThatAwaits(TaskGroup tg) {
        tg.createTask(worker("slow", 5));
        tg.createTask(fails(1, "boom"));
        try {
            Await.on(Asyncio.sleep(10));
        } catch (CancelledError e) {
            log("body cancelled");
            throw e;
        }
        return Coroutine.of(1);
    }

    @Test
    void theFirstFailureCancelsTheOthersAndTheBody() {
        assertEquals("boom", VirtualTime.run(oneFails()));
        // As in CPython's _on_task_done: the group's tasks are cancelled first, then the parent task.
        assertEquals(List.of("0.00 slow start", "1.00 boom", "1.00 slow cancelled", "1.00 body cancelled",
                "1.00 group failed: unhandled errors in a TaskGroup (1 sub-exception)"), log);
    }

    @Async
    Coroutine<String> parentCancelled() {
        Task<Void> t = Asyncio.createTask(TaskGroup.run(tg -> tg.createTask(worker("child", 5))));
        Await.on(Asyncio.sleep(1));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log("group task cancelled " + t.isCancelled());
        }
        return Coroutine.of("ok");
    }

    @Test
    void cancellingTheParentCancelsTheGroupsTasks() {
        assertEquals("ok", VirtualTime.run(parentCancelled()));
        assertEquals(List.of("0.00 child start", "1.00 child cancelled", "1.00 group task cancelled true"), log);
    }

    @Async
    Coroutine<Integer> bodyResult() {
        int r = Await.on(TaskGroup.runAsync(tg -> valueAfterTasks(tg)));
        return Coroutine.of(r);
    }

    @Async
    Coroutine<Integer> valueAfterTasks(TaskGroup tg) {
        Task<String> a = tg.createTask(worker("a", 1));
        String got = Await.on(a);
        tg.createTask(worker("late", 1));
        return Coroutine.of(got.length() + 41);
    }

    @Test
    void runAsyncReturnsTheBodysResultAfterLateTasks() {
        assertEquals(42, VirtualTime.run(bodyResult()));
        assertEquals(List.of("0.00 a start", "1.00 a end", "1.00 late start", "2.00 late end"), log);
    }
}
