package dev.weft.it.entry;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.internal.VirtualClock;
import dev.weft.internal.loop.BaseEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @Async void} entry points, in every way the it-tests are woven (at build time, by the javaagent, and on
 * the Eclipse compiler's class files by the javaagent): JUnit runs the {@code @Test @Async void} methods here,
 * which await directly, each on a loop of its own.
 */
class AsyncVoidTest {

    /** What CPython 3.11.7 prints for the program {@link AsyncMain} ports. */
    static final String PYTHON_TRACE = "main start\n"
            + "a started\n"
            + "b started\n"
            + "c started\n"
            + "a done\n"
            + "a finally\n"
            + "b done\n"
            + "b finally\n"
            + "c done\n"
            + "c finally\n"
            + "gathered ['B', 'C']\n"
            + "a returned A\n"
            + "leftover started\n"
            + "main end\n"
            + "leftover cancelled\n"
            + "leftover cleaned up\n"
            + "after run\n";

    private final List<String> log = new ArrayList<>();

    @Async
    static Coroutine<Integer> twice(int x) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(2 * x);
    }

    @Async
    Coroutine<Void> leftover() {
        log.add("leftover started");
        try {
            Await.on(Asyncio.sleep(3600));
        } finally {
            log.add("leftover finally");
        }
        return Coroutine.done();
    }

    /** A test that awaits, as JUnit calls it: a loop of its own, in JUnit's thread, closed when it returns. */
    @Test
    @Async
    void aTestMethodAwaitsDirectly() {
        Task<Integer> task = Asyncio.createTask(twice(20));
        int direct = Await.on(twice(1));
        assertEquals(42, Await.on(task) + direct);
        Asyncio.createTask(leftover());
        Await.on(Asyncio.sleep(0));
        log.add("test ends");
    }

    @AfterEach
    void whatATestLeftRunningWasCancelledWhenItEnded() {
        if (!log.isEmpty()) {
            assertEquals(List.of("leftover started", "test ends", "leftover finally"), log);
        }
    }

    /** JUnit sees the method as written: annotated, void, no parameters; the woven body beside it is synthetic. */
    @Test
    void junitSeesTheMethodAsWritten() throws Exception {
        Method m = AsyncVoidTest.class.getDeclaredMethod("aTestMethodAwaitsDirectly");
        assertEquals(void.class, m.getReturnType());
        assertTrue(m.isAnnotationPresent(Test.class));
        assertFalse(m.isSynthetic());
        for (Method other : AsyncVoidTest.class.getDeclaredMethods()) {
            if (other.getName().equals(m.getName()) && !other.equals(m)) {
                assertTrue(other.isSynthetic(), other.toString());
                assertTrue(other.getParameterCount() > 0, other.toString());
            }
        }
    }

    @Test
    void anAsyncMainPrintsWhatAsyncioRunPrints() {
        PrintStream out = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Asyncio.setEventLoopPolicy(() -> new BaseEventLoop(new VirtualClock()));
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            AsyncMain.main(new String[0]);
            System.out.println("after run");
        } finally {
            System.setOut(out);
            Asyncio.setEventLoopPolicy(null);
        }
        assertEquals(PYTHON_TRACE, bytes.toString(StandardCharsets.UTF_8));
    }

    static IOException thrown;

    @Async
    static void fails() throws IOException {
        Await.on(Asyncio.sleep(0));
        thrown = new IOException("checked");
        throw thrown;
    }

    @Test
    void theBodysExceptionIsRethrownAsItIs() {
        IOException e = assertThrows(IOException.class, AsyncVoidTest::fails);
        assertSame(thrown, e);
    }

    @Async
    static Coroutine<String> callsAnEntryPoint() {
        try {
            fails();
            return Coroutine.of("ran");
        } catch (IOException | IllegalStateException e) {
            return Coroutine.of(e.getMessage());
        }
    }

    @Test
    void fromARunningLoopItThrows() {
        assertEquals("@Async void dev.weft.it.entry.AsyncVoidTest.fails cannot be called from a running event loop:"
                + " an @Async void method is an entry point, which runs its own loop as Asyncio.run() does; to call"
                + " it from async code, make it return Coroutine and await it", Asyncio.run(callsAnEntryPoint()));
    }
}
