package dev.weft.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Method;

/**
 * What one run of a workload measured, recorded by the workload itself around its measured section, on the
 * thread that does the work (so setting up an event loop, {@code runBlocking} or a carrier thread is not counted).
 *
 * <p>Time is {@link System#nanoTime()}. Allocation is
 * {@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()} of the calling thread, except inside a
 * virtual thread, whose allocation is charged to its carrier: there it is the sum over all live platform threads
 * ({@code getTotalThreadAllocatedBytes()}, JDK 21+), which on the single carrier of these runs is the same thing.
 * Not thread-safe: one workload runs at a time, and the reader reads after joining the workload's thread.
 */
public final class Meter {
    private Meter() {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final Method TOTAL_ALLOCATED = totalAllocatedMethod();

    /** Off under JMH, which measures time and allocation itself. */
    static volatile boolean enabled = true;

    static long startNanos;
    static long endNanos;
    static long startBytes;
    static long endBytes;
    /** Heap used after a full GC before the W3 tasks were created, and while all of them were suspended. */
    static long heapBaseline = -1;
    static long heapSuspended = -1;
    /** How many W3 tasks had already finished when the heap was measured (must be 0). */
    static long finishedAtHeapMeasure = -1;

    static void reset() {
        startNanos = endNanos = 0;
        startBytes = endBytes = -1;
        heapBaseline = heapSuspended = finishedAtHeapMeasure = -1;
    }

    /** Starts the measured section: call on the thread that runs the workload. */
    public static void begin() {
        if (!enabled) {
            return;
        }
        startBytes = allocatedBytes();
        startNanos = System.nanoTime();
    }

    /** Ends the measured section: call on the same thread as {@link #begin()}. */
    public static void end() {
        if (!enabled) {
            return;
        }
        endNanos = System.nanoTime();
        endBytes = allocatedBytes();
    }

    /** W3: full GC, then records the live heap as the baseline (before any sleeper exists). */
    public static void heapBaseline() {
        if (enabled) {
            heapBaseline = liveHeap();
        }
    }

    /**
     * W3: full GC, then records the live heap while every sleeper is suspended.
     *
     * @param finishedSoFar how many sleepers have already finished (anything but 0 spoils the measurement)
     */
    public static void heapSuspended(long finishedSoFar) {
        if (enabled) {
            heapSuspended = liveHeap();
            finishedAtHeapMeasure = finishedSoFar;
        }
    }

    static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static long allocatedBytes() {
        if (isVirtual(Thread.currentThread())) {
            if (TOTAL_ALLOCATED == null) {
                return -1;
            }
            try {
                return (long) TOTAL_ALLOCATED.invoke(THREADS);
            } catch (ReflectiveOperationException e) {
                return -1;
            }
        }
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    private static boolean isVirtual(Thread t) {
        return VThreads.isVirtual(t);
    }

    private static Method totalAllocatedMethod() {
        try {
            return com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
