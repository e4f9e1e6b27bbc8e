package dev.weft.bench;

/**
 * The same work in one system. Each method runs the whole workload on a fresh scheduler (an event loop,
 * {@code runBlocking}, a virtual thread, a CompletableFuture loop), brackets the measured section with
 * {@link Meter#begin()} and {@link Meter#end()}, and returns a result that {@link #expected} predicts.
 */
public interface Workloads {

    /** W1 handoff: two tasks ping-pong {@code n} round trips (2n switches). Returns the baton's count, 2n. */
    long w1(int n);

    /** W1y yield: two tasks each yield to the scheduler {@code n} times. Returns the yields made, 2n. */
    long w1y(int n);

    /** W2 spawn: {@code n} trivial tasks, created and awaited in batches of {@link Work#BATCH}. Returns their sum. */
    long w2(int n);

    /**
     * W2g spawn and gather: {@code n} trivial tasks in batches of {@link Work#BATCH}; each batch is created, then
     * awaited with one gather (asyncio's {@code gather}, CompletableFuture's {@code allOf}, an executor's
     * {@code invokeAll}, Kotlin's {@code awaitAll}) whose results are summed. Returns their sum.
     */
    long w2g(int n);

    /** W3 sleepers: {@code n} tasks each sleeping {@code seconds}, awaited together. Returns how many finished. */
    long w3(int n, double seconds);

    /**
     * W3g sleepers gathered: {@code n} sleepers of {@code seconds} awaited with one gather over all of them.
     * Returns how many finished (and checks that the gather gave one result per sleeper).
     */
    long w3g(int n, double seconds);

    /** W4 queue: a producer puts {@code n} items through a queue of {@link Work#QUEUE_CAPACITY}. Returns their sum. */
    long w4(int n);

    /** W5: {@code n} awaits of an already finished coroutine in one loop. Returns the sum of the results. */
    long w5(int n);

    /** W5n: {@code n} awaits of a chain of {@link Work#DEPTH} nested coroutines. Returns the sum of the results. */
    long w5n(int n);

    /**
     * W6 async for: one task iterates an async generator that yields {@code n} items ({@link Work#item}) without
     * ever waiting, and sums them. Returns their sum. Systems without generators say so in {@link #skipReason}.
     */
    long w6(int n);

    /** What a correct run of {@code workload} with size {@code n} returns. */
    static long expected(String workload, int n) {
        switch (workload) {
            case "w1":
            case "w1y":
                return 2L * n;
            case "w3":
            case "w3g":
                return n;
            case "w2":
            case "w2g":
            case "w4":
            case "w5":
            case "w5n":
            case "w6":
                return Work.itemSum(n);
            default:
                throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    /**
     * Why {@code system} does not run {@code workload}, or {@code null} when it does. CompletableFuture has no
     * generator to iterate in W6 (the hand-written iterator is the vthreads column), and kotlin-seq is Kotlin's
     * {@code sequence {}} variant of W6 alone (on every other workload it would be the kotlin column again).
     */
    static String skipReason(String system, String workload) {
        if (system.equals("cf") && workload.equals("w6")) {
            return "n/a: CompletableFuture has no generator (the hand-written iterator is the vthreads column)";
        }
        if (system.equals("kotlin-seq") && !workload.equals("w6")) {
            return "n/a: kotlin-seq is only W6's sequence {} variant (the kotlin column is Kotlin here)";
        }
        return null;
    }

    /** The implementation for {@code system}: weft, vthreads, cf, kotlin or kotlin-seq (W6 only). */
    static Workloads of(String system) {
        switch (system) {
            case "weft":
                return WeftWorkloads.INSTANCE;
            case "vthreads":
                return VThreadWorkloads.INSTANCE;
            case "cf":
                return CfWorkloads.INSTANCE;
            case "kotlin":
                return KotlinWorkloads.INSTANCE;
            case "kotlin-seq":
                return KotlinSeqWorkloads.INSTANCE;
            default:
                throw new IllegalArgumentException(
                        "unknown system " + system + " (weft, vthreads, cf, kotlin, kotlin-seq)");
        }
    }
}
