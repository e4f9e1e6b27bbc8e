package dev.weft.internal.loop;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The N of {@code Task-N}, for one loop. As in Python, numbers count the tasks created without a name, across
 * all loops, from 1. A loop takes them from the shared counter a block at a time, so that creating a task
 * costs no atomic operation, and gives back what it did not use when it closes, if no other loop has taken a
 * block since: one loop after another, as {@code Asyncio.run} makes them, numbers its tasks exactly as Python
 * does. Loops running at once on different threads still get distinct numbers, in blocks. One thread: the
 * loop's.
 */
final class TaskNumbers {
    static final int BLOCK = 1024;

    /** The last number any loop has taken. */
    private static final AtomicInteger TAKEN = new AtomicInteger();

    /** The next number this loop hands out; {@code [next, end)} is its block. */
    private int next;
    private int end;

    int next() {
        if (next == end) {
            next = TAKEN.getAndAdd(BLOCK) + 1;
            end = next + BLOCK;
        }
        return next++;
    }

    /** Gives the unused rest of the block back, unless another loop has taken numbers after it. */
    void giveBack() {
        if (next != end) {
            TAKEN.compareAndSet(end - 1, next - 1);
        }
        next = end = 0;
    }
}
