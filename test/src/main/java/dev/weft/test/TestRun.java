package dev.weft.test;

import dev.weft.EventLoop;
import dev.weft.Server;
import dev.weft.Task;
import dev.weft.internal.AsyncFrame;
import dev.weft.internal.VirtualClock;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.LoopWatch;
import dev.weft.internal.loop.Loops;
import dev.weft.internal.loop.NeverRetrieved;
import dev.weft.internal.tasks.RunHooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One test method's watch: the runtime's {@link RunHooks} for the runs of the test's thread, and the problems
 * found in them and in the test's {@link TestLoop}s, turned into the test's failure at the end.
 */
final class TestRun extends RunHooks {
    private final boolean virtualTime;
    private final boolean debug;
    private final List<AssertionError> problems = new ArrayList<>();
    private final List<TestLoop> testLoops = new ArrayList<>();

    TestRun(boolean virtualTime, boolean debug) {
        this.virtualTime = virtualTime;
        this.debug = debug;
    }

    // ---- the runs' hooks ----

    @Override
    protected BaseEventLoop newLoop() {
        BaseEventLoop loop = virtualTime ? new BaseEventLoop(new VirtualClock()) : Loops.newLoop();
        loop.setDebug(debug);
        return loop;
    }

    @Override
    protected void loopMade(BaseEventLoop loop) {
        loop.watch(new LoopWatch());
        if (loop.getExceptionHandler() == null) {   // a loop given with a handler of its own keeps it
            loop.setExceptionHandler(this::reported);
        }
    }

    @Override
    protected void mainDone(BaseEventLoop loop, Task<?> main) {
        checkPending(loop, main);
    }

    @Override
    protected void beforeClose(BaseEventLoop loop) {
        checkUnretrieved(loop);
        checkOpen(loop);
    }

    // ---- test loops ----

    TestLoop newTestLoop() {
        TestLoop t = new TestLoop(debug);
        loopMade(t.base());
        testLoops.add(t);
        return t;
    }

    /** The test is over: each test loop is checked as a run's loop is, then closed. */
    void closeTestLoops() {
        for (TestLoop t : testLoops) {
            if (t.base().isClosed()) {
                continue;   // closed by the test itself: nothing of it is left to check
            }
            if (t.base().isRunning()) {
                problem(new AssertionError("the TestLoop is still running: the test ended inside one of its callbacks"));
                continue;
            }
            checkPending(t.base(), null);
            t.close(() -> beforeClose(t.base()));
        }
        testLoops.clear();
    }

    // ---- the checks ----

    private void reported(EventLoop loop, Map<String, Object> context) {
        Object message = context.get("message");
        Object exception = context.get("exception");
        StringBuilder sb = new StringBuilder("the event loop reported: ").append(message);
        for (Map.Entry<String, Object> e : context.entrySet()) {
            if (!e.getKey().equals("message") && !e.getKey().equals("exception") && !(e.getValue() instanceof Throwable)) {
                sb.append('\n').append(e.getKey()).append(": ").append(e.getValue());
            }
        }
        Object where = context.get("handle_traceback");
        problem(Stacks.problem(sb.toString(), "scheduled at", where instanceof Throwable ? (Throwable) where : null,
                exception instanceof Throwable ? (Throwable) exception : null));
    }

    private void checkPending(BaseEventLoop loop, Task<?> main) {
        for (Task<?> t : loop.allTasks()) {
            if (t != main && !t.isDone()) {
                StringBuilder title = new StringBuilder("Task was still pending when the test ended: ").append(t);
                List<StackTraceElement> waiting = t.getStack();
                if (!waiting.isEmpty()) {
                    title.append("\nwaiting at:");
                    for (StackTraceElement e : waiting) {
                        title.append("\n\tat ").append(e);
                    }
                }
                problem(Stacks.problem(title.toString(), "created at", loop.createdAt(t), null));
            }
        }
    }

    private void checkUnretrieved(BaseEventLoop loop) {
        LoopWatch watch = loop.watch();
        if (watch == null) {
            return;
        }
        for (NeverRetrieved n : watch.unretrieved()) {
            String kind = n.future().startsWith("<Task") ? "Task" : "Future";
            problem(new AssertionError(kind + " exception was never retrieved\nfuture: " + n.future(), n.retrieve()));
        }
    }

    private void checkOpen(BaseEventLoop loop) {
        LoopWatch watch = loop.watch();
        if (watch == null) {
            return;
        }
        for (Map.Entry<Object, Throwable> e : watch.stillOpen().entrySet()) {
            String kind = e.getKey() instanceof Server ? "server" : "transport";
            String in = e.getValue().getMessage().startsWith("opened in ") ? "\n" + e.getValue().getMessage() : "";
            problem(Stacks.problem("unclosed " + kind + " " + e.getKey() + in, "opened at", e.getValue(), null));
        }
    }

    /** @param unclaimed what {@code NeverAwaited.unwatchThread()} found */
    void checkUnclaimed(List<Map.Entry<AsyncFrame<?>, Throwable>> unclaimed) {
        for (Map.Entry<AsyncFrame<?>, Throwable> e : unclaimed) {
            problem(Stacks.problem("coroutine '" + e.getKey().methodName() + "' was never awaited", "created at",
                    e.getValue(), null));
        }
    }

    private synchronized void problem(AssertionError e) {
        problems.add(e);
    }

    /**
     * Fails the test if anything was found: {@code failure}, the test's own, first, with the problems suppressed
     * in it; else the one problem; else one error that lists them all.
     *
     * @param failure what the test method threw, or {@code null}
     * @throws Throwable the test's failure
     */
    synchronized void finish(Throwable failure) throws Throwable {
        if (failure != null) {
            for (AssertionError p : problems) {
                failure.addSuppressed(p);
            }
            throw failure;
        }
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            StringBuilder sb = new StringBuilder("the test left ").append(problems.size()).append(" problems:");
            for (AssertionError p : problems) {
                sb.append("\n- ").append(p.getMessage().lines().findFirst().orElse(""));
            }
            AssertionError all = new AssertionError(sb.toString());
            problems.forEach(all::addSuppressed);
            throw all;
        }
    }
}
