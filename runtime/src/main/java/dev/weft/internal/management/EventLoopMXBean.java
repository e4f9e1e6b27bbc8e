package dev.weft.internal.management;

/**
 * The management interface of one running event loop, registered as {@code dev.weft:type=EventLoop,name=<thread>}
 * in the platform MBean server: what {@code jconsole} shows and {@link DumpTasks} prints. Internal: the interface is
 * public only because JMX requires it.
 *
 * <p>Every member may be called from any thread (JMX calls come from the connector's threads). Values that belong to
 * the loop's thread are read on it, between two callbacks, waiting at most a second.
 */
public interface EventLoopMXBean {

    /** @return the name of the thread running the loop when it was registered */
    String getThreadName();

    /** @return whether the loop is running now */
    boolean isRunning();

    /** @return whether the loop is in debug mode */
    boolean isDebug();

    /** @return the loop's time, in seconds: what its timers and sleeps are scheduled against */
    double getTime();

    /** @return how many unfinished tasks the loop has, or -1 when it did not answer within a second (it is blocked) */
    int getTaskCount();

    /**
     * @return how many callbacks and task steps took 100 ms or longer while the loop timed them: in debug mode, and
     *         while a JFR recording wants Weft's events
     */
    long getSlowCallbackCount();

    /** @return the dump of the loop's tasks: see {@code EventLoop.dumpTasks()} */
    String dumpTasks();
}
