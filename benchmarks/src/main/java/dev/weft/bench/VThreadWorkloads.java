package dev.weft.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads in Java virtual threads (JDK 21+), each run inside one "main" virtual thread; run with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1} (Macro sets it by default) so that all share one carrier.
 * Blocking calls are the suspension points: {@link SynchronousQueue} for the handoff, {@link Thread#yield()},
 * {@link Thread#sleep}, {@link ArrayBlockingQueue}. W5 and W5n have nothing to suspend on, so they are plain
 * method calls: what a virtual-thread program writes instead of awaiting a finished coroutine. W2g and W3g gather
 * with {@code Executors.newVirtualThreadPerTaskExecutor().invokeAll(callables)}. W6 has no generator either: a
 * for-each over a hand-written {@link Iterable} ({@link Items}), the baseline of the async generators.
 */
public final class VThreadWorkloads implements Workloads {

    /** The one instance. */
    public static final VThreadWorkloads INSTANCE = new VThreadWorkloads();

    private VThreadWorkloads() {
    }

    /** A task body that may block. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * Starts a virtual thread. A failure in it ends the JVM: its peer would otherwise wait for it forever.
     */
    static Thread spawn(Body body) {
        return VThreads.start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                System.err.println("FAIL in a virtual thread: " + e);
                e.printStackTrace();
                System.exit(1);
            }
        });
    }

    // ---- W1 handoff: two SynchronousQueues ----

    @Override
    public long w1(int n) {
        return VThreads.call(() -> {
            SynchronousQueue<Integer> ping = new SynchronousQueue<>();
            SynchronousQueue<Integer> pong = new SynchronousQueue<>();
            Baton baton = new Baton();
            Integer token = 1;
            Meter.begin();
            Thread a = spawn(() -> {
                for (int i = 0; i < n; i++) {
                    baton.ping();
                    ping.put(token);
                    pong.take();
                }
            });
            Thread b = spawn(() -> {
                for (int i = 0; i < n; i++) {
                    ping.take();
                    baton.pong();
                    pong.put(token);
                }
            });
            VThreads.join(a);
            VThreads.join(b);
            Meter.end();
            return (long) baton.count();
        });
    }

    // ---- W1y yield: Thread.yield() ----

    @Override
    public long w1y(int n) {
        return VThreads.call(() -> {
            long[] yields = new long[2];
            Meter.begin();
            Thread a = spawn(() -> yields[0] = yielder(n));
            Thread b = spawn(() -> yields[1] = yielder(n));
            VThreads.join(a);
            VThreads.join(b);
            Meter.end();
            return yields[0] + yields[1];
        });
    }

    private static long yielder(int n) {
        long yields = 0;
        for (int i = 0; i < n; i++) {
            Thread.yield();
            yields++;
        }
        return yields;
    }

    // ---- W2 spawn: start, then join each, in batches ----

    @Override
    public long w2(int n) {
        return VThreads.call(() -> {
            Thread[] batch = new Thread[Work.BATCH];
            int[] results = new int[Work.BATCH];
            long sum = 0;
            Meter.begin();
            for (int start = 0; start < n; start += Work.BATCH) {
                int size = Math.min(Work.BATCH, n - start);
                for (int k = 0; k < size; k++) {
                    int slot = k;
                    int i = start + k;
                    batch[k] = VThreads.start(() -> results[slot] = Work.item(i));
                }
                for (int k = 0; k < size; k++) {
                    VThreads.join(batch[k]);
                    batch[k] = null;
                    sum += results[k];
                }
            }
            Meter.end();
            return sum;
        });
    }

    // ---- W2g spawn: invokeAll of a batch on a virtual-thread-per-task executor ----

    @Override
    public long w2g(int n) {
        return VThreads.call(() -> {
            ExecutorService executor = VThreads.newExecutor();
            long sum = 0;
            Meter.begin();
            for (int start = 0; start < n; start += Work.BATCH) {
                int size = Math.min(Work.BATCH, n - start);
                List<Callable<Integer>> batch = new ArrayList<>(size);
                for (int k = 0; k < size; k++) {
                    int i = start + k;
                    batch.add(() -> Work.item(i));
                }
                for (Future<Integer> f : executor.invokeAll(batch)) {
                    sum += f.get();
                }
            }
            Meter.end();
            executor.shutdown();
            return sum;
        });
    }

    // ---- W3 sleepers: Thread.sleep ----

    @Override
    public long w3(int n, double seconds) {
        long nanos = (long) (seconds * 1e9);
        return VThreads.call(() -> {
            Thread[] threads = new Thread[n];
            AtomicLong finished = new AtomicLong();
            CountDownLatch started = new CountDownLatch(n);
            // A sleeper that wakes before the heap is measured waits here, still holding its stack, so the
            // measure counts every sleeper however late this thread is scheduled; once open it costs one read.
            CountDownLatch measured = new CountDownLatch(1);
            Meter.heapBaseline();
            Meter.begin();
            for (int i = 0; i < n; i++) {
                threads[i] = spawn(() -> {
                    started.countDown();
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                    measured.await();
                    finished.incrementAndGet();
                });
            }
            // On one carrier, each thread runs until it parks in sleep; the last count-down wakes this thread
            // only after its own thread has parked.
            started.await();
            Meter.heapSuspended(finished.get());
            measured.countDown();
            for (int i = 0; i < n; i++) {
                VThreads.join(threads[i]);
                threads[i] = null;
            }
            Meter.end();
            return finished.get();
        });
    }

    // ---- W3g sleepers: one invokeAll of all of them ----

    @Override
    public long w3g(int n, double seconds) {
        long nanos = (long) (seconds * 1e9);
        return VThreads.call(() -> {
            ExecutorService executor = VThreads.newExecutor();
            AtomicLong finished = new AtomicLong();
            CountDownLatch started = new CountDownLatch(n);
            // As in w3: a sleeper that wakes before the heap is measured waits here, still holding its stack.
            CountDownLatch measured = new CountDownLatch(1);
            Meter.heapBaseline();
            Meter.begin();
            // invokeAll blocks this thread until every sleeper is done, so the heap is measured by a thread of its
            // own, once the last sleeper has started (on one carrier: has parked in its sleep).
            Thread measure = spawn(() -> {
                started.await();
                Meter.heapSuspended(finished.get());
                measured.countDown();
            });
            List<Callable<Void>> sleepers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                sleepers.add(() -> {
                    started.countDown();
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                    measured.await();
                    finished.incrementAndGet();
                    return null;
                });
            }
            List<Future<Void>> results = executor.invokeAll(sleepers);
            Meter.end();
            VThreads.join(measure);
            executor.shutdown();
            Check.equal("vthreads w3g gathered results", n, results.size());
            for (Future<Void> f : results) {
                f.get(); // rethrows a sleeper's failure
            }
            return finished.get();
        });
    }

    // ---- W4 queue: ArrayBlockingQueue ----

    @Override
    public long w4(int n) {
        return VThreads.call(() -> {
            BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(Work.QUEUE_CAPACITY);
            long[] sum = new long[1];
            Meter.begin();
            Thread p = spawn(() -> {
                for (int i = 0; i < n; i++) {
                    queue.put(Work.item(i));
                }
            });
            Thread c = spawn(() -> {
                long s = 0;
                for (int i = 0; i < n; i++) {
                    s += queue.take();
                }
                sum[0] = s;
            });
            VThreads.join(p);
            VThreads.join(c);
            Meter.end();
            Check.that(queue.poll(0, TimeUnit.NANOSECONDS) == null, "vthreads w4: items left in the queue");
            return sum[0];
        });
    }

    // ---- W5: a plain call stands for the await of a finished coroutine ----

    static int value(int i) {
        return Work.item(i);
    }

    @Override
    public long w5(int n) {
        return VThreads.call(() -> {
            long sum = 0;
            Meter.begin();
            for (int i = 0; i < n; i++) {
                sum += value(i);
            }
            Meter.end();
            return sum;
        });
    }

    // ---- W5n: a chain of DEPTH plain calls ----

    private static long levels;

    static int chain(int depth, int i) {
        if (depth == 0) {
            return Work.item(i);
        }
        int v = chain(depth - 1, i);
        levels++;
        return v;
    }

    @Override
    public long w5n(int n) {
        return VThreads.call(() -> {
            long sum = 0;
            levels = 0;
            Meter.begin();
            for (int i = 0; i < n; i++) {
                sum += chain(Work.DEPTH - 1, i);
            }
            Meter.end();
            Check.equal("vthreads w5n inner calls", Work.innerLevels(n), levels);
            return sum;
        });
    }

    // ---- W6: a for-each over a hand-written iterator stands for async for over an async generator ----

    /** The items {@code Work.item(0..n-1)} as a hand-written {@code Iterable<Integer>}: what a generator saves writing. */
    static final class Items implements Iterable<Integer> {
        private final int n;

        Items(int n) {
            this.n = n;
        }

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < n;
                }

                @Override
                public Integer next() {
                    if (i >= n) {
                        throw new NoSuchElementException();
                    }
                    return Work.item(i++);
                }
            };
        }
    }

    @Override
    public long w6(int n) {
        return VThreads.call(() -> {
            long sum = 0;
            Meter.begin();
            for (int x : new Items(n)) {
                sum += x;
            }
            Meter.end();
            return sum;
        });
    }
}
