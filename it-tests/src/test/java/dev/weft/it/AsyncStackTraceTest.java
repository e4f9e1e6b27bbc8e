package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Event;
import dev.weft.Task;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Async stack traces and {@code Task.getStack()}: an exception that leaves a chain of awaits after a resume has the
 * whole chain in its stack trace, each method at the line of its await, with nothing of the loop in it; a suspended
 * task tells where it waits. The expected lines are read from this source file (the lines marked {@code // LINE:x}),
 * so the assertions name exact methods and lines.
 *
 * <p>As in Python 3.11, where the traceback of
 * <pre>
 * async def leaf():   await asyncio.sleep(0); raise RuntimeError("deep")
 * async def middle(): return await leaf()
 * async def outer():  return 1 + await middle()
 * asyncio.run(outer())
 * </pre>
 * reads {@code outer -> middle -> leaf} (most recent call last), the Java trace reads {@code leaf, middle, outer}
 * (innermost first).
 */
class AsyncStackTraceTest {

    private static final String CLASS = AsyncStackTraceTest.class.getName();
    private static final String FILE = "AsyncStackTraceTest.java";

    @Async
    static Coroutine<Integer> leaf(boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        throw new IllegalStateException("deep"); // LINE:leafThrow
    }

    @Async
    static Coroutine<Integer> middle(boolean suspend) {
        int v = Await.on(leaf(suspend)); // LINE:middleAwait
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Integer> outer(boolean suspend) {
        return Coroutine.of(1 + Await.on(middle(suspend))); // LINE:outerAwait
    }

    @Async
    static Coroutine<Integer> awaitsATask() {
        Task<Integer> t = Asyncio.createTask(outer(true), "failing");
        return Coroutine.of(Await.on(t)); // LINE:awaitsTask
    }

    @Async
    static Coroutine<Integer> catchesAndRethrowsLater() {
        try {
            return Coroutine.of(Await.on(middle(true))); // LINE:catchesAwait
        } catch (IllegalStateException e) {
            Await.on(Asyncio.sleep(0));
            throw e;
        }
    }

    @Async
    static Coroutine<Integer> above() {
        return Coroutine.of(Await.on(catchesAndRethrowsLater())); // LINE:above
    }

    @Async
    static Coroutine<Void> waitsOn(Event e) {
        Await.on(e.await()); // LINE:waitsOnEvent
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> waitsThrough(Event e) {
        Await.on(waitsOn(e)); // LINE:waitsThrough
        return Coroutine.done();
    }

    /** Tail awaits on three lines: a direct call of a body, the same again, and a coroutine returned as it is. */
    @Async
    static Coroutine<Void> waitsInTail(Event e, int which) {
        Await.on(Asyncio.sleep(0));   // from here on the method has a frame of its own
        if (which == 1) {
            return waitsOn(e); // LINE:tailOne
        }
        if (which == 2) {
            return waitsOn(e); // LINE:tailTwo
        }
        Coroutine<Void> c = waitsOn(e);
        return c; // LINE:tailThree
    }

    @Async
    static Coroutine<List<String>> inspectsTails() {
        List<String> out = new ArrayList<>();
        Event e = new Event();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int which = 1; which <= 3; which++) {
            tasks.add(Asyncio.createTask(waitsInTail(e, which)));
        }
        Await.on(Asyncio.sleep(0));
        Await.on(Asyncio.sleep(0));
        for (Task<Void> t : tasks) {
            out.add(names(t.getStack()));
        }
        e.set();
        Await.on(Asyncio.gather(tasks));
        return Coroutine.of(out);
    }

    @Async
    static Coroutine<List<StackTraceElement>> looksAtItself() {
        Await.on(Asyncio.sleep(0));
        List<StackTraceElement> s = Asyncio.currentTask().getStack(); // LINE:looksAtItself
        return Coroutine.of(s);
    }

    @Async
    static Coroutine<List<StackTraceElement>> callsLooksAtItself() {
        return Coroutine.of(Await.on(looksAtItself())); // LINE:callsLooksAtItself
    }

    @Async
    static Coroutine<String> dumpsItsLoop() {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(Asyncio.getRunningLoop().dumpTasks()); // LINE:dumps
    }

    @Async
    static Coroutine<String> callsDumpsItsLoop() {
        return Coroutine.of(Await.on(dumpsItsLoop())); // LINE:callsDumps
    }

    @Async
    static Coroutine<List<String>> inspectsOthers() {
        List<String> out = new ArrayList<>();
        Event e = new Event();
        Task<Void> waiter = Asyncio.createTask(waitsThrough(e), "waiter");
        out.add(names(waiter.getStack()));   // not started: its coroutine's first line
        Await.on(Asyncio.sleep(0));
        out.add(names(waiter.getStack()));   // suspended in waitsOn, awaited by waitsThrough
        out.add(names(waiter.getStack(1)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        waiter.printStack(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        out.add(bytes.toString(StandardCharsets.UTF_8));
        e.set();
        Await.on(waiter);
        out.add(names(waiter.getStack()));   // returned: nothing
        Task<Integer> failing = Asyncio.createTask(outer(true), "failing");
        try {
            Await.on(failing);
        } catch (IllegalStateException expected) {
            out.add(names(failing.getStack(3)));
        }
        return Coroutine.of(out);
    }

    @Test
    void anExceptionAfterAResumeShowsTheWholeAwaitChain() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(outer(true)));
        assertEquals("deep", e.getMessage());
        assertEquals(expected("leaf:leafThrow", "middle:middleAwait", "outer:outerAwait"), ownPart(e));
    }

    @Test
    void anExceptionWithoutASuspensionReadsTheSame() {
        // All three ran inline on the Java stack: the runtime's frames between them are left out as well.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(outer(false)));
        assertEquals(expected("leaf:leafThrow", "middle:middleAwait", "outer:outerAwait"), ownPart(e));
    }

    @Test
    void anExceptionFromAnAwaitedTaskGoesOnWithTheAwaitingTasksChain() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(awaitsATask()));
        assertEquals(expected("leaf:leafThrow", "middle:middleAwait", "outer:outerAwait", "awaitsATask:awaitsTask"),
                ownPart(e));
    }

    @Test
    void aRethrowAfterAnotherAwaitKeepsTheTraceAsItWas() {
        // As a rethrow does in Java: the trace is where it was thrown; the frame that caught it is not added twice.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(above()));
        assertEquals(expected("leaf:leafThrow", "middle:middleAwait", "catchesAndRethrowsLater:catchesAwait", "above:above"),
                ownPart(e));
    }

    @Test
    void aSuspendedTaskTellsWhereItWaits() {
        List<String> seen = Asyncio.run(inspectsOthers());
        String waitsOn = CLASS + ".waitsOn(" + FILE + ":" + line("waitsOnEvent") + ")";
        String waitsThrough = CLASS + ".waitsThrough(" + FILE + ":" + line("waitsThrough") + ")";
        assertEquals(CLASS + ".waitsThrough(" + FILE + ":" + line("waitsThrough") + ")", seen.get(0));
        assertEquals(waitsOn + " " + waitsThrough, seen.get(1));
        assertEquals(waitsOn, seen.get(2));
        assertTrue(seen.get(3).startsWith("Stack for <Task pending name='waiter' "), seen.get(3));
        assertEquals(" (innermost first):\n\tat " + waitsOn + "\n\tat " + waitsThrough + "\n",
                seen.get(3).substring(seen.get(3).indexOf(" (innermost first)")));
        assertEquals("", seen.get(4));
        assertEquals(String.join(" ", expected("leaf:leafThrow", "middle:middleAwait", "outer:outerAwait")),
                seen.get(5));
    }

    @Test
    void aTaskSuspendedInATailAwaitShowsThatAwaitsLine() {
        String waitsOn = CLASS + ".waitsOn(" + FILE + ":" + line("waitsOnEvent") + ")";
        assertEquals(List.of(waitsOn + " " + CLASS + ".waitsInTail(" + FILE + ":" + line("tailOne") + ")",
                waitsOn + " " + CLASS + ".waitsInTail(" + FILE + ":" + line("tailTwo") + ")",
                waitsOn + " " + CLASS + ".waitsInTail(" + FILE + ":" + line("tailThree") + ")"),
                Asyncio.run(inspectsTails()));
    }

    @Test
    void aTaskDumpShowsWhereTheRunningTaskAskedForIt() {
        String dump = Asyncio.run(callsDumpsItsLoop());
        String nl = System.lineSeparator();
        assertTrue(dump.contains(nl + "Task 'Task-") && dump.contains("': running (its step asked for this dump)" + nl
                + "    coroutine <coroutine " + CLASS + ".callsDumpsItsLoop running>" + nl
                + "    at " + CLASS + ".dumpsItsLoop(" + FILE + ":" + line("dumps") + ")" + nl
                + "    at " + CLASS + ".callsDumpsItsLoop(" + FILE + ":" + line("callsDumps") + ")" + nl), dump);
    }

    @Test
    void theRunningTaskSeesItsJavaStackThenItsAwaiters() {
        List<StackTraceElement> s = Asyncio.run(callsLooksAtItself());
        assertEquals(expected("looksAtItself:looksAtItself", "callsLooksAtItself:callsLooksAtItself"), strings(s));
    }

    private static String names(List<StackTraceElement> stack) {
        return String.join(" ", strings(stack));
    }

    /**
     * The trace's elements in this class, from the top: the async chain; after it comes the loop's entry from the
     * synchronous world, {@code Asyncio.run}, and nothing anywhere of the loop's machinery.
     */
    private static List<String> ownPart(Throwable e) {
        List<String> all = strings(Arrays.asList(e.getStackTrace()));
        int n = 0;
        while (n < all.size() && all.get(n).startsWith(CLASS + ".")) {
            n++;
        }
        assertTrue(all.get(n).startsWith("dev.weft.Asyncio.run("), all.toString());
        for (String s : all) {
            assertTrue(!s.startsWith("dev.weft.internal.") && !s.startsWith("dev.weft.Task.") && !s.contains("$weft$"),
                    s + " in " + all);
        }
        return all.subList(0, n);
    }

    /** Each element as {@code class.method(file:line)}, whatever class loader or module the JVM recorded. */
    private static List<String> strings(List<StackTraceElement> stack) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement e : stack) {
            out.add(e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")");
        }
        return out;
    }

    /** The elements {@code method:marker}, each in this class at the marked line. */
    private static List<String> expected(String... methodAndMarker) {
        List<String> out = new ArrayList<>();
        for (String m : methodAndMarker) {
            int colon = m.indexOf(':');
            out.add(CLASS + "." + m.substring(0, colon) + "(" + FILE + ":" + line(m.substring(colon + 1)) + ")");
        }
        return out;
    }

    /** The line holding {@code // LINE:marker} in this source file. */
    private static int line(String marker) {
        return SourceLines.of("dev/weft/it/" + FILE, marker);
    }
}
