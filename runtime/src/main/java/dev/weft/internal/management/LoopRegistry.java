package dev.weft.internal.management;

import dev.weft.internal.loop.BaseEventLoop;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts each running loop in the platform MBean server ({@link EventLoopMXBean}), and takes it out once it stopped.
 *
 * <p>A loop only says that it starts and stops running: an add to and a remove from a concurrent set, on its own
 * thread. A daemon thread, {@code weft-jmx}, started with the first loop, compares that set with what it registered
 * once per period (a second; {@code -Ddev.weft.jmx.period=SECONDS}): a loop shows up within a period of starting
 * and goes within a period of stopping. So a loop that runs for less than that (most in a test suite, which makes
 * thousands) is never registered, and the JMX machinery (the platform MBean server takes some 100 ms to make) is
 * started only by a program whose loop runs that long, and then off the loop's thread.
 *
 * <p>{@code -Ddev.weft.jmx=false} turns it off. Without the {@code java.management} module (a jlink image, a
 * module that does not read it) it is off, and says so once in a debug message.
 */
public final class LoopRegistry {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final boolean ENABLED = enabled();
    private static final long PERIOD_NANOS = period();

    /** The loops running now. */
    private static final Set<BaseEventLoop> RUNNING = ConcurrentHashMap.newKeySet();
    /** The registrar's thread, once started. */
    private static volatile Thread registrar;
    /** Whether the registrar is parked until a loop starts. */
    private static volatile boolean idle;

    private LoopRegistry() {
    }

    private static boolean enabled() {
        if ("false".equalsIgnoreCase(System.getProperty("dev.weft.jmx"))) {
            return false;
        }
        try {
            Class.forName("java.lang.management.ManagementFactory", false, LoopRegistry.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "java.management is not available: no MBeans for the event loops", e);
            return false;
        }
    }

    private static long period() {
        try {
            double s = Double.parseDouble(System.getProperty("dev.weft.jmx.period", "1"));
            return s > 0 ? (long) (s * 1e9) : TimeUnit.SECONDS.toNanos(1);
        } catch (NumberFormatException e) {
            return TimeUnit.SECONDS.toNanos(1);
        }
    }

    /**
     * The loop's thread: {@code loop} starts running.
     *
     * @param loop the loop
     */
    public static void started(BaseEventLoop loop) {
        if (!ENABLED) {
            return;
        }
        RUNNING.add(loop);
        Thread r = registrar;
        if (r == null) {
            startRegistrar();
        } else if (idle) {
            LockSupport.unpark(r);
        }
    }

    /**
     * The loop's thread: {@code loop} stopped running.
     *
     * @param loop the loop
     */
    public static void stopped(BaseEventLoop loop) {
        if (ENABLED) {
            RUNNING.remove(loop);
        }
    }

    private static synchronized void startRegistrar() {
        if (registrar != null) {
            return;
        }
        Thread t = new Thread(LoopRegistry::register, "weft-jmx");
        t.setDaemon(true);
        registrar = t;
        t.start();
    }

    /** The registrar's loop: every period, registers the loops that run and unregisters those that stopped. */
    private static void register() {
        Map<BaseEventLoop, Object> registered = new ConcurrentHashMap<>();
        try {
            while (true) {
                if (RUNNING.isEmpty() && registered.isEmpty()) {
                    idle = true;
                    if (RUNNING.isEmpty()) {   // again, now that a starting loop will see idle and unpark
                        LockSupport.park();
                    }
                    idle = false;
                    continue;
                }
                LockSupport.parkNanos(PERIOD_NANOS);
                for (BaseEventLoop loop : registered.keySet()) {
                    if (!RUNNING.contains(loop)) {
                        Jmx.unregister(registered.remove(loop));
                    }
                }
                for (BaseEventLoop loop : RUNNING) {
                    if (!registered.containsKey(loop)) {
                        Object name = Jmx.register(loop);
                        if (name != null) {
                            registered.put(loop, name);
                        }
                    }
                }
            }
        } catch (LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "the event loops' MBeans cannot be registered", e);
        }
    }
}
