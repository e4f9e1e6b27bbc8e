package dev.weft.it;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import dev.weft.it.debuggee.SteppingTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Woven code under a debugger (JDI, as jdb and the IDEs use it), on {@link SteppingTarget} in a new JVM (with the
 * javaagent when the tests run woven at load time).
 *
 * <p>A breakpoint on an await's line stops before the await; the parameters hold their values all through the method,
 * also after a resume, the ones not read after the await included. A plain step over an await that suspends ends
 * where the body returned to (its caller's line, or its frame's {@code invoke}): the task has left the Java stack, and
 * no plain step can follow it to where it resumes. A debugger does what IntelliJ does for Kotlin's suspend calls: it
 * notes the task (the body's variable {@code weft$task}), stops where the method is entered again by that task (its
 * resume), and steps on while on the await's line; it arrives at the next line once the task resumes.
 */
class DebuggerTest {
    private static final String TARGET = SteppingTarget.class.getName();
    private static final long TIMEOUT_MS = 60_000;

    private VirtualMachine vm;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @AfterEach
    void tearDown() {
        if (vm != null) {
            try {
                vm.exit(0);
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    @Test
    void steppingOverASuspendingAwaitArrivesAtTheNextLineOnceTheTaskResumes() throws Exception {
        launch();
        ReferenceType target = prepared();
        Method body = body(target, "work");
        int before = line("before");
        int await = line("await");
        int after = line("after");

        // jdb's "stop at SteppingTarget:<await>": the first place of the line. It is before the await.
        BreakpointEvent atAwait = breakAt(body.locationsOfLine(await).get(0), null);
        ThreadReference thread = atAwait.thread();
        assertEquals(40, intValue(thread.frame(0), "twice"));
        assertEquals("job", stringValue(thread.frame(0), "label"));

        // What the debugger keeps before stepping: the task running the body (its argument after the frame) and the
        // body's frame class (the frame itself may not exist yet: a body called directly makes it as it suspends).
        ObjectReference task = (ObjectReference) value(thread.frame(0), "weft$task");

        // A plain step over: the await suspends and the body returns, here to its caller, which awaits it directly
        // (and then suspends too). The task has left the Java stack.
        Location plain = step(thread, StepRequest.STEP_OVER).location();
        assertEquals("caller", plain.method().name(), plain.toString());

        // The debugger's part: stop where the body is entered again by the same task (its resume: the task waits in
        // this method, so its next step starts here), then step on while on the await's line.
        // The body's first instruction: its entry, which has no line (it jumps to the start or the resume point).
        Location entry = body.locationOfCodeIndex(0);
        BreakpointEvent resumed = breakAt(entry, null);
        while (!task.equals(value(resumed.thread().frame(0), "weft$task"))) {
            resumed = breakAt(entry, null);   // another task in the same method
        }
        List<Integer> lines = new ArrayList<>();
        Location at = resumed.location();
        lines.add(at.lineNumber());
        while (at.method().equals(body) && at.lineNumber() != after && lines.size() < 5) {
            at = step(thread, StepRequest.STEP_OVER).location();
            lines.add(at.lineNumber());
        }
        // The body's entry (JDI counts it to the first line, though a breakpoint there does not stop at it), the
        // await's line (the resume point), then the next line.
        assertEquals(List.of(before, await, after), lines);
        assertEquals(body, at.method());

        // The parameters kept their values across the suspension, the unread one included.
        StackFrame f = thread.frame(0);
        assertEquals("job", stringValue(f, "label"));
        assertEquals(20, intValue(f, "n"));
        assertEquals(40, intValue(f, "twice"));

        vm.eventRequestManager().deleteAllBreakpoints();
        runToEnd();
        assertTrue(output().contains("result 41"), output());
    }

    @Test
    void aBreakpointOnTheFirstLineShowsTheParameters() throws Exception {
        launch();
        ReferenceType target = prepared();
        Method body = body(target, "work");
        BreakpointEvent atEntry = breakAt(body.locationsOfLine(line("before")).get(0), null);
        StackFrame f = atEntry.thread().frame(0);
        assertEquals(body, f.location().method());
        assertEquals("job", stringValue(f, "label"));
        assertEquals(20, intValue(f, "n"));
        vm.eventRequestManager().deleteAllBreakpoints();
        runToEnd();
        assertTrue(output().contains("result 41"), output());
    }

    @Test
    void aBreakpointOnTheFirstLineStopsOncePerCallNotAtEachResume() throws Exception {
        launch();
        ReferenceType target = prepared();
        Method body = body(target, "work");
        EventRequestManager erm = vm.eventRequestManager();
        for (Location l : body.locationsOfLine(line("before"))) {
            erm.createBreakpointRequest(l).enable();
        }
        int hits = runToEnd();
        // work runs once and resumes once, after its await: one stop.
        assertEquals(1, hits);
        assertTrue(output().contains("result 41"), output());
    }

    // ---- the debugger ----

    private void launch() throws Exception {
        LaunchingConnector connector = Bootstrap.virtualMachineManager().defaultConnector();
        Map<String, Connector.Argument> args = connector.defaultArguments();
        StringBuilder options = new StringBuilder("-cp ").append(System.getProperty("java.class.path"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-javaagent:")) {
                options.append(' ').append(a);   // woven at load time, as this JVM's tests
            }
        }
        args.get("options").setValue(options.toString());
        args.get("main").setValue(TARGET);
        vm = connector.launch(args);
        drain(vm.process().getInputStream());
        drain(vm.process().getErrorStream());
        ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
        prepare.addClassFilter(TARGET);
        prepare.enable();
    }

    private void drain(InputStream in) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (output) {
                        output.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the debuggee is gone
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private String output() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    private ReferenceType prepared() throws InterruptedException {
        vm.resume();
        return next(ClassPrepareEvent.class).referenceType();
    }

    /** The woven body of {@code name}: the method of that name that takes the frame, the task and the depth. */
    private static Method body(ReferenceType type, String name) {
        for (Method m : type.methodsByName(name)) {
            if (m.argumentTypeNames().stream().anyMatch(t -> t.contains("$weft$"))) {
                return m;
            }
        }
        throw new AssertionError("no woven body of " + name + " in " + type.methodsByName(name));
    }

    private BreakpointEvent breakAt(Location location, ObjectReference instance) throws InterruptedException {
        EventRequestManager erm = vm.eventRequestManager();
        BreakpointRequest r = erm.createBreakpointRequest(location);
        if (instance != null) {
            r.addInstanceFilter(instance);
        }
        r.enable();
        vm.resume();
        BreakpointEvent e = next(BreakpointEvent.class);
        erm.deleteEventRequest(r);
        return e;
    }

    private StepEvent step(ThreadReference thread, int depth) throws InterruptedException {
        EventRequestManager erm = vm.eventRequestManager();
        StepRequest r = erm.createStepRequest(thread, StepRequest.STEP_LINE, depth);
        r.addCountFilter(1);
        r.enable();
        vm.resume();
        StepEvent e = next(StepEvent.class);
        erm.deleteEventRequest(r);
        return e;
    }

    private <E extends Event> E next(Class<E> type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                fail("no " + type.getSimpleName() + " within " + TIMEOUT_MS + " ms; output: " + output());
            }
            EventSet set = vm.eventQueue().remove(left);
            if (set == null) {
                continue;
            }
            for (Event e : set) {
                if (type.isInstance(e)) {
                    return type.cast(e);   // the VM stays suspended
                }
                if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) {
                    fail("the debuggee ended before a " + type.getSimpleName() + "; output: " + output());
                }
            }
            set.resume();
        }
    }

    /** Lets the debuggee run to its end. @return how many breakpoints it stopped at meanwhile */
    private int runToEnd() throws InterruptedException {
        int hits = 0;
        vm.resume();
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            EventSet set;
            try {
                set = vm.eventQueue().remove(deadline - System.currentTimeMillis());
            } catch (com.sun.jdi.VMDisconnectedException e) {
                return hits;
            }
            if (set == null) {
                continue;
            }
            for (Event e : set) {
                if (e instanceof VMDisconnectEvent) {
                    vm = null;
                    return hits;
                }
                hits += e instanceof BreakpointEvent ? 1 : 0;
            }
            set.resume();
        }
        return fail("the debuggee did not end; output: " + output());
    }

    private static Value value(StackFrame f, String name) throws AbsentInformationException {
        return f.getValue(f.visibleVariableByName(name));
    }

    private static int intValue(StackFrame f, String name) throws AbsentInformationException {
        return ((IntegerValue) value(f, name)).value();
    }

    private static String stringValue(StackFrame f, String name) throws AbsentInformationException {
        Value v = value(f, name);
        return v == null ? null : ((StringReference) v).value();
    }

    /** The line holding {@code // LINE:marker} in SteppingTarget's source. */
    private static int line(String marker) {
        return SourceLines.of("dev/weft/it/debuggee/SteppingTarget.java", marker);
    }
}
