package dev.weft.bench;

import dev.weft.AsyncGenerator;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Event;
import dev.weft.Future;
import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.ArrayList;
import java.util.List;

/** The workloads in Weft: {@code @Async} methods run by {@link Asyncio#run}. */
public final class WeftWorkloads implements Workloads {

    /** The one instance. */
    public static final WeftWorkloads INSTANCE = new WeftWorkloads();

    private WeftWorkloads() {
    }

    // ---- W1 handoff: two Events, set / await / clear ----

    @Async
    static Coroutine<Void> pinger(Event ping, Event pong, Baton baton, int n) {
        for (int i = 0; i < n; i++) {
            baton.ping();
            ping.set();
            Await.on(pong.await());
            pong.clear();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> ponger(Event ping, Event pong, Baton baton, int n) {
        for (int i = 0; i < n; i++) {
            Await.on(ping.await());
            ping.clear();
            baton.pong();
            pong.set();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Long> handoff(int n) {
        Event ping = new Event();
        Event pong = new Event();
        Baton baton = new Baton();
        Meter.begin();
        Task<Void> a = Asyncio.createTask(pinger(ping, pong, baton, n));
        Task<Void> b = Asyncio.createTask(ponger(ping, pong, baton, n));
        Await.on(a);
        Await.on(b);
        Meter.end();
        return Coroutine.of((long) baton.count());
    }

    @Override
    public long w1(int n) {
        return Asyncio.run(handoff(n));
    }

    // ---- W1y yield: sleep(0) ----

    @Async
    static Coroutine<Integer> yielder(int n) {
        int yields = 0;
        for (int i = 0; i < n; i++) {
            Await.on(Asyncio.sleep(0));
            yields++;
        }
        return Coroutine.of(yields);
    }

    @Async
    static Coroutine<Long> yields(int n) {
        Meter.begin();
        Task<Integer> a = Asyncio.createTask(yielder(n));
        Task<Integer> b = Asyncio.createTask(yielder(n));
        long total = Await.on(a);
        total += Await.on(b);
        Meter.end();
        return Coroutine.of(total);
    }

    @Override
    public long w1y(int n) {
        return Asyncio.run(yields(n));
    }

    // ---- W2 spawn: createTask, then await each, in batches ----

    @Async
    static Coroutine<Integer> trivial(int i) {
        return Coroutine.of(Work.item(i));
    }

    @Async
    static Coroutine<Long> spawn(int n) {
        @SuppressWarnings("unchecked")
        Task<Integer>[] batch = (Task<Integer>[]) new Task<?>[Work.BATCH];
        long sum = 0;
        Meter.begin();
        for (int start = 0; start < n; start += Work.BATCH) {
            int size = Math.min(Work.BATCH, n - start);
            for (int k = 0; k < size; k++) {
                batch[k] = Asyncio.createTask(trivial(start + k));
            }
            for (int k = 0; k < size; k++) {
                sum += Await.on(batch[k]);
                batch[k] = null;
            }
        }
        Meter.end();
        return Coroutine.of(sum);
    }

    @Override
    public long w2(int n) {
        return Asyncio.run(spawn(n));
    }

    // ---- W2g spawn: createTask for each of a batch, then one gather ----

    @Async
    static Coroutine<Long> spawnGather(int n) {
        long sum = 0;
        Meter.begin();
        for (int start = 0; start < n; start += Work.BATCH) {
            int size = Math.min(Work.BATCH, n - start);
            List<Task<Integer>> tasks = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                tasks.add(Asyncio.createTask(trivial(start + k)));
            }
            for (int v : Await.on(Asyncio.gather(tasks))) {
                sum += v;
            }
        }
        Meter.end();
        return Coroutine.of(sum);
    }

    @Override
    public long w2g(int n) {
        return Asyncio.run(spawnGather(n));
    }

    // ---- W3 sleepers ----

    /** How many sleepers have finished. */
    static final class Finished {
        long count;
    }

    @Async
    static Coroutine<Void> sleeper(double seconds, Finished finished) {
        Await.on(Asyncio.sleep(seconds));
        finished.count++;
        return Coroutine.done();
    }

    @Async
    static Coroutine<Long> sleepers(int n, double seconds) {
        @SuppressWarnings("unchecked")
        Task<Void>[] tasks = (Task<Void>[]) new Task<?>[n];
        Finished finished = new Finished();
        Meter.heapBaseline();
        Meter.begin();
        for (int i = 0; i < n; i++) {
            tasks[i] = Asyncio.createTask(sleeper(seconds, finished));
        }
        // One loop iteration: every task created above starts, and suspends in its sleep, before this returns.
        Await.on(Asyncio.sleep(0));
        Meter.heapSuspended(finished.count);
        for (int i = 0; i < n; i++) {
            Await.on(tasks[i]);
            tasks[i] = null;
        }
        Meter.end();
        return Coroutine.of(finished.count);
    }

    @Override
    public long w3(int n, double seconds) {
        return Asyncio.run(sleepers(n, seconds));
    }

    // ---- W3g: the sleepers' coroutines passed to one gather ----

    /** The coroutines of {@code n} sleepers, not started: what a user's list comprehension for gather makes. */
    static List<Coroutine<Void>> sleeperCoroutines(int n, double seconds, Finished finished) {
        List<Coroutine<Void>> coroutines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            coroutines.add(sleeper(seconds, finished));
        }
        return coroutines;
    }

    @Async
    static Coroutine<Long> sleepersGather(int n, double seconds) {
        Finished finished = new Finished();
        Meter.heapBaseline();
        Meter.begin();
        // gather wraps each coroutine in a task now; they start on the loop's next iteration.
        Future<List<Void>> all = Asyncio.gather(sleeperCoroutines(n, seconds, finished));
        // One loop iteration: every sleeper starts, and suspends in its sleep, before this returns.
        Await.on(Asyncio.sleep(0));
        Meter.heapSuspended(finished.count);
        List<Void> results = Await.on(all);
        Meter.end();
        Check.equal("weft w3g gathered results", n, results.size());
        return Coroutine.of(finished.count);
    }

    @Override
    public long w3g(int n, double seconds) {
        return Asyncio.run(sleepersGather(n, seconds));
    }

    // ---- W4 queue ----

    @Async
    static Coroutine<Void> producer(Queue<Integer> queue, int n) {
        for (int i = 0; i < n; i++) {
            Await.on(queue.put(Work.item(i)));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Long> consumer(Queue<Integer> queue, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Await.on(queue.get());
        }
        return Coroutine.of(sum);
    }

    @Async
    static Coroutine<Long> pipe(int n) {
        Queue<Integer> queue = new Queue<>(Work.QUEUE_CAPACITY);
        Meter.begin();
        Task<Void> p = Asyncio.createTask(producer(queue, n));
        Task<Long> c = Asyncio.createTask(consumer(queue, n));
        Await.on(p);
        long sum = Await.on(c);
        Meter.end();
        return Coroutine.of(sum);
    }

    @Override
    public long w4(int n) {
        return Asyncio.run(pipe(n));
    }

    // ---- W5: await of a finished coroutine ----

    @Async
    static Coroutine<Integer> value(int i) {
        return Coroutine.of(Work.item(i));
    }

    @Async
    static Coroutine<Long> awaitDone(int n) {
        long sum = 0;
        Meter.begin();
        for (int i = 0; i < n; i++) {
            sum += Await.on(value(i));
        }
        Meter.end();
        return Coroutine.of(sum);
    }

    @Override
    public long w5(int n) {
        return Asyncio.run(awaitDone(n));
    }

    // ---- W5n: the same through a chain of DEPTH coroutines ----

    private static long levels;

    @Async
    static Coroutine<Integer> chain(int depth, int i) {
        if (depth == 0) {
            return Coroutine.of(Work.item(i));
        }
        int v = Await.on(chain(depth - 1, i));
        levels++;
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Long> awaitChains(int n) {
        long sum = 0;
        levels = 0;
        Meter.begin();
        for (int i = 0; i < n; i++) {
            sum += Await.on(chain(Work.DEPTH - 1, i));
        }
        Meter.end();
        Check.equal("weft w5n inner awaits", Work.innerLevels(n), levels);
        return Coroutine.of(sum);
    }

    @Override
    public long w5n(int n) {
        return Asyncio.run(awaitChains(n));
    }

    // ---- W6 async for: an async generator of n items, iterated and summed in one task ----

    @Async
    static AsyncGenerator<Integer> items(int n) {
        for (int i = 0; i < n; i++) {
            Await.yield(Work.item(i));
        }
        return AsyncGenerator.done();
    }

    @Async
    static Coroutine<Long> asyncFor(int n) {
        long sum = 0;
        Meter.begin();
        for (int x : items(n)) {   // async for: each step awaits anext()
            sum += x;
        }
        Meter.end();
        return Coroutine.of(sum);
    }

    @Override
    public long w6(int n) {
        return Asyncio.run(asyncFor(n));
    }
}
