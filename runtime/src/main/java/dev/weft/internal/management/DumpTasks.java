package dev.weft.internal.management;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.Set;
import java.util.TreeSet;

/**
 * Prints the task dump of every running event loop of another JVM, with the JDK's own attach and JMX:
 * <pre>{@code java -cp weft-runtime.jar dev.weft.internal.management.DumpTasks PID}</pre>
 * It attaches to the process (same user, as {@code jcmd} does), starts its local management agent if it is not
 * running ({@code jcmd PID ManagementAgent.start_local} does the same), and calls {@code dumpTasks} on each
 * {@code dev.weft:type=EventLoop} MBean. Needs a JDK (the {@code jdk.attach} module), not only a JRE.
 */
public final class DumpTasks {
    private DumpTasks() {
    }

    /**
     * @param args the process id
     * @throws Exception when the process cannot be attached to or read
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp weft-runtime.jar " + DumpTasks.class.getName() + " PID");
            System.exit(2);
        }
        System.out.print(dump(args[0]));
    }

    /**
     * @param pid a process id
     * @return the dumps of its running loops, each after its MBean's name
     * @throws Exception when the process cannot be attached to or read
     */
    static String dump(String pid) throws Exception {
        try (JMXConnector c = connect(pid)) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            Set<ObjectName> loops = new TreeSet<>(server.queryNames(new ObjectName("dev.weft:type=EventLoop,*"), null));
            if (loops.isEmpty()) {
                return "No running Weft event loop in process " + pid
                        + " (a loop is registered once it has run for about a second)." + System.lineSeparator();
            }
            StringBuilder sb = new StringBuilder();
            for (ObjectName loop : loops) {
                sb.append("== ").append(loop).append(System.lineSeparator());
                sb.append(server.invoke(loop, "dumpTasks", null, null)).append(System.lineSeparator());
            }
            return sb.toString();
        }
    }

    /**
     * @param pid a process id
     * @return a JMX connection to its local management agent, started if need be
     * @throws Exception when the process cannot be attached to
     */
    static JMXConnector connect(String pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return JMXConnectorFactory.connect(new JMXServiceURL(address));
    }
}
