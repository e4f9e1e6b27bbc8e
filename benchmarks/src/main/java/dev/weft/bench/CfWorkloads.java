package dev.weft.bench;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The workloads as hand-written CompletableFuture state machines on one thread ({@link CfLoop}). Each task is a
 * {@link Step}: {@code run()} advances it until it must wait for a future that is not done, then registers
 * itself as that future's continuation, on the loop ({@code thenRunAsync(this, loop)}), and returns. A future that
 * is already done is not waited for: the step goes on at once, as an await of a finished coroutine does.
 */
public final class CfWorkloads implements Workloads {

    /** The one instance. */
    public static final CfWorkloads INSTANCE = new CfWorkloads();

    private CfWorkloads() {
    }

    /** A task: a state machine whose result is {@link #done}; a failure fails {@code done}. */
    abstract static class Step implements Runnable {
        final CfLoop loop;
        final CompletableFuture<Long> done = new CompletableFuture<>();

        Step(CfLoop loop) {
            this.loop = loop;
        }

        /** Advances the state machine; returns once it waits or is done. */
        abstract void step();

        @Override
        public final void run() {
            try {
                step();
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }

        /** Waits for {@code f}: true if it is already done (go on), else resumes this step when it is. */
        final boolean ready(CompletableFuture<?> f) {
            if (f.isDone()) {
                return true;
            }
            f.thenRunAsync(this, loop);
            return false;
        }

        /** Starts this task on a later pass of the loop, as createTask does. */
        final Step start() {
            loop.execute(this);
            return this;
        }
    }

    // ---- W1 handoff: two events made of futures ----

    /** asyncio.Event in futures: set completes the current future, clear replaces a completed one. */
    static final class CfEvent {
        private CompletableFuture<Void> future = new CompletableFuture<>();

        void set() {
            future.complete(null);
        }

        void clear() {
            if (future.isDone()) {
                future = new CompletableFuture<>();
            }
        }

        CompletableFuture<Void> await() {
            return future;
        }
    }

    @Override
    public long w1(int n) {
        CfLoop loop = new CfLoop();
        CfEvent ping = new CfEvent();
        CfEvent pong = new CfEvent();
        Baton baton = new Baton();
        Meter.begin();
        Step pinger = new Step(loop) {
            int i;
            boolean waiting;

            @Override
            void step() {
                while (true) {
                    if (waiting) {
                        waiting = false;
                        pong.clear();
                        i++;
                    }
                    if (i == n) {
                        done.complete((long) i);
                        return;
                    }
                    baton.ping();
                    ping.set();
                    waiting = true;
                    if (!ready(pong.await())) {
                        return;
                    }
                }
            }
        }.start();
        Step ponger = new Step(loop) {
            int i;
            boolean waiting;

            @Override
            void step() {
                while (true) {
                    if (waiting) {
                        waiting = false;
                        ping.clear();
                        baton.pong();
                        pong.set();
                        i++;
                    }
                    if (i == n) {
                        done.complete((long) i);
                        return;
                    }
                    waiting = true;
                    if (!ready(ping.await())) {
                        return;
                    }
                }
            }
        }.start();
        loop.run(CompletableFuture.allOf(pinger.done, ponger.done));
        Meter.end();
        Check.equal("cf w1 round trips", 2L * n, pinger.done.join() + ponger.done.join());
        return baton.count();
    }

    // ---- W1y yield: a future completed on the next pass ----

    static final class Yielder extends Step {
        final int n;
        int yields;

        Yielder(CfLoop loop, int n) {
            super(loop);
            this.n = n;
        }

        @Override
        void step() {
            if (yields == n) {
                done.complete((long) yields);
                return;
            }
            yields++;
            loop.yieldNow().thenRun(this);
        }
    }

    @Override
    public long w1y(int n) {
        CfLoop loop = new CfLoop();
        Meter.begin();
        Step a = new Yielder(loop, n).start();
        Step b = new Yielder(loop, n).start();
        loop.run(CompletableFuture.allOf(a.done, b.done));
        Meter.end();
        return a.done.join() + b.done.join();
    }

    // ---- W2 spawn: supplyAsync on the loop, allOf per batch ----

