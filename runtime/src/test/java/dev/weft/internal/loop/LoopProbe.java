package dev.weft.internal.loop;

import dev.weft.EventLoop;

/** What tests read of a loop's insides: sizes and capacities, to check that nothing is retained and memory goes back. */
public final class LoopProbe {
    private LoopProbe() {
    }

    /** @return the ready callbacks, timers and cross-thread callbacks the loop holds */
    public static int pendingCallbacks(EventLoop loop) {
        BaseEventLoop l = (BaseEventLoop) loop;
        return l.ready.size() + l.timers.size() + l.inbox.size();
    }

    /** @return how many entries the ready queue's chunks can hold */
    public static int readyCapacity(EventLoop loop) {
        return capacity(((BaseEventLoop) loop).ready);
    }

    /** @return how many entries the timer queue's arrays and chunks can hold */
    public static int timerCapacity(EventLoop loop) {
        return capacity(((BaseEventLoop) loop).timers);
    }

    /** @return the entries the ready queue's chunks can hold */
    static int capacity(ReadyQueue q) {
        return q.chunks.count() * ReadyQueue.CHUNK;
    }

    /** @return the entries the timer queue's heap arrays and run chunks can hold */
    static int capacity(TimerQueue q) {
        return q.items.length + q.run.count() * TimerQueue.CHUNK;
    }

    /** @return the slots the table's chunks hold */
    static int capacity(SuspendedTasks t) {
        return t.chunks.count() * SuspendedTasks.CHUNK;
    }

    /** @return how many tasks have suspended and not finished */
    public static int suspendedTasks(EventLoop loop) {
        return ((BaseEventLoop) loop).suspended.size();
    }

    /** Runs one pass of the loop. */
    public static void runOnce(EventLoop loop) {
        ((BaseEventLoop) loop).runOnce();
    }
}
