package dev.weft.internal.management;

import dev.weft.internal.DebugModeProgram;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop's MBean, seen from outside its JVM as jconsole and the README's one-liner see it: a new JVM runs
 * LoopMBeanProgram; this one attaches to it.
 */
class LoopMBeanTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final ObjectName NAME = name("dev.weft:type=EventLoop,name=server");

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void aRunningLoopHasAnMBeanThatDumpsItsTasks() throws Exception {
        Process target = new ProcessBuilder(JAVA, "-Ddev.weft.jmx.period=0.1", "-cp",
                System.getProperty("java.class.path"), LoopMBeanProgram.class.getName()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(),
                StandardCharsets.UTF_8)); PrintStream in = new PrintStream(target.getOutputStream(), true,
                StandardCharsets.UTF_8)) {
            assertEquals("running", out.readLine());
            String pid = Long.toString(target.pid());
            try (JMXConnector c = DumpTasks.connect(pid)) {
                MBeanServerConnection server = c.getMBeanServerConnection();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!server.isRegistered(NAME) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(server.isRegistered(NAME), "registered: " + names(server));
                assertEquals("server", server.getAttribute(NAME, "ThreadName"));
                assertEquals(true, server.getAttribute(NAME, "Running"));
                assertEquals(false, server.getAttribute(NAME, "Debug"));
                assertEquals(2, server.getAttribute(NAME, "TaskCount"));   // main and worker
                assertEquals(0L, server.getAttribute(NAME, "SlowCallbackCount"));
                assertTrue((Double) server.getAttribute(NAME, "Time") > 0);

                // The README's one-liner, run as a user would.
                String dump = run(JAVA, "-cp", System.getProperty("java.class.path"), DumpTasks.class.getName(), pid);
                assertTrue(dump.startsWith("== dev.weft:type=EventLoop,name=server" + System.lineSeparator()
                        + "Event loop on thread \"server\" (running), loop time "), dump);
                assertTrue(dump.contains(", 2 tasks, 0 slow callbacks"), dump);
                assertTrue(dump.contains("Task 'Task-1': awaiting task 'worker': <Task pending name='worker'"), dump);
                assertTrue(dump.contains("Task 'worker': waiting on <Event at 0x"), dump);
                assertTrue(dump.contains("    at dev.weft.internal.management.LoopMBeanProgram.worker(LoopMBeanProgram.java:24)"),
                        dump);

                in.println("stop");
                assertEquals("stopped", out.readLine());
                deadline = System.nanoTime() + 10_000_000_000L;
                while (server.isRegistered(NAME) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(Set.of(), names(server), "a stopped loop's MBean goes");
            }
            in.println("exit");
            assertEquals(0, target.waitFor());
        } finally {
            target.destroy();
        }
    }

    private static Set<ObjectName> names(MBeanServerConnection server) throws IOException {
        return server.queryNames(name("dev.weft:type=EventLoop,*"), null);
    }

    @Test
    void withoutJavaManagementNorJfrLoopsRunAsBefore() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "--limit-modules", "java.base,jdk.unsupported", "-Ddev.weft.debug=true",
                "-cp", System.getProperty("java.class.path"), DebugModeProgram.class.getName()));
        assertEquals("debug=true", run(cmd.toArray(new String[0])).trim());
    }
}
