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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code Asyncio.sleep} awaited at once (the weaver parks the frame without making a coroutine) and awaited as a
 * coroutine made earlier behave the same: results, wake-up order, cancellation at every stage.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SleepTest extends AsyncTestBase {

    private static final double FOREVER = 3600;

    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<String> results() {
        String a = Await.on(Asyncio.sleep(0.001, "a"));
        String b = Await.on(Asyncio.sleep(0, "b"));
        Coroutine<String> stored = Asyncio.sleep(0.001, "c");
        String c = Await.on(stored);
        Object none = Await.on(Asyncio.sleep(0.001));
        return Coroutine.of(a + b + c + none);
    }

    @Test
    void aSleepGivesItsResult() {
        assertEquals("abcnull", Asyncio.run(results()));
    }

    @Async
    Coroutine<Void> sleeper(String name, double seconds) {
        log.add(name + ":sleeps");
        Await.on(Asyncio.sleep(seconds));
        log.add(name + ":woke");
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> storedSleeper(String name, double seconds) {
        log.add(name + ":sleeps");
        Coroutine<Void> s = Asyncio.sleep(seconds);
        Await.on(s);
        log.add(name + ":woke");
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> wakeUpOrder() {
        // One delay again and again (deadlines in order), then shorter ones that must overtake them, then a
        // cancelled one among them.
        List<Task<Void>> tasks = new ArrayList<>();
        tasks.add(Asyncio.createTask(sleeper("a", 0.06)));
        tasks.add(Asyncio.createTask(storedSleeper("b", 0.06)));
        tasks.add(Asyncio.createTask(sleeper("c", 0.06)));
        tasks.add(Asyncio.createTask(sleeper("d", 0.02)));
        tasks.add(Asyncio.createTask(storedSleeper("e", 0.04)));
        tasks.add(Asyncio.createTask(sleeper("f", 0.1)));
        Await.on(Asyncio.sleep(0));
        log.add("main:cancel c " + tasks.get(2).cancel("enough"));
        for (Task<Void> t : tasks) {
            try {
                Await.on(t);
            } catch (CancelledError e) {
                log.add("main:" + e.getMessage());
            }
        }
        return Coroutine.done();
    }

    @Test
    void sleepersWakeInDeadlineOrderThenSchedulingOrder() {
        Asyncio.run(wakeUpOrder());
        assertEquals(List.of("a:sleeps", "b:sleeps", "c:sleeps", "d:sleeps", "e:sleeps", "f:sleeps",
                "main:cancel c true", "d:woke", "e:woke", "a:woke", "b:woke", "main:enough", "f:woke"), log);
    }

    @Async
    Coroutine<String> cancelsItselfThenSleeps(boolean stored) {
        Asyncio.currentTask().cancel("self");
        log.add("cancelled itself");
        try {
            if (stored) {
                Coroutine<Void> s = Asyncio.sleep(FOREVER);
                Await.on(s);
            } else {
                Await.on(Asyncio.sleep(FOREVER));
            }
            return Coroutine.of("unreached");
        } catch (CancelledError e) {
            log.add("caught " + e.getMessage());
            throw e;
        }
    }

    @Async
    Coroutine<String> cancelBeforeTheSleep(boolean stored) {
        Task<String> t = Asyncio.createTask(cancelsItselfThenSleeps(stored));
        Await.on(Asyncio.sleep(0));
        log.add("main:pass 1");
        Await.on(Asyncio.sleep(0));
        log.add("main:pass 2");
        try {
            Await.on(t);
            return Coroutine.of("unreached");
        } catch (CancelledError e) {
            return Coroutine.of("cancelled: " + t.isCancelled());
        }
    }

    /** As with Python's sleep future: a sleep that starts in a task with a pending cancel is cancelled at once. */
    @Test
    void aTaskCancelledWhileRunningIsNotLeftAsleep() {
        for (boolean stored : new boolean[] {false, true}) {
            log.clear();
            assertEquals("cancelled: true", Asyncio.run(cancelBeforeTheSleep(stored)));
            assertEquals(List.of("cancelled itself", "main:pass 1", "caught self", "main:pass 2"), log,
                    "stored=" + stored);
        }
    }
}
