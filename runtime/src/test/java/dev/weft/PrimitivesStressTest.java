package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many tasks, random (seeded) sleeps and cancellations, at any point of the waiters' life: no wake-up
 * is lost (everything finishes), mutual exclusion and the value of a semaphore hold, and no item is
 * lost or duplicated. A lost wake-up shows as a test that never ends (and times out).
 */
class PrimitivesStressTest extends AsyncTestBase {

    private static final long[] SEEDS = {1, 2, 3, 42, 2024};

    private Object holder;
    private int inside;
    private int maxInside;

    @Async
    Coroutine<Integer> lockUser(Lock lock, Random rnd, int rounds) {
        int done = 0;
        for (int i = 0; i < rounds; i++) {
            Await.on(lock.acquire());
            try {
                assertNull(holder);
                holder = lock;
                Await.on(Asyncio.sleep(rnd.nextInt(3) * 0.001));
            } finally {
                holder = null;
                lock.release();
            }
            done++;
        }
        return Coroutine.of(done);
    }

    @Async
    Coroutine<Void> lockStress(long seed) {
        Random rnd = new Random(seed);
        Lock lock = new Lock();
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(Asyncio.createTask(lockUser(lock, rnd, 5)));
        }
        int cancelled = 0;
        for (int i = 0; i < 60; i++) {
            Await.on(Asyncio.sleep(rnd.nextInt(2) * 0.001));
            if (rnd.nextInt(3) == 0 && tasks.get(rnd.nextInt(tasks.size())).cancel()) {
                cancelled++;
            }
        }
        List<Object> results = Await.on(Asyncio.gather(true, tasks.toArray(new Awaitable<?>[0])));
        int finished = 0;
        for (Object r : results) {
            if (r instanceof Integer) {
                assertEquals(5, r);
                finished++;
            } else {
                assertTrue(r instanceof CancelledError, String.valueOf(r));
            }
        }
        assertTrue(cancelled > 0);
        assertEquals(40, finished + cancelled);
        assertFalse(lock.isLocked());
        assertFalse(lock.toString().contains("waiters"), lock.toString());
        return Coroutine.done();
    }

    @Test
    void lockUnderRandomCancellation() {
        for (long seed : SEEDS) {
            runTest(lockStress(seed));
        }
    }

    @Async
    Coroutine<Void> semaphoreUser(Semaphore sem, Random rnd) {
        for (int i = 0; i < 5; i++) {
            Await.on(sem.acquire());
            try {
                inside++;
                maxInside = Math.max(maxInside, inside);
                Await.on(Asyncio.sleep(rnd.nextInt(3) * 0.001));
            } finally {
                inside--;
                sem.release();
            }
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> semaphoreStress(long seed) {
        Random rnd = new Random(seed);
        BoundedSemaphore sem = new BoundedSemaphore(3);
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(Asyncio.createTask(semaphoreUser(sem, rnd)));
        }
        for (int i = 0; i < 60; i++) {
            Await.on(Asyncio.sleep(rnd.nextInt(2) * 0.001));
            if (rnd.nextInt(3) == 0) {
                tasks.get(rnd.nextInt(tasks.size())).cancel();
            }
        }
        Await.on(Asyncio.gather(true, tasks.toArray(new Awaitable<?>[0])));
        assertEquals(0, inside);
        assertEquals(3, maxInside);
        assertEquals(3, sem.value);   // every unit came back (a BoundedSemaphore would have refused more)
        assertFalse(sem.isLocked());
        return Coroutine.done();
    }

    @Test
    void semaphoreUnderRandomCancellation() {
        for (long seed : SEEDS) {
            maxInside = 0;
            runTest(semaphoreStress(seed));
        }
    }

    @Async
    Coroutine<Void> producer(Queue<Integer> q, int base, Random rnd, Set<Integer> put) {
        for (int i = 0; i < 20; i++) {
            Await.on(q.put(base + i));
            put.add(base + i);
            Await.on(Asyncio.sleep(rnd.nextInt(2) * 0.001));
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> consumer(Queue<Integer> q, Random rnd, List<Integer> got) {
        while (true) {
            int x = Await.on(q.get());
            got.add(x);
            q.taskDone();
            Await.on(Asyncio.sleep(rnd.nextInt(3) * 0.001));
        }
    }

    @Async
    Coroutine<Void> queueStress(long seed) {
        Random rnd = new Random(seed);
        Queue<Integer> q = new Queue<>(3);
        Set<Integer> put = new HashSet<>();
        List<Integer> got = new ArrayList<>();
        List<Task<Void>> producers = new ArrayList<>();
        List<Task<Void>> consumers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            producers.add(Asyncio.createTask(producer(q, 1000 * i, rnd, put)));
            consumers.add(Asyncio.createTask(consumer(q, rnd, got)));
        }
        for (int i = 0; i < 40; i++) {
            Await.on(Asyncio.sleep(rnd.nextInt(2) * 0.001));
            int which = rnd.nextInt(20);
            if (which < 10) {
                producers.get(which).cancel();
            } else if (which > 10) {
                consumers.get(which - 10).cancel();   // consumer 0 is never cancelled
            }
        }
        Await.on(Asyncio.gather(true, producers.toArray(new Awaitable<?>[0])));
        Await.on(q.join());   // hangs if a getter slept through an item
        assertTrue(q.isEmpty());
        assertEquals(put.size(), got.size());   // nothing lost ...
        assertEquals(put, new HashSet<>(got));   // ... nor duplicated
        for (Task<Void> c : consumers) {
            c.cancel();
        }
        Await.on(Asyncio.gather(true, consumers.toArray(new Awaitable<?>[0])));
        assertEquals("<Queue maxsize=3>", q.toString());
        return Coroutine.done();
    }

    @Test
    void queueUnderRandomCancellation() {
        for (long seed : SEEDS) {
            runTest(queueStress(seed));
        }
    }
}
