package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.weft.it.Coros.same;
import static dev.weft.it.Coros.twice;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an await does: a finished future or task does not suspend, a coroutine runs inline in the
 * awaiting task, a coroutine runs only when awaited and only once, a pending future suspends until it
 * is done.
 */
class AwaitSemanticsTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();

    @Async
    Coroutine<Void> awaitFinishedThings() {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<String> f = loop.createFuture();
        f.setResult("v");
        loop.callSoon(() -> log.add("cb1"));
        log.add("future " + Await.on(f));
        log.add("future again " + Await.on(f));
        log.add("of " + Await.on(Coroutine.of("x")));
        log.add("done " + Await.on(Coroutine.done()));
        log.add("stage " + Await.on(CompletableFuture.completedFuture("cf")));
        log.add("after");
        Await.on(Asyncio.sleep(0));
        log.add("resumed");

        Task<Integer> t = Asyncio.createTask(twice(4));
        log.add("task " + Await.on(t));
        loop.callSoon(() -> log.add("cb2"));
        log.add("task again " + Await.on(t));
        log.add("after task");
        Await.on(Asyncio.sleep(0));
        log.add("end");
        return Coroutine.done();
    }

    @Test
    void awaitOnAFinishedFutureOrTaskDoesNotSuspend() {
        Asyncio.run(awaitFinishedThings());
        assertEquals(List.of("future v", "future again v", "of x", "done null", "stage cf", "after", "cb1", "resumed",
                "task 8", "task again 8", "after task", "cb2", "end"), log);
    }

    @Async
    Coroutine<Integer> leaf(Task<?> parent) {
        log.add("leaf same task " + (Asyncio.currentTask() == parent));
        return Coroutine.of(Await.on(same(3)) + 1);
    }

    @Async
    Coroutine<Integer> middle(Task<?> parent) {
        log.add("middle:start");
        int v = Await.on(leaf(parent));
        log.add("middle:end");
        return Coroutine.of(v * 10);
    }

    @Async
    Coroutine<Integer> awaitCoroutinesInline() {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.callSoon(() -> log.add("cb"));
        int v = Await.on(middle(Asyncio.currentTask()));
        log.add("after " + v);
        Await.on(Asyncio.sleep(0));
        log.add("end");
        return Coroutine.of(v);
    }

    @Test
    void awaitingACoroutineRunsItInlineWithoutALoopRoundTrip() {
        assertEquals(40, Asyncio.run(awaitCoroutinesInline()));
        assertEquals(List.of("middle:start", "leaf same task true", "middle:end", "after 40", "cb", "end"), log);
    }

    @Async
    Coroutine<String> body(String name) {
        log.add(name + ":body");
        return Coroutine.of(name);
    }

    @Async
    Coroutine<String> creationRunsNothing() {
        Coroutine<String> a = body("a");
        Coroutine<String> b = body("b");
        body("never awaited");
        log.add("created");
        String rb = Await.on(b);
        String ra = Await.on(a);
        return Coroutine.of(ra + rb);
    }

    @Test
    void callingAnAsyncMethodRunsNoneOfItsBody() {
        Coroutine<String> unused = body("outside");
        assertEquals(List.of(), log);
        assertEquals("ab", Asyncio.run(creationRunsNothing()));
        assertEquals(List.of("created", "b:body", "a:body"), log);
        assertEquals(false, unused == null);
    }

    @Async
    Coroutine<List<String>> awaitTwice() {
        List<String> out = new ArrayList<>();
        Coroutine<Integer> c = twice(2);
        out.add("first " + Await.on(c));
        try {
            Await.on(c);
            out.add("unreached");
        } catch (IllegalStateException e) {
            out.add("second: IllegalStateException");
        }
        Coroutine<Integer> wrapped = twice(3);
        Task<Integer> t = Asyncio.createTask(wrapped);
        try {
            Await.on(wrapped);
            out.add("unreached");
        } catch (IllegalStateException e) {
            out.add("wrapped: IllegalStateException");
        }
        out.add("task " + Await.on(t));
        try {
            Asyncio.createTask(c);
            out.add("unreached");
        } catch (IllegalStateException e) {
            out.add("createTask: IllegalStateException");
        }
        Coroutine<String> of = Coroutine.of("once");
        out.add(Await.on(of));
        try {
            Await.on(of);
            out.add("unreached");
        } catch (IllegalStateException e) {
            out.add("of: IllegalStateException");
        }
        Coroutine<Void> done = Coroutine.done();
        Await.on(done);
        Await.on(done);
        out.add("done twice ok");
        Coroutine<Integer> never = same(1);
        try {
            Await.on(never);
            Await.on(never);
            out.add("unreached");
        } catch (IllegalStateException e) {
            out.add("no-suspend coroutine: IllegalStateException");
        }
        return Coroutine.of(out);
    }

    @Test
    void aSecondAwaitOfTheSameCoroutineThrowsIllegalStateException() {
        assertEquals(List.of("first 4", "second: IllegalStateException", "wrapped: IllegalStateException", "task 6",
                "createTask: IllegalStateException", "once", "of: IllegalStateException", "done twice ok",
                "no-suspend coroutine: IllegalStateException"), Asyncio.run(awaitTwice()));
    }

    @Async
    static Coroutine<String> awaitNull() {
        Coroutine<Integer> nothing = null;
        try {
            Await.on(nothing);
            return Coroutine.of("unreached");
        } catch (NullPointerException e) {
            return Coroutine.of("NullPointerException after " + Await.on(same(1)));
        }
    }

    @Test
    void awaitOfNullThrowsNullPointerException() {
        assertEquals("NullPointerException after 1", Asyncio.run(awaitNull()));
    }

    @Async
    Coroutine<String> awaitPendingFuture() {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<String> f = loop.createFuture();
        loop.callSoon(() -> {
            log.add("cb sets result");
            f.setResult("late");
        });
        log.add("awaiting");
        String v = Await.on(f);
        log.add("got " + v);
        return Coroutine.of(v);
    }

    @Test
    void pendingFutureSuspendsUntilItIsDone() {
        assertEquals("late", Asyncio.run(awaitPendingFuture()));
        assertEquals(List.of("awaiting", "cb sets result", "got late"), log);
    }

    @Async
    Coroutine<String> awaitStageCompletedElsewhere() {
        Thread loopThread = Thread.currentThread();
        CompletableFuture<String> cf = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cf.complete("from " + Thread.currentThread().getName());
        }, "completer");
        other.start();
        String v = Await.on(cf);
        boolean sameThread = Thread.currentThread() == loopThread;
        return Coroutine.of(v + " resumedOnLoopThread=" + sameThread);
    }

    @Test
    void completionStageCompletedOnAnotherThreadResumesOnTheLoopThread() {
        assertEquals("from completer resumedOnLoopThread=true", Asyncio.run(awaitStageCompletedElsewhere()));
    }

    @Async
    Coroutine<String> child(String name, int step) {
        expect(step);
        Await.on(Asyncio.sleep(0));
        expect(step + 3);
        return Coroutine.of(name);
    }

    @Test
    void gatherStartsChildrenInArgumentOrderOnTheNextPass() {
        assertEquals(List.of("a", "b", "c"), runTest(() -> {
            expect(1);
            Future<List<Object>> g = Asyncio.gather(child("a", 3), child("b", 4), child("c", 5));
            expect(2);
            List<Object> r = Await.on(g);
            finish(9);
            return Coroutine.of(r);
        }));
    }

    @Async
    Coroutine<Void> yielder(String name, int rounds) {
        for (int i = 0; i < rounds; i++) {
            log.add(name + i);
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.done();
    }

    @Test
    void sleepZeroGivesUpExactlyOnePassAndTasksStartInCreationOrder() {
        runTest(() -> {
            Task<Void> a = Asyncio.createTask(yielder("a", 3));
            Task<Void> b = Asyncio.createTask(yielder("b", 2));
            log.add("main");
            Await.on(a);
            Await.on(b);
            log.add("joined");
            return Coroutine.done();
        });
        assertEquals(List.of("main", "a0", "b0", "a1", "b1", "a2", "joined"), log);
    }
}
