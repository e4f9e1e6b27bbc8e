package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code hold()}: Python's {@code async with lock:} as try-with-resources, on every primitive that has it. */
@Timeout(30)
class HoldTest {

    @Async
    static Coroutine<Void> worker(Lock lock, String name, double d, List<String> log) {
        try (Held held = Await.on(lock.hold())) {
            log.add(name + " in");
            Await.on(Asyncio.sleep(d));
            log.add(name + " out");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> holder(Semaphore sem, List<String> log) {
        try (Held held = Await.on(sem.hold())) {
            log.add("holder in");
            Await.on(Asyncio.sleep(0.01));
            log.add("holder out");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> waiter(Semaphore sem, List<String> log) {
        try {
            try (Held held = Await.on(sem.hold())) {
                log.add("waiter in");
            }
        } catch (CancelledError e) {
            log.add("waiter cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> consumer(Condition cond, List<String> log) {
        try (Held held = Await.on(cond.hold())) {
            Await.on(cond.await());
            log.add("consumer woken");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> failing(Lock lock) {
        try (Held held = Await.on(lock.hold())) {
            throw new IllegalArgumentException("boom");
        }
    }

    /*
     * Python 3.11.7 (/tmp/py/hold.py: the same steps with async with):
     *   ['a in', 'a out', 'b in', 'b out', 'lock locked False', 'holder in', 'waiter cancelled', 'holder out',
     *    'sem locked False', 'sem again', 'notified', 'consumer woken', 'failed boom, lock locked False']
     * The waiter is cancelled while it waits in hold(): it acquired nothing and releases nothing, so the
     * BoundedSemaphore is not released too many times.
     */
    @Async
    static Coroutine<List<String>> holds() {
        List<String> log = new ArrayList<>();
        Lock lock = new Lock();
        Await.on(Asyncio.gather(worker(lock, "a", 0.01, log), worker(lock, "b", 0, log)));
        log.add("lock locked " + lock.isLocked());

        Semaphore sem = new BoundedSemaphore(1);
        Task<Void> t1 = Asyncio.createTask(holder(sem, log));
        Await.on(Asyncio.sleep(0));
        Task<Void> t2 = Asyncio.createTask(waiter(sem, log));
        Await.on(Asyncio.sleep(0));
        t2.cancel();
        Await.on(Asyncio.gather(true, t1, t2));
        log.add("sem locked " + sem.isLocked());
        try (Held held = Await.on(sem.hold())) {
            log.add("sem again");
        }

        Condition cond = new Condition();
        Task<Void> c = Asyncio.createTask(consumer(cond, log));
        Await.on(Asyncio.sleep(0));
        try (Held held = Await.on(cond.hold())) {
            cond.signalAll();
            log.add("notified");
        }
        Await.on(c);
        try {
            Await.on(failing(lock));
        } catch (IllegalArgumentException e) {
            log.add("failed " + e.getMessage() + ", lock locked " + lock.isLocked());
        }
        return Coroutine.of(log);
    }

    @Test
    void holdAcquiresBeforeTheBlockAndReleasesHoweverItEnds() {
        assertEquals(List.of("a in", "a out", "b in", "b out", "lock locked false", "holder in", "waiter cancelled",
                "holder out", "sem locked false", "sem again", "notified", "consumer woken",
                "failed boom, lock locked false"), Asyncio.run(holds()));
    }
}
