package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static dev.weft.it.Coros.twice;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code task.cancel()} throws {@link CancelledError} at the suspension point: the method's own
 * {@code catch} and {@code finally} blocks run, and a task that swallows the error completes normally.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationTest extends AsyncTestBase {

    /** Long enough never to elapse in a passing test. */
    private static final double FOREVER = 3600;

    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<String> sleeperWithFinally(String name) {
        log.add(name + ":start");
        int before = Await.on(twice(1));
        try {
            log.add(name + ":sleeping " + before);
            Await.on(Asyncio.sleep(FOREVER));
            log.add(name + ":unreached");
            return Coroutine.of("unreached");
        } finally {
            log.add(name + ":finally " + before);
        }
    }

    @Async
    Coroutine<String> cancelWhileSuspendedInTryFinally() {
        Task<String> t = Asyncio.createTask(sleeperWithFinally("w"));
        Await.on(Asyncio.sleep(0));
        Await.on(Asyncio.sleep(0));
        log.add("main:cancel " + t.cancel());
        log.add("main:done before await " + t.isDone());
        try {
            Await.on(t);
            log.add("main:unreached");
        } catch (CancelledError e) {
            log.add("main:CancelledError");
        }
        return Coroutine.of("isCancelled=" + t.isCancelled() + " isDone=" + t.isDone() + " cancel again="
                + t.cancel());
    }

    @Test
    void finallyRunsWhenASuspendedTaskIsCancelled() {
        assertEquals("isCancelled=true isDone=true cancel again=false", Asyncio.run(cancelWhileSuspendedInTryFinally()));
        assertEquals(List.of("w:start", "w:sleeping 2", "main:cancel true", "main:done before await false",
                "w:finally 2", "main:CancelledError"), log);
    }

    @Async
    Coroutine<String> catchesCancellation() {
        log.add("c:start");
        try {
            Await.on(Asyncio.sleep(FOREVER));
            return Coroutine.of("unreached");
        } catch (CancelledError e) {
            log.add("c:caught " + e.getMessage());
            int v = Await.on(twice(21));
            log.add("c:awaited after cancel");
            return Coroutine.of("swallowed " + v);
        }
    }

    @Async
    Coroutine<String> cancelATaskThatSwallows() {
        Task<String> t = Asyncio.createTask(catchesCancellation());
        Await.on(Asyncio.sleep(0));
        t.cancel("stop now");
        String r = Await.on(t);
        log.add("main:" + r);
        return Coroutine.of("isCancelled=" + t.isCancelled() + " result=" + t.result());
    }

    @Test
    void taskThatCatchesCancelledErrorAndReturnsCompletesNormally() {
        assertEquals("isCancelled=false result=swallowed 42", Asyncio.run(cancelATaskThatSwallows()));
        assertEquals(List.of("c:start", "c:caught stop now", "c:awaited after cancel", "main:swallowed 42"), log);
    }

    @Async
    Coroutine<Void> cleanupAwaitsInFinally() {
        try {
            log.add("f:start");
            Await.on(Asyncio.sleep(FOREVER));
        } finally {
            log.add("f:finally start");
            Await.on(Asyncio.sleep(0));
            int v = Await.on(twice(4));
            log.add("f:finally end " + v);
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Boolean> cancelThenWait() {
        Task<Void> t = Asyncio.createTask(cleanupAwaitsInFinally());
        Await.on(Asyncio.sleep(0));
        t.cancel();
        for (int i = 0; i < 5; i++) {
            Await.on(Asyncio.sleep(0));
            log.add("main:pass " + i + " done=" + t.isDone());
        }
        return Coroutine.of(t.isCancelled());
    }

    @Test
    void finallyMayAwaitAfterCancellation() {
        assertEquals(true, Asyncio.run(cancelThenWait()));
        // pass 0: the task gets CancelledError and suspends in its finally (sleep(0));
        // pass 1: it resumes, awaits twice(4) which suspends once more; pass 2: it ends, cancelled.
        assertEquals(List.of("f:start", "f:finally start", "main:pass 0 done=false", "main:pass 1 done=false",
                "f:finally end 8", "main:pass 2 done=true", "main:pass 3 done=true", "main:pass 4 done=true"), log);
    }

    @Async
    Coroutine<String> neverStarts() {
        try {
            log.add("n:body");
            return Coroutine.of("unreached");
        } finally {
            log.add("n:finally");
        }
    }

    @Async
    Coroutine<String> cancelBeforeStart() {
        Task<String> t = Asyncio.createTask(neverStarts());
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("main:CancelledError");
        }
        return Coroutine.of("isCancelled=" + t.isCancelled());
    }

    @Test
    void taskCancelledBeforeItStartsNeverRunsItsBody() {
        assertEquals("isCancelled=true", Asyncio.run(cancelBeforeStart()));
        assertEquals(List.of("main:CancelledError"), log);
    }

    @Async
    Coroutine<Integer> innermost() {
        try {
            log.add("inner:sleep");
            Await.on(Asyncio.sleep(FOREVER));
            return Coroutine.of(0);
        } finally {
            log.add("inner:finally");
        }
    }

    @Async
    Coroutine<Integer> middle() {
        try {
            return Coroutine.of(Await.on(innermost()) + 1);
        } catch (CancelledError e) {
            log.add("middle:catch");
            throw e;
        } finally {
            log.add("middle:finally");
        }
    }

    @Async
    Coroutine<Integer> outermost() {
        try {
            return Coroutine.of(Await.on(middle()) + 1);
        } finally {
            log.add("outer:finally " + Await.on(twice(3)));
        }
    }

    @Async
    Coroutine<String> cancelNestedAwaits() {
        Task<Integer> t = Asyncio.createTask(outermost());
        Await.on(Asyncio.sleep(0));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("main:CancelledError");
        }
        return Coroutine.of("isCancelled=" + t.isCancelled());
    }

    @Test
    void cancellationUnwindsEveryAwaitingCoroutineInOrder() {
        assertEquals("isCancelled=true", Asyncio.run(cancelNestedAwaits()));
        assertEquals(List.of("inner:sleep", "inner:finally", "middle:catch", "middle:finally", "outer:finally 6",
                "main:CancelledError"), log);
    }

    @Async
    Coroutine<String> awaitsAnotherTask(Task<String> other) {
        try {
            return Coroutine.of(Await.on(other));
        } finally {
            log.add("waiter:finally other.cancelled=" + other.isCancelled());
        }
    }

    @Async
    Coroutine<String> cancelPropagatesToTheAwaitedTask() {
        Task<String> sleeper = Asyncio.createTask(sleeperWithFinally("s"));
        Task<String> waiter = Asyncio.createTask(awaitsAnotherTask(sleeper));
        Await.on(Asyncio.sleep(0));
        Await.on(Asyncio.sleep(0));
        waiter.cancel();
        try {
            Await.on(waiter);
        } catch (CancelledError e) {
            log.add("main:CancelledError");
        }
        return Coroutine.of("waiter=" + waiter.isCancelled() + " sleeper=" + sleeper.isCancelled());
    }

    @Test
    void cancellingATaskCancelsTheTaskItAwaits() {
        assertEquals("waiter=true sleeper=true", Asyncio.run(cancelPropagatesToTheAwaitedTask()));
        assertEquals(List.of("s:start", "s:sleeping 2", "s:finally 2", "waiter:finally other.cancelled=true",
                "main:CancelledError"), log);
    }

    @Async
    Coroutine<String> loopUntilCancelled() {
        int i = 0;
        long sum = 0;
        try {
            while (i < 1_000_000) {
                sum += Await.on(twice(i));
                i++;
            }
            return Coroutine.of("never cancelled: sum=" + sum);
        } catch (CancelledError e) {
            log.add("loop:cancelled after " + i);
            return Coroutine.of("sum=" + sum + " i=" + i);
        }
    }

    @Async
    Coroutine<String> cancelABusyLoop() {
        Task<String> t = Asyncio.createTask(loopUntilCancelled());
        for (int k = 0; k < 4; k++) {
            Await.on(Asyncio.sleep(0));
        }
        t.cancel();
        return Coroutine.of(Await.on(t));
    }

    @Test
    void localsAreIntactWhenCancellationIsCaught() {
        // The task starts on pass 1 and is at twice(3)'s sleep(0) when cancel() is called on pass 4.
        assertEquals("sum=6 i=3", Asyncio.run(cancelABusyLoop()));
        assertEquals(List.of("loop:cancelled after 3"), log);
    }
}