    @Override
    public long w2(int n) {
        CfLoop loop = new CfLoop();
        Meter.begin();
        Step spawner = new Step(loop) {
            @SuppressWarnings("unchecked")
            final CompletableFuture<Integer>[] batch = new CompletableFuture[Work.BATCH];
            int start;
            int size;
            long sum;
            boolean waiting;

            @Override
            void step() {
                while (true) {
                    if (waiting) {
                        waiting = false;
                        for (int k = 0; k < size; k++) {
                            sum += batch[k].join();
                            batch[k] = null;
                        }
                        start += size;
                    }
                    if (start >= n) {
                        done.complete(sum);
                        return;
                    }
                    size = Math.min(Work.BATCH, n - start);
                    for (int k = 0; k < size; k++) {
                        int i = start + k;
                        batch[k] = CompletableFuture.supplyAsync(() -> Work.item(i), loop);
                    }
                    CompletableFuture<?>[] all = size == batch.length ? batch : Arrays.copyOf(batch, size);
                    waiting = true;
                    if (!ready(CompletableFuture.allOf(all))) {
                        return;
                    }
                }
            }
        }.start();
        long sum = loop.run(spawner.done);
        Meter.end();
        return sum;
    }

    // ---- W2g spawn: supplyAsync on the loop, then allOf per batch, its results summed in thenApply ----

    /** The gather of CompletableFutures: {@code allOf}, then the sum of the results once all are done. */
    static CompletableFuture<Long> sumAll(CompletableFuture<Integer>[] futures) {
        return CompletableFuture.allOf(futures).thenApply(v -> {
            long sum = 0;
            for (CompletableFuture<Integer> f : futures) {
                sum += f.join();
            }
            return sum;
        });
    }

    @Override
    public long w2g(int n) {
        CfLoop loop = new CfLoop();
        Meter.begin();
        Step spawner = new Step(loop) {
            int start;
            long sum;
            CompletableFuture<Long> gathered;

            @Override
            void step() {
                while (true) {
                    if (gathered != null) {
                        sum += gathered.join();
                        gathered = null;
                    }
                    if (start >= n) {
                        done.complete(sum);
                        return;
                    }
                    int size = Math.min(Work.BATCH, n - start);
                    @SuppressWarnings("unchecked")
                    CompletableFuture<Integer>[] batch = new CompletableFuture[size];
                    for (int k = 0; k < size; k++) {
                        int i = start + k;
                        batch[k] = CompletableFuture.supplyAsync(() -> Work.item(i), loop);
                    }
                    start += size;
                    gathered = sumAll(batch);
                    if (!ready(gathered)) {
                        return;
                    }
                }
            }
        }.start();
        long sum = loop.run(spawner.done);
        Meter.end();
        return sum;
    }

    // ---- W3 sleepers: the loop's timer heap ----

    @Override
    public long w3(int n, double seconds) {
        long nanos = (long) (seconds * 1e9);
        CfLoop loop = new CfLoop();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] sleepers = new CompletableFuture[n];
        long[] finished = new long[1];
        Runnable finish = () -> finished[0]++;
        Meter.heapBaseline();
        Meter.begin();
        Step main = new Step(loop) {
            int i;
            boolean started;

            @Override
            void step() {
                if (!started) {
                    started = true;
                    for (int k = 0; k < n; k++) {
                        sleepers[k] = loop.sleep(nanos).thenRun(finish);
                    }
                    Meter.heapSuspended(finished[0]);
                }
                while (i < n) {
                    if (!ready(sleepers[i])) {
                        return;
                    }
                    sleepers[i++] = null;
                }
                done.complete(finished[0]);
            }
        }.start();
        long result = loop.run(main.done);
        Meter.end();
        return result;
    }

    // ---- W3g sleepers: allOf over all of them ----

    @Override
    public long w3g(int n, double seconds) {
        long nanos = (long) (seconds * 1e9);
        CfLoop loop = new CfLoop();
        long[] finished = new long[1];
        Runnable finish = () -> finished[0]++;
        Meter.heapBaseline();
        Meter.begin();
        Step main = new Step(loop) {
            CompletableFuture<Void> all;

            @Override
            void step() {
                if (all == null) {
                    CompletableFuture<?>[] sleepers = new CompletableFuture<?>[n];
                    for (int k = 0; k < n; k++) {
                        sleepers[k] = loop.sleep(nanos).thenRun(finish);
                    }
                    all = CompletableFuture.allOf(sleepers);
                    Meter.heapSuspended(finished[0]);
                    if (!ready(all)) {
                        return;
                    }
                }
                all.join();
                done.complete(finished[0]);
            }
        }.start();
        long result = loop.run(main.done);
        Meter.end();
        return result;
    }

