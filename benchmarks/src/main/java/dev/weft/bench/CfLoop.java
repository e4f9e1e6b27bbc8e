package dev.weft.bench;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The smallest event loop that CompletableFuture steps can run on: a FIFO of runnables and a timer heap, on the
 * thread that calls {@link #run}. It is the {@link Executor} given to every {@code *Async} call, so each step and
 * each continuation runs on this one thread. Not thread-safe, by design: nothing here crosses threads.
 */
final class CfLoop implements Executor {

    private static final Runnable NOOP = () -> { };

    private final Thread owner = Thread.currentThread();
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSeq;

    /** A sleep's deadline; FIFO among equal deadlines. */
    private static final class Timer implements Comparable<Timer> {
        final long deadline;
        final long seq;
        final CompletableFuture<Void> future = new CompletableFuture<>();

        Timer(long deadline, long seq) {
            this.deadline = deadline;
            this.seq = seq;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("CfLoop used from another thread: " + Thread.currentThread());
        }
        ready.add(task);
    }

    /** A future completed on a later pass of the loop: the loop's {@code sleep(0)}. */
    CompletableFuture<Void> yieldNow() {
        return CompletableFuture.runAsync(NOOP, this);
    }

    /** A future completed by the loop once {@code nanos} have passed. */
    CompletableFuture<Void> sleep(long nanos) {
        Timer t = new Timer(System.nanoTime() + nanos, timerSeq++);
        timers.add(t);
        return t.future;
    }

    /** Runs ready steps and due timers until {@code main} completes, then returns its result. */
    <T> T run(CompletableFuture<T> main) {
        while (!main.isDone()) {
            Runnable r = ready.poll();
            if (r != null) {
                r.run();
                continue;
            }
            Timer t = timers.peek();
            if (t == null) {
                throw new IllegalStateException("CfLoop is stuck: nothing is ready, no timer, and main is not done");
            }
            long wait = t.deadline - System.nanoTime();
            if (wait <= 0) {
                timers.poll();
                t.future.complete(null);
            } else {
                LockSupport.parkNanos(wait);
            }
        }
        return main.join();
    }
}
