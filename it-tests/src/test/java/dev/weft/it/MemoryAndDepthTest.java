package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long-running coroutines use constant memory, and deep chains of awaiting coroutines neither grow the
 * Java stack when they suspend and resume nor retain what they no longer need.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MemoryAndDepthTest extends AsyncTestBase {

    private static final int ITERATIONS = 1_000_000;
    private static final long MAX_HEAP_GROWTH = 32L * 1024 * 1024;
    private static final int DEPTH = 10_000;
    /** The JVM's default thread stack on 64-bit Linux: recursion of any depth must fit in it. */
    private static final long SMALL_STACK = 1024 * 1024;

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // Several rounds: one System.gc() is only a hint, and finalisation/reference processing may lag.
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    @Async
    static Coroutine<Integer> trivial(int i) {
        return Coroutine.of(i & 7);
    }

    @Async
    static Coroutine<Integer> trivialThatSometimesSuspends(int i) {
        if (i % 4096 == 0) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(i & 3);
    }

    @Async
    static Coroutine<long[]> millionAwaits(int n) {
        long heapAtStart = usedHeapAfterGc();
        long sum = 0;
        long other = 0;
        for (int i = 0; i < n; i++) {
            sum += Await.on(trivial(i));
            other += Await.on(trivialThatSometimesSuspends(i));
            if (i % 1000 == 0) {
                Await.on(Asyncio.sleep(0));
            }
        }
        long heapAtEnd = usedHeapAfterGc();
        return Coroutine.of(new long[]{sum, other, heapAtStart, heapAtEnd});
    }

    @Test
    void aMillionAwaitsInOneLoopUseConstantMemory() {
        long before = usedHeapAfterGc();
        long[] r = Asyncio.run(millionAwaits(ITERATIONS));
        long after = usedHeapAfterGc();
        assertEquals((ITERATIONS / 8L) * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7), r[0]);
        assertEquals((ITERATIONS / 4L) * (0 + 1 + 2 + 3), r[1]);
        long growthInside = r[3] - r[2];
        long growthOutside = after - before;
        assertTrue(growthInside < MAX_HEAP_GROWTH, "heap grew by " + growthInside + " bytes while the loop ran");
        assertTrue(growthOutside < MAX_HEAP_GROWTH, "heap grew by " + growthOutside + " bytes across Asyncio.run");
    }

    @Async
    static Coroutine<Long> deep(int n) {
        if (n == 0) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(0L);
        }
        long below = Await.on(deep(n - 1));
        if (n % 1000 == 0) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(below + n);
    }

    @Async
    static Coroutine<Integer> deepFailure(int n, int[] finallies) {
        try {
            if (n == 0) {
                Await.on(Asyncio.sleep(0));
                throw new IllegalArgumentException("bottom");
            }
            return Coroutine.of(Await.on(deepFailure(n - 1, finallies)) + 1);
        } finally {
            finallies[0]++;
        }
    }

    @Async
    static Coroutine<String> catchDeepFailure(int n) {
        int[] finallies = {0};
        try {
            Await.on(deepFailure(n, finallies));
            return Coroutine.of("unreached");
        } catch (IllegalArgumentException e) {
            return Coroutine.of(e.getMessage() + " " + finallies[0]);
        }
    }

    /** Runs {@code body} on a fresh thread with a small stack, and returns its result or rethrows. */
    private static <T> T onSmallStack(Callable<T> body) throws Throwable {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small", SMALL_STACK);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    @Test
    void recursionTenThousandAwaitsDeepOnASmallStack() throws Throwable {
        long expected = (long) DEPTH * (DEPTH + 1) / 2;
        assertEquals(expected, onSmallStack(() -> Asyncio.run(deep(DEPTH))));
    }

    @Test
    void exceptionThroughTenThousandAwaitingCoroutinesOnASmallStack() throws Throwable {
        assertEquals("bottom " + (DEPTH + 1), onSmallStack(() -> Asyncio.run(catchDeepFailure(DEPTH))));
    }

    @Test
    void deepRecursionRepeatedDoesNotLeak() throws Throwable {
        long before = usedHeapAfterGc();
        for (int i = 0; i < 20; i++) {
            assertEquals((long) DEPTH * (DEPTH + 1) / 2, onSmallStack(() -> Asyncio.run(deep(DEPTH))));
        }
        long growth = usedHeapAfterGc() - before;
        assertTrue(growth < MAX_HEAP_GROWTH, "heap grew by " + growth + " bytes");
    }
}
