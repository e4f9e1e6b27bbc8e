package dev.weft.internal.management;

import dev.weft.internal.loop.BaseEventLoop;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/** The registrar's calls into JMX, apart, so that nothing of {@code java.management} loads without it. */
final class Jmx {
    private static final System.Logger LOG = System.getLogger("dev.weft");

    private Jmx() {
    }

    /**
     * @param loop a running loop
     * @return the name it is registered under, or {@code null} if it stopped meanwhile or registering failed
     */
    static Object register(BaseEventLoop loop) {
        String thread = loop.threadName();
        if (thread == null) {
            return null;   // stopped since
        }
        String base = thread.matches("[A-Za-z0-9._ -]+") ? thread : ObjectName.quote(thread);
        for (int n = 1; ; n++) {
            try {
                String name = n == 1 ? base : base.startsWith("\"") ? ObjectName.quote(thread + "-" + n)
                        : base + "-" + n;
                ObjectName on = new ObjectName("dev.weft:type=EventLoop,name=" + name);
                ManagementFactory.getPlatformMBeanServer().registerMBean(new LoopMXBean(loop, thread), on);
                return on;
            } catch (InstanceAlreadyExistsException e) {
                // another loop's thread has that name: the next number
            } catch (JMException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot register the MBean of " + loop, e);
                return null;
            }
        }
    }

    /** @param name what {@link #register} gave */
    static void unregister(Object name) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean((ObjectName) name);
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot unregister the MBean " + name, e);
        }
    }
}
