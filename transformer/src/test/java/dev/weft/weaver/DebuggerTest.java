package dev.weft.weaver;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A debugger (JDI, as IDEs use) stops on a breakpoint inside an {@code @Async} method, after an await,
 * and sees the method's locals by their source names.
 */
class DebuggerTest {

    private static final String SRC = "package d;\n"
            + "import dev.weft.*;\n"
            + "import dev.weft.annotations.Async;\n"
            + "public class Dbg {\n"
            + "  @Async static Coroutine<Integer> work(String name, int n) {\n"
            + "    int count = n * 2;\n"
            + "    Await.on(Asyncio.sleep(0));\n"
            + "    String label = name + count;\n"           // line 8: the breakpoint, after a suspension
            + "    System.out.println(label);\n"
            + "    return Coroutine.of(count);\n"
            + "  }\n"
            + "  public static void main(String[] args) { System.out.println(Asyncio.run(work(\"w\", 21))); }\n"
            + "}\n";

    @Test
    void breakpointInsideAnAsyncMethodShowsItsLocals() throws Exception {
        Path dir = Files.createTempDirectory("weft-debug");
        for (Map.Entry<String, byte[]> e : WeaveHarness.weave(WeaveHarness.compile(Map.of("d.Dbg", SRC))).entrySet()) {
            Path f = dir.resolve(e.getKey() + ".class");
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        LaunchingConnector launcher = Bootstrap.virtualMachineManager().defaultConnector();
        Map<String, Connector.Argument> args = launcher.defaultArguments();
        args.get("main").setValue("d.Dbg");
        args.get("options").setValue("-cp " + dir + File.pathSeparator + System.getProperty("java.class.path"));
        VirtualMachine vm = launcher.launch(args);
        Map<String, String> seen = new TreeMap<>();
        List<String> methods = new ArrayList<>();
        try {
            ClassPrepareRequest cpr = vm.eventRequestManager().createClassPrepareRequest();
            cpr.addClassFilter("d.Dbg");
            cpr.enable();
            vm.resume();
            boolean done = false;
            while (!done) {
                EventSet set = vm.eventQueue().remove(30_000);
                if (set == null) {
                    break;
                }
                for (Event ev : set) {
                    if (ev instanceof ClassPrepareEvent) {
                        ReferenceType type = ((ClassPrepareEvent) ev).referenceType();
                        List<Location> locations = type.locationsOfLine(8);
                        assertFalse(locations.isEmpty(), "line 8 has code");
                        for (Location l : locations) {
                            BreakpointRequest br = vm.eventRequestManager().createBreakpointRequest(l);
                            br.enable();
                        }
                    } else if (ev instanceof BreakpointEvent) {
                        StackFrame frame = ((BreakpointEvent) ev).thread().frame(0);
                        methods.add(frame.location().method().name() + ":" + frame.location().lineNumber());
                        for (LocalVariable v : frame.visibleVariables()) {
                            Object value = frame.getValue(v);
                            seen.put(v.name(), value instanceof StringReference ? ((StringReference) value).value()
                                    : value instanceof IntegerValue ? Integer.toString(((IntegerValue) value).value())
                                    : String.valueOf(value));
                        }
                    } else if (ev instanceof VMDeathEvent || ev instanceof VMDisconnectEvent) {
                        done = true;
                    }
                }
                if (!done) {
                    set.resume();
                }
            }
        } finally {
            try {
                vm.dispose();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        assertEquals(List.of("work:8"), methods);
        // Parameters and the locals live across the await hold their values after resuming.
        // The body's own parameters are named too (a debugger follows a task through a suspension by weft$task).
        assertEquals("42", seen.get("count"));
        assertEquals("21", seen.get("n"));
        assertEquals("w", seen.get("name"));
        assertEquals("0", seen.get("weft$depth"));
        assertEquals(List.of("count", "n", "name", "weft$depth", "weft$frame", "weft$task"), new ArrayList<>(seen.keySet()));
        assertTrue(seen.get("weft$frame").startsWith("instance of d.Dbg$weft$work$0"), seen.toString());
        assertTrue(seen.get("weft$task").startsWith("instance of dev.weft.Task"), seen.toString());
    }
}
