package dev.weft.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmarks' workloads, run small in the build: every system computes what it must on every workload (the
 * timed runs of {@code benchmarks/run.sh} would only be as good as these), and the goals of issue 4 that are not
 * about time hold for Weft: awaiting a finished coroutine allocates nothing, a yield, a queue item and an item of
 * {@code async for} over a generator allocate nothing either, and a sleeping task holds at most 150 bytes of heap. Times are never asserted here: they
 * are measured by {@code run.sh}, not by tests on a shared machine.
 */
class WorkloadsTest {

    /** Small enough for the build, large enough that a per-op allocation cannot hide in the rounding. */
    private static final int N = 20_000;

    @BeforeEach
    void meterOn() {
        Meter.enabled = true;
        Meter.reset();
    }

    @AfterEach
    void meterReset() {
        Meter.reset();
    }

    private static List<String> systems() {
        List<String> s = new ArrayList<>(List.of("weft", "cf", "kotlin"));
        if (VThreads.AVAILABLE) {
            s.add("vthreads");   // JDK 21 and later
        }
        return s;
    }

    @Test
    void everySystemComputesTheExpectedResultOnEveryWorkload() {
        for (String system : systems()) {
            Workloads impl = Workloads.of(system);
            for (String workload : List.of("w1", "w1y", "w2", "w2g", "w4", "w5", "w6")) {
                if (Workloads.skipReason(system, workload) != null) {
                    continue;   // cf w6: no generator
                }
                Meter.reset();
                assertEquals(Workloads.expected(workload, N), Macro.invoke(impl, workload, N, 0),
                        system + " " + workload);
                assertTrue(Meter.endNanos != 0, system + " " + workload + " measured itself");
            }
            Meter.reset();
            assertEquals(Workloads.expected("w5n", 20), Macro.invoke(impl, "w5n", 20, 0), system + " w5n");
            for (String workload : List.of("w3", "w3g")) {
                Meter.reset();
                assertEquals(Workloads.expected(workload, 2_000), Macro.invoke(impl, workload, 2_000, 0.01),
                        system + " " + workload);
                assertEquals(0, Meter.finishedAtHeapMeasure,
                        system + " " + workload + ": every sleeper was suspended at the heap measure");
                assertTrue(Meter.heapSuspended >= 0 && Meter.endNanos != 0, system + " " + workload + " measured itself");
            }
        }
        // W6's second Kotlin variant, sequence {}, and the pairs Macro skips.
        Meter.reset();
        assertEquals(Workloads.expected("w6", N), Macro.invoke(Workloads.of("kotlin-seq"), "w6", N, 0), "kotlin-seq w6");
        assertTrue(Meter.endNanos != 0, "kotlin-seq w6 measured itself");
        assertTrue(Workloads.skipReason("cf", "w6") != null && Workloads.skipReason("kotlin-seq", "w1") != null,
                "cf w6 and kotlin-seq off W6 are skipped");
    }

    /**
     * Bytes allocated per op by Weft on {@code workload} once warm: the fewest of up to 40 runs, so that what the
     * first, interpreted runs allocate (classes loading, the JIT's own work) does not count.
     */
    private static double weftAllocationPerOp(String workload, int n) {
        Workloads weft = Workloads.of("weft");
        double fewest = Double.MAX_VALUE;
        for (int run = 0; run < 40 && fewest >= 0.1; run++) {
            Meter.reset();
            assertEquals(Workloads.expected(workload, n), Macro.invoke(weft, workload, n, 0));
            assertTrue(Meter.startBytes >= 0 && Meter.endBytes >= 0, "this JVM counts a thread's allocations");
            fewest = Math.min(fewest, (Meter.endBytes - Meter.startBytes) / Macro.ops(workload, n));
        }
        return fewest;
    }

    /**
     * Awaiting a coroutine that is already done allocates nothing, alone (W5) or 1,000 deep (W5n). A stray
     * object in the measured section (the JIT, a class loaded) is far below one byte per op; one object per await
     * would be 16 bytes or more.
     */
    @Test
    void awaitingAFinishedCoroutineAllocatesNothing() {
        double w5 = weftAllocationPerOp("w5", 200_000);
        assertTrue(w5 < 0.5, "W5 allocates " + w5 + " B per await");
        double w5n = weftAllocationPerOp("w5n", 200);
        assertTrue(w5n < 0.5, "W5n allocates " + w5n + " B per await");
    }

    /**
     * A yield (W1y) allocates nothing per suspension: no future, no frame, no callback object. A queue item (W4)
     * allocates nothing; only a side that must wait makes a frame and a future (about once per 1,000 items).
     *
     * <p>W1 is not asserted: {@code Event.await()} makes a 16-byte wait object that only the JIT's escape analysis
     * removes, and that fails when other tests in the same JVM have made the shared await path polymorphic.
     */
    @Test
    void yieldingAndQueueItemsAllocateNothing() {
        double w1y = weftAllocationPerOp("w1y", N);
        assertTrue(w1y < 0.5, "W1y allocates " + w1y + " B per yield");
        double w4 = weftAllocationPerOp("w4", 200_000);
        assertTrue(w4 < 1, "W4 allocates " + w4 + " B per item");
    }

    /**
     * An item of {@code async for} over an async generator (W6) allocates nothing: the loop's iterator and the
     * generator's step coroutine are made once per loop and reused at every item, and the items are cached
     * {@code Integer}s.
     */
    @Test
    void asyncForOverAGeneratorAllocatesNothingPerItem() {
        double w6 = weftAllocationPerOp("w6", 200_000);
        assertTrue(w6 < 0.5, "W6 allocates " + w6 + " B per item");
    }

    /** A sleeping task holds at most 150 bytes of live heap: task, frame, timer entry and table slot. */
    @Test
    void aSleepingTaskHoldsAtMost150Bytes() {
        int n = 200_000;
        assertEquals(n, Macro.invoke(Workloads.of("weft"), "w3", n, 0.01));
        assertEquals(0, Meter.finishedAtHeapMeasure, "every sleeper was suspended at the heap measure");
        double perTask = (double) (Meter.heapSuspended - Meter.heapBaseline) / n;
        assertTrue(perTask > 40 && perTask <= 150, "a sleeping task holds " + perTask + " B");
    }
}
