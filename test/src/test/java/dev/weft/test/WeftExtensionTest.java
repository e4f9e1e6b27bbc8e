package dev.weft.test;

import dev.weft.AsyncGenerator;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Connection;
import dev.weft.Coroutine;
import dev.weft.Lock;
import dev.weft.Server;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@link WeftTest} does what it promises: sample test classes (nested here, so that Surefire does not run them on
 * their own) run through JUnit's engine, and each leak fails its test with a message that names the leak and
 * where it was made.
 */
class WeftExtensionTest {

    // ---- running the samples ----

    private static EngineExecutionResults run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute();
    }

    /** @return the failure of the sample's one test, after checking that it is the only test and it failed */
    private static Throwable failureOf(Class<?> sample) {
        EngineExecutionResults results = run(sample);
        List<Event> finished = results.testEvents().finished().list();
        assertEquals(1, finished.size(), () -> "tests of " + sample.getSimpleName() + ": " + finished);
        TestExecutionResult result = finished.get(0).getRequiredPayload(TestExecutionResult.class);
        assertEquals(TestExecutionResult.Status.FAILED, result.getStatus(), () -> sample.getSimpleName() + " passed");
        return result.getThrowable().orElseThrow();
    }

    /** Task numbers count every task of the process, as Python's do: a message with each shown as N. */
    private static String numbered(String message) {
        return message.replaceAll("name='Task-\\d+'", "name='Task-N'");
    }

    private static void assertPasses(Class<?> sample) {
        EngineExecutionResults results = run(sample);
        String failures = results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().map(WeftExtensionTest::describe)
                        .orElse("?"))
                .collect(Collectors.joining("\n"));
        assertEquals("", failures);
        assertTrue(results.testEvents().succeeded().count() > 0, "no test of " + sample.getSimpleName() + " ran");
    }

    private static String describe(Throwable t) {
        return t + Arrays.stream(t.getSuppressed()).map(s -> "\n  suppressed: " + s).collect(Collectors.joining());
    }

    /** The line of the sample's source that holds {@code marker} (a comment): where the stacks must point. */
    private static String at(String method, String marker) {
        return "\tat " + WeftExtensionTest.class.getName() + "$" + method + "(WeftExtensionTest.java:" + Lines.of(marker) + ")";
    }

    // ---- a task still pending ----

    @WeftTest(virtualTime = true)
    static class PendingTask {
        @Async
        static Coroutine<Void> forever() {
            Await.on(Asyncio.sleep(3600)); // line: forever
            return Coroutine.done();
        }

        @Test
        @Async
        void leavesATaskPending() {
            Asyncio.createTask(forever());   // line: pending
            Await.on(Asyncio.sleep(0));
        }
    }

    @Test
    void aTaskStillPendingFailsTheTestNamingItAndWhereItWasCreated() {
        Throwable t = failureOf(PendingTask.class);
        String m = numbered(t.getMessage());
        assertTrue(m.startsWith("Task was still pending when the test ended: <Task pending name='Task-N' coro=<coroutine "
                + PendingTask.class.getName() + ".forever running>>\nwaiting at:\n"
                + at("PendingTask.forever", "line: forever") + "\ncreated at:\n"), m);
        assertTrue(m.contains(at("PendingTask.leavesATaskPending", "line: pending")), m);
        assertEquals(PendingTask.class.getName(), t.getStackTrace()[t.getStackTrace().length - 1].getClassName(),
                "the error's own stack is where the task was created");
    }

    // ---- an exception never retrieved ----

    @WeftTest(virtualTime = true)
    static class NeverRetrieved {
        @Async
        static Coroutine<Void> boom() {
            throw new IllegalStateException("boom");
        }

        @Test
        @Async
        void dropsAFailedTask() {
            Asyncio.createTask(boom());
            Await.on(Asyncio.sleep(0));
        }
    }

    @Test
    void aTaskExceptionNeverRetrievedFailsTheTestAsPythonLogsIt() {
        Throwable t = failureOf(NeverRetrieved.class);
        assertEquals("Task exception was never retrieved\nfuture: <Task finished name='Task-N' coro=<coroutine "
                + NeverRetrieved.class.getName() + ".boom done> exception=java.lang.IllegalStateException: boom>",
                numbered(t.getMessage()));
        assertEquals("boom", t.getCause().getMessage());
    }

    // ---- an error the loop reported ----

    @WeftTest(virtualTime = true)
    static class CallbackFails {
        @Test
        @Async
        void aCallbackThrows() {
            Asyncio.getRunningLoop().callSoon(() -> {   // line: callback
                throw new IllegalArgumentException("callback");
            });
            Await.on(Asyncio.sleep(0));
        }
    }

    @Test
    void anErrorTheLoopReportsFailsTheTestWithWhereTheCallbackWasScheduled() {
        Throwable t = failureOf(CallbackFails.class);
        String m = numbered(t.getMessage());
        assertTrue(m.startsWith("the event loop reported: Exception in callback "), m);
        assertTrue(m.contains("\nscheduled at:\n"), m);
        assertTrue(m.contains(at("CallbackFails.aCallbackThrows", "line: callback")), m);
        assertEquals("callback", t.getCause().getMessage());
    }

    // ---- an unclosed server or transport ----

    @WeftTest
    static class UnclosedServer {
        @Test
        @Async
        void leavesAServerOpen() throws Exception {
            Await.on(Asyncio.startServer((r, w) -> Coroutine.done(), "127.0.0.1", 0));   // line: server
        }
    }

    @Test
    void anUnclosedServerFailsTheTest() {
        Throwable t = failureOf(UnclosedServer.class);
        String m = numbered(t.getMessage());
        assertTrue(m.startsWith("unclosed server <Server sockets=[/127.0.0.1:"), m);
        assertTrue(m.contains("\nopened at:\n"), m);
        assertTrue(m.contains(at("UnclosedServer.leavesAServerOpen", "line: server")), m);
    }

    @WeftTest
    static class UnclosedTransport {
        @Async
        static Coroutine<Void> echo(StreamReader r, StreamWriter w) {
            w.close();
            return Coroutine.done();
        }

        @Test
        @Async
        void leavesAConnectionOpen() throws Exception {
            try (Server s = Await.on(Asyncio.startServer(UnclosedTransport::echo, "127.0.0.1", 0))) {
                Connection c = Await.on(Asyncio.openConnection("127.0.0.1", s.port()));   // line: transport
                assertNotNull(c.writer());
                Await.on(Asyncio.sleep(0.05));   // the server's side closes; the client's stays open
            }
        }
    }

    @Test
    void anUnclosedTransportFailsTheTest() {
        Throwable t = failureOf(UnclosedTransport.class);
        String m = numbered(t.getMessage());
        // Made in a callback once connected: the Java stack shows only the test method; the task shows who awaited.
        assertTrue(m.startsWith("unclosed transport <SocketTransport peer=/127.0.0.1:"), m);
        assertTrue(m.contains("\nopened in <Task pending name='Task-N' coro=<coroutine "
                + UnclosedTransport.class.getName() + ".leavesAConnectionOpen"), m);
        assertTrue(m.contains("\nopened at:\n\tat " + UnclosedTransport.class.getName() + ".leavesAConnectionOpen("), m);
    }

    // ---- a coroutine never awaited ----

    @WeftTest
    static class Unawaited {
        @Async
        static Coroutine<Void> work() {
            return Coroutine.done();
        }

        @Test
        void makesACoroutineAndDropsIt() {
            Coroutine<Void> forgotten = work();   // line: coroutine
            assertNotNull(forgotten);
        }
    }

    @Test
    void aCoroutineNeverAwaitedFailsTheTestNamingItAndWhereItWasCreated() {
        Throwable t = failureOf(Unawaited.class);
        String m = numbered(t.getMessage());
        assertTrue(m.startsWith("coroutine '" + Unawaited.class.getName() + ".work' was never awaited\ncreated at:\n"), m);
        assertTrue(m.contains(at("Unawaited.makesACoroutineAndDropsIt", "line: coroutine")), m);
    }

    // ---- several problems; the test's own failure first ----

    @WeftTest(virtualTime = true)
    static class TwoLeaks {
        @Test
        @Async
        void leavesTwo() {
            Asyncio.createTask(PendingTask.forever());
            Asyncio.createTask(NeverRetrieved.boom());
            Await.on(Asyncio.sleep(0));
        }
    }

    @Test
    void severalProblemsFailTheTestTogether() {
        Throwable t = failureOf(TwoLeaks.class);
        assertEquals("the test left 2 problems:\n"
                + "- Task was still pending when the test ended: <Task pending name='Task-N' coro=<coroutine "
                + PendingTask.class.getName() + ".forever running>>\n"
                + "- Task exception was never retrieved", numbered(t.getMessage()));
        assertEquals(2, t.getSuppressed().length);
    }

    @WeftTest(virtualTime = true)
    static class FailsAndLeaks {
        @Test
        @Async
        void failsWithATaskPending() {
            Asyncio.createTask(PendingTask.forever());
            Await.on(Asyncio.sleep(0));
            throw new AssertionError("the test's own failure");
        }
    }

    @Test
    void theTestsOwnFailureComesFirstWithTheLeaksSuppressed() {
        Throwable t = failureOf(FailsAndLeaks.class);
        assertEquals("the test's own failure", t.getMessage());
        assertEquals(1, t.getSuppressed().length);
        assertTrue(t.getSuppressed()[0].getMessage().startsWith("Task was still pending when the test ended: "));
    }

    // ---- what passes ----

    @WeftTest(virtualTime = true)
    static class Clean {
        static Object firstLoop;

        @Async
        static Coroutine<String> fetch(double delay) {
            Await.on(Asyncio.sleep(delay));
            return Coroutine.of("data");
        }

        @Test
        @Async
        void sleepsAreExactAndInstantOnVirtualTime() {
            long start = System.nanoTime();
            Await.on(Asyncio.sleep(10));
            assertEquals(10.0, Asyncio.getRunningLoop().time());
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
        }

        @Test
        @Async
        void timeoutsAreExactOnVirtualTime() {
            Task<String> slow = Asyncio.createTask(fetch(2));
            try {
                Await.on(Asyncio.waitFor(slow, 1.5));
                throw new AssertionError("no timeout");
            } catch (dev.weft.TimeoutError expected) {
                assertEquals(1.5, Asyncio.getRunningLoop().time());
                assertTrue(slow.isCancelled());
            }
        }

        @Test
        @Async
        void theLoopDebugsAndTasksThatEndAreNoLeak() {
            assertTrue(Asyncio.getRunningLoop().getDebug());
            Task<String> t = Asyncio.createTask(fetch(1));
            assertEquals("data", Await.on(t));
        }

        @RepeatedTest(2)
        @Async
        void eachTestRunsOnAFreshLoop() {
            Object loop = Asyncio.getRunningLoop();
            if (firstLoop != null) {
                assertNotSame(firstLoop, loop);
            }
            firstLoop = loop;
        }

        @Async
        static AsyncGenerator<Integer> ticks(int n) {
            for (int i = 1; i <= n; i++) {
                Await.on(Asyncio.sleep(0.1));
                Await.yield(i);
            }
            return AsyncGenerator.done();
        }

        @Test
        @Async
        void theUsualToolsLeaveNothingBehind() {
            int sum = 0;
            try (var deadline = Asyncio.timeout(5)) {
                for (int i : ticks(3)) {
                    sum += i;
                }
            }
            assertEquals(6, sum);
            assertEquals(List.of("data", "data"), Await.on(Asyncio.gather(fetch(1), fetch(2))));
            try (TaskGroup tg = new TaskGroup()) {
                tg.createTask(fetch(1));
            }
            Lock lock = new Lock();
            try (var held = Await.on(lock.hold())) {
                assertTrue(lock.isLocked());
            }
            assertEquals("worker", Await.on(Asyncio.toThread(() -> "worker")));
            assertEquals("data", Await.on(Asyncio.waitFor(fetch(1), 2)));
        }

        @Async
        static Coroutine<Void> echoLine(StreamReader r, StreamWriter w) {
            try {
                w.write(Await.on(r.readline()));
                Await.on(w.drain());
                w.close();
                Await.on(w.waitClosed());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Coroutine.done();
        }

        @Test
        @Async
        void aServerAndConnectionClosedLeaveNothingBehind() throws Exception {
            try (Server s = Await.on(Asyncio.startServer(Clean::echoLine, "127.0.0.1", 0))) {
                Connection c = Await.on(Asyncio.openConnection("127.0.0.1", s.port()));
                c.writer().write("hi\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("hi\n", new String(Await.on(c.reader().readline()), StandardCharsets.UTF_8));
                c.writer().close();
                Await.on(c.writer().waitClosed());
            }
        }

        @Test
        void aPlainTestsRunGetsTheKitsLoop() {
            assertEquals("data", Asyncio.run(fetch(7)));
        }
    }

    @Test
    void aCleanTestPasses() {
        assertPasses(Clean.class);
    }

    @WeftTest
    static class RealTimeByDefault {
        @Test
        @WeftTest(virtualTime = true)
        @Async
        void theMethodsAnnotationWins() {
            Await.on(Asyncio.sleep(1000));
            assertEquals(1000.0, Asyncio.getRunningLoop().time());
        }

        @Test
        @Async
        void theClockIsTheSystemsUnlessAsked() {
            double before = Asyncio.getRunningLoop().time();
            Await.on(Asyncio.sleep(0.01));
            assertTrue(Asyncio.getRunningLoop().time() - before >= 0.01);
        }
    }

    @Test
    void virtualTimeIsOnRequest() {
        assertPasses(RealTimeByDefault.class);
    }

    /** The ordering base with the kit, under the base's timeout, which runs the test in a thread of its own. */
    @WeftTest(virtualTime = true)
    static class WithTheOrderingBase extends AsyncTestBase {
        @Async
        Coroutine<Void> child() {
            expect(2);
            Await.on(Asyncio.sleep(1));
            expect(4);
            return Coroutine.done();
        }

        @Test
        @Async
        void ordersAndSleeps() {
            expect(1);
            Task<Void> t = launch(child());
            Await.on(Asyncio.sleep(0));
            expect(3);
            Await.on(t);
            assertEquals(1.0, Asyncio.getRunningLoop().time());
            finish(5);
        }
    }

    @Test
    void theKitWorksWithTheOrderingBaseAndItsTimeoutThread() {
        assertPasses(WithTheOrderingBase.class);
    }

    @ExtendWith(WeftExtension.class)
    static class ExtendedWith {
        @Test
        @Async
        void leaves() {
            Asyncio.createTask(PendingTask.forever());
        }
    }

    @Test
    void extendWithWorksAsTheAnnotationWithItsDefaults() {
        assertTrue(failureOf(ExtendedWith.class).getMessage().startsWith("Task was still pending when the test ended: "));
    }

    // ---- a TestLoop parameter ----

    @WeftTest
    static class WithATestLoop {
        @Test
        void stepsItsLoop(TestLoop loop) {
            Task<String> t = loop.createTask(Clean.fetch(5));
            loop.advanceTimeBy(5);
            assertFalse(t.isDone());
            loop.runCurrent();
            assertEquals("data", t.result());
            assertEquals(5.0, loop.currentTime());
        }
    }

    @WeftTest
    static class LeavesATestLoopTask {
        @Test
        void leaves(TestLoop loop) {
            loop.createTask(PendingTask.forever());   // line: testloop
            loop.runCurrent();
        }
    }

    @Test
    void aTestLoopParameterIsCheckedAndClosedWhenTheTestEnds() {
        assertPasses(WithATestLoop.class);
        Throwable t = failureOf(LeavesATestLoopTask.class);
        String m = numbered(t.getMessage());
        assertTrue(m.startsWith("Task was still pending when the test ended: <Task pending name='Task-N'"), m);
        assertTrue(m.contains(at("LeavesATestLoopTask.leaves", "line: testloop")), m);
    }

    @Test
    void withoutTheKitNothingIsWatched() {
        assertSame(null, dev.weft.internal.tasks.RunHooks.installed());
    }
}