    // ---- W4 queue: a bounded queue with a waiting getter and putter ----

    /** asyncio.Queue's shape for one producer and one consumer: items, and a future for each side that waits. */
    static final class CfQueue {
        final ArrayDeque<Integer> items = new ArrayDeque<>();
        final int capacity;
        CompletableFuture<Void> getter;
        CompletableFuture<Void> putter;

        CfQueue(int capacity) {
            this.capacity = capacity;
        }

        boolean isFull() {
            return items.size() >= capacity;
        }

        void add(Integer item) {
            items.add(item);
            CompletableFuture<Void> g = getter;
            if (g != null) {
                getter = null;
                g.complete(null);
            }
        }

        Integer poll() {
            Integer item = items.poll();
            CompletableFuture<Void> p = putter;
            if (p != null) {
                putter = null;
                p.complete(null);
            }
            return item;
        }

        CompletableFuture<Void> whenNotFull() {
            return putter = new CompletableFuture<>();
        }

        CompletableFuture<Void> whenNotEmpty() {
            return getter = new CompletableFuture<>();
        }
    }

    @Override
    public long w4(int n) {
        CfLoop loop = new CfLoop();
        CfQueue queue = new CfQueue(Work.QUEUE_CAPACITY);
        Meter.begin();
        Step producer = new Step(loop) {
            int i;

            @Override
            void step() {
                while (i < n) {
                    if (queue.isFull() && !ready(queue.whenNotFull())) {
                        return;
                    }
                    if (!queue.isFull()) {
                        queue.add(Work.item(i++));
                    }
                }
                done.complete((long) i);
            }
        }.start();
        Step consumer = new Step(loop) {
            int i;
            long sum;

            @Override
            void step() {
                while (i < n) {
                    if (queue.items.isEmpty() && !ready(queue.whenNotEmpty())) {
                        return;
                    }
                    if (!queue.items.isEmpty()) {
                        sum += queue.poll();
                        i++;
                    }
                }
                done.complete(sum);
            }
        }.start();
        loop.run(CompletableFuture.allOf(producer.done, consumer.done));
        Meter.end();
        Check.equal("cf w4 items put", n, producer.done.join());
        return consumer.done.join();
    }

    // ---- W5: a completed future, awaited in a loop ----

    static CompletableFuture<Integer> value(int i) {
        return CompletableFuture.completedFuture(Work.item(i));
    }

    @Override
    public long w5(int n) {
        CfLoop loop = new CfLoop();
        Meter.begin();
        Step main = new Step(loop) {
            int i;
            long sum;
            CompletableFuture<Integer> pending;

            @Override
            void step() {
                if (pending != null) {
                    sum += pending.join();
                    pending = null;
                    i++;
                }
                while (i < n) {
                    CompletableFuture<Integer> f = value(i);
                    if (!ready(f)) {
                        pending = f;
                        return;
                    }
                    sum += f.join();
                    i++;
                }
                done.complete(sum);
            }
        }.start();
        long sum = loop.run(main.done);
        Meter.end();
        return sum;
    }

    // ---- W5n: a chain of DEPTH futures, each level composed on the next with thenApply ----

    private static long levels;

    static CompletableFuture<Integer> chain(int depth, int i) {
        if (depth == 0) {
            return CompletableFuture.completedFuture(Work.item(i));
        }
        return chain(depth - 1, i).thenApply(v -> {
            levels++;
            return v;
        });
    }

    @Override
    public long w5n(int n) {
        CfLoop loop = new CfLoop();
        levels = 0;
        Meter.begin();
        Step main = new Step(loop) {
            int i;
            long sum;
            CompletableFuture<Integer> pending;

            @Override
            void step() {
                if (pending != null) {
                    sum += pending.join();
                    pending = null;
                    i++;
                }
                while (i < n) {
                    CompletableFuture<Integer> f = chain(Work.DEPTH - 1, i);
                    if (!ready(f)) {
                        pending = f;
                        return;
                    }
                    sum += f.join();
                    i++;
                }
                done.complete(sum);
            }
        }.start();
        long sum = loop.run(main.done);
        Meter.end();
        Check.equal("cf w5n inner awaits", Work.innerLevels(n), levels);
        return sum;
    }

    // ---- W6: no generator to iterate; Workloads.skipReason says so and Macro prints SKIP ----

    @Override
    public long w6(int n) {
        throw new UnsupportedOperationException(Workloads.skipReason("cf", "w6"));
    }
}
