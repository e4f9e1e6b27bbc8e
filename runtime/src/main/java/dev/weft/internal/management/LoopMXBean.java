package dev.weft.internal.management;

import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.TaskDump;

/** One loop's MBean: reads the loop, on its thread when the value is the loop thread's. */
final class LoopMXBean implements EventLoopMXBean {
    private final BaseEventLoop loop;
    private final String threadName;

    LoopMXBean(BaseEventLoop loop, String threadName) {
        this.loop = loop;
        this.threadName = threadName;
    }

    @Override
    public String getThreadName() {
        return threadName;
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    @Override
    public boolean isDebug() {
        return loop.getDebug();
    }

    @Override
    public double getTime() {
        return loop.time();
    }

    @Override
    public int getTaskCount() {
        Integer n = TaskDump.onLoop(loop, () -> loop.allTasks().size(), TaskDump.WAIT_NANOS);
        return n == null ? -1 : n;
    }

    @Override
    public long getSlowCallbackCount() {
        return loop.slowCallbackCount();
    }

    @Override
    public String dumpTasks() {
        return loop.dumpTasks();
    }
}
