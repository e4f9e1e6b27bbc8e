package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.weft.it.Coros.same;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An exception thrown in an {@code @Async} method after an await has a stack trace element with the
 * user's method name and the source's file and line.
 *
 * <p>The expected line is taken twice: from {@link #here()} called on the same source line as the
 * throw, and from the source file itself (the line holding the marker comment), when the source is
 * found next to the compiled classes.
 */
class StackTraceTest extends AsyncTestBase {

    private static final String FILE = "StackTraceTest.java";

    /** @return the line number of the caller's call of this method */
    static int here() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    @Async
    static Coroutine<Integer> failsAfterAwait(int[] line) {
        Await.on(Asyncio.sleep(0));
        int x = Await.on(same(1));
        line[0] = here(); throw new IllegalStateException("boom " + x); // LINE:failsAfterAwait
    }

    @Async
    Coroutine<Integer> instanceFailsAfterSeveralAwaits(int[] line, String maybeNull) {
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += Await.on(Coros.twice(i));
        }
        Await.on(Asyncio.sleep(0));
        line[0] = here(); return Coroutine.of(sum + maybeNull.length()); // LINE:implicitNpe
    }

    @Async
    static Coroutine<Integer> failsBeforeAnyAwait(int[] line) {
        line[0] = here(); throw new UnsupportedOperationException("early"); // LINE:failsBeforeAnyAwait
    }

    @Async
    static Coroutine<String> callsAFailingCoroutine(int[] line) {
        try {
            Await.on(failsAfterAwait(line));
            return Coroutine.of("unreached");
        } catch (IllegalStateException e) {
            Await.on(Asyncio.sleep(0));
            throw new IllegalArgumentException("wrapped", e); // LINE:rethrowInCatch
        }
    }

    private static StackTraceElement top(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        assertTrue(st.length > 0, "no stack trace");
        return st[0];
    }

    private static void assertElement(StackTraceElement e, String method, int line, String marker) {
        assertEquals(method, e.getMethodName(), "method name of " + e);
        assertEquals(FILE, e.getFileName(), "file name of " + e);
        assertEquals(line, e.getLineNumber(), "line of " + e);
        Integer sourceLine = sourceLineOf(marker);
        if (sourceLine != null) {
            assertEquals(sourceLine.intValue(), e.getLineNumber(), "line of " + e + " against the source file");
        }
        assertTrue(e.getClassName().startsWith(StackTraceTest.class.getName()),
                "class of " + e + " should be the test class or a class generated for it");
    }

    /** The line holding {@code // LINE:marker} in this test's source file, or null when the source is not found. */
    private static Integer sourceLineOf(String marker) {
        try {
            Path classes = Path.of(StackTraceTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/test-classes -> module directory
            Path module = classes.getParent() == null ? null : classes.getParent().getParent();
            if (module == null) {
                return null;
            }
            Path source = module.resolve("src/test/java/dev/weft/it/" + FILE);
            if (!Files.isRegularFile(source)) {
                return null;
            }
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            String tag = "// LINE:" + marker;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith(tag)) {
                    return i + 1;
                }
            }
            fail("marker " + tag + " not found in " + source);
            return null;
        } catch (URISyntaxException | IOException | SecurityException e) {
            return null;
        }
    }

    @Test
    void sourceFileIsFoundWhenRunByMaven() {
        // Under Maven (both modes set weft.mode) the classes are in <module>/target/...: the source-based line
        // checks above must really run, not be skipped silently.
        if (System.getProperty("weft.mode") != null) {
            Integer l = sourceLineOf("failsAfterAwait");
            assertTrue(l != null && l > 0, "source of " + FILE + " not found from the class location");
        }
    }

    @Test
    void exceptionAfterAwaitNamesTheUsersMethodAndLine() {
        int[] line = {0};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(failsAfterAwait(line)));
        assertEquals("boom 1", e.getMessage());
        assertTrue(line[0] > 0, "the throwing line was not reached");
        assertElement(top(e), "failsAfterAwait", line[0], "failsAfterAwait");
    }

    @Test
    void implicitNullPointerExceptionAfterAwaitsInAnInstanceMethod() {
        int[] line = {0};
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Asyncio.run(instanceFailsAfterSeveralAwaits(line, null)));
        assertElement(top(e), "instanceFailsAfterSeveralAwaits", line[0], "implicitNpe");
    }

    @Test
    void exceptionBeforeTheFirstAwait() {
        int[] line = {0};
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Asyncio.run(failsBeforeAnyAwait(line)));
        assertElement(top(e), "failsBeforeAnyAwait", line[0], "failsBeforeAnyAwait");
    }

    @Test
    void exceptionCaughtFromAnAwaitedCoroutineKeepsItsOwnTrace() {
        int[] line = {0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Asyncio.run(callsAFailingCoroutine(line)));
        Integer rethrowLine = sourceLineOf("rethrowInCatch");
        StackTraceElement outer = top(e);
        assertEquals("callsAFailingCoroutine", outer.getMethodName());
        assertEquals(FILE, outer.getFileName());
        if (rethrowLine != null) {
            assertEquals(rethrowLine.intValue(), outer.getLineNumber());
        }
        Throwable cause = e.getCause();
        assertEquals("boom 1", cause.getMessage());
        assertElement(top(cause), "failsAfterAwait", line[0], "failsAfterAwait");
    }
}
