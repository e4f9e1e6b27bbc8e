package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.weft.it.Coros.later;
import static dev.weft.it.Coros.same;
import static dev.weft.it.Coros.twice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** try/catch/finally and try-with-resources around awaits; exceptions cross awaits unwrapped. */
class ExceptionsTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();
    /** Every exception a coroutine of this test threw, to check that the catcher gets the same instance. */
    private final List<Throwable> thrown = new ArrayList<>();

    private <T extends Throwable> T remember(T t) {
        thrown.add(t);
        return t;
    }

    @Async
    Coroutine<Integer> failAfterSleep(String kind) {
        Await.on(Asyncio.sleep(0));
        switch (kind) {
            case "iae":
                throw remember(new IllegalArgumentException("bad argument"));
            case "ise":
                throw remember(new IllegalStateException("bad state"));
            case "uoe":
                throw remember(new UnsupportedOperationException("unsupported"));
            case "error":
                throw remember(new AssertionError("an error"));
            default:
                return Coroutine.of(kind.length());
        }
    }

    @Async
    Coroutine<String> catchTheRightOne(String kind) {
        try {
            int n = Await.on(failAfterSleep(kind));
            return Coroutine.of("ok " + n);
        } catch (IllegalArgumentException e) {
            assertSame(thrown.get(thrown.size() - 1), e);
            return Coroutine.of("iae " + e.getMessage());
        } catch (IllegalStateException e) {
            assertSame(thrown.get(thrown.size() - 1), e);
            return Coroutine.of("ise " + e.getMessage());
        } catch (RuntimeException e) {
            assertSame(thrown.get(thrown.size() - 1), e);
            return Coroutine.of("rte " + e.getClass().getSimpleName());
        } catch (Error e) {
            assertSame(thrown.get(thrown.size() - 1), e);
            return Coroutine.of("error " + e.getMessage());
        }
    }

    @Test
    void theRightHandlerCatchesTheOriginalException() {
        assertEquals("iae bad argument", Asyncio.run(catchTheRightOne("iae")));
        assertEquals("ise bad state", Asyncio.run(catchTheRightOne("ise")));
        assertEquals("rte UnsupportedOperationException", Asyncio.run(catchTheRightOne("uoe")));
        assertEquals("error an error", Asyncio.run(catchTheRightOne("error")));
        assertEquals("ok 4", Asyncio.run(catchTheRightOne("fine")));
        assertEquals(4, thrown.size());
    }

    @Test
    void uncaughtExceptionLeavesAsyncioRunUnwrapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Asyncio.run(failAfterSleep("iae")));
        assertSame(thrown.get(0), e);
    }

    @Async
    Coroutine<String> failingTaskAwaited() {
        Task<Integer> t = Asyncio.createTask(failAfterSleep("ise"));
        try {
            Await.on(t);
            return Coroutine.of("unreached");
        } catch (IllegalStateException e) {
            assertSame(thrown.get(0), e);
            return Coroutine.of("caught " + e.getMessage() + " done=" + t.isDone() + " cancelled=" + t.isCancelled());
        }
    }

    @Test
    void exceptionOfAnAwaitedTaskIsTheOriginal() {
        assertEquals("caught bad state done=true cancelled=false", Asyncio.run(failingTaskAwaited()));
    }

    // ---- checked exceptions ----

    @Async
    static Coroutine<String> download(String url) throws IOException {
        Await.on(Asyncio.sleep(0));
        if (url.startsWith("missing")) {
            throw new FileNotFoundException(url);
        }
        if (url.startsWith("bad")) {
            throw new IOException("cannot read " + url);
        }
        return Coroutine.of("<" + url + ">");
    }

    @Async
    static Coroutine<List<String>> checkedExceptions() {
        List<String> out = new ArrayList<>();
        for (String url : List.of("a", "bad1", "missing2")) {
            try {
                out.add(Await.on(download(url), IOException.class));
            } catch (FileNotFoundException e) {
                out.add("FNF " + e.getMessage());
            } catch (IOException e) {
                out.add(e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
        Future<String> f = new Future<>();
        f.setException(new IOException("from future"));
        try {
            out.add(Await.on(f, IOException.class));
        } catch (IOException e) {
            out.add("future: " + e.getMessage());
        }
        CompletableFuture<String> cf = new CompletableFuture<>();
        new Thread(() -> cf.completeExceptionally(new IOException("from thread")), "completer").start();
        try {
            out.add(Await.on(cf, IOException.class));
        } catch (IOException e) {
            out.add("stage: " + e.getMessage());
        }
        try {
            Await.on(download("bad3"));
        } catch (Exception e) {
            out.add("as Exception: " + e.getClass().getSimpleName());
        }
        return Coroutine.of(out);
    }

    @Test
    void checkedExceptionFromAwaitedCoroutineWithTheOverload() {
        assertEquals(List.of("<a>", "IOException cannot read bad1", "FNF missing2", "future: from future",
                "stage: from thread", "as Exception: IOException"), Asyncio.run(checkedExceptions()));
    }

    // ---- nesting, catch and finally with awaits ----

    @Async
    Coroutine<String> nestedTryWithAwaitsEverywhere(String kind) {
        log.add("start");
        try {
            try {
                log.add("inner try " + Await.on(same(1)));
                Await.on(failAfterSleep(kind));
                log.add("inner try end");
            } catch (IllegalArgumentException e) {
                log.add("inner catch " + Await.on(later(e.getMessage())));
                throw new IllegalStateException("from inner catch", e);
            } finally {
                log.add("inner finally " + Await.on(twice(1)));
            }
            log.add("after inner");
        } catch (IllegalStateException e) {
            Await.on(Asyncio.sleep(0));
            log.add("outer catch " + e.getMessage() + " cause=" + (e.getCause() == null ? null : e.getCause().getMessage()));
        } finally {
            Await.on(Asyncio.sleep(0));
            log.add("outer finally");
        }
        return Coroutine.of(String.join(",", log));
    }

    @Test
    void nestedTryCatchFinallyWithAwaitsInEveryBlock() {
        assertEquals("start,inner try 1,inner catch bad argument,inner finally 2,"
                        + "outer catch from inner catch cause=bad argument,outer finally",
                Asyncio.run(nestedTryWithAwaitsEverywhere("iae")));
        log.clear();
        assertEquals("start,inner try 1,inner finally 2,outer catch bad state cause=null,outer finally",
                Asyncio.run(nestedTryWithAwaitsEverywhere("ise")));
        log.clear();
        assertEquals("start,inner try 1,inner try end,inner finally 2,after inner,outer finally",
                Asyncio.run(nestedTryWithAwaitsEverywhere("none")));
        log.clear();
        assertThrows(UnsupportedOperationException.class, () -> Asyncio.run(nestedTryWithAwaitsEverywhere("uoe")));
        assertEquals(List.of("start", "inner try 1", "inner finally 2", "outer finally"), log);
    }

    @Async
    Coroutine<Integer> level(int n) {
        try {
            if (n == 0) {
                Await.on(Asyncio.sleep(0));
                throw remember(new IllegalArgumentException("bottom"));
            }
            return Coroutine.of(Await.on(level(n - 1)) + 1);
        } finally {
            log.add("finally " + n);
        }
    }

    @Async
    Coroutine<String> catchThroughLevels() {
        try {
            Await.on(level(3));
            return Coroutine.of("unreached");
        } catch (IllegalArgumentException e) {
            assertSame(thrown.get(0), e);
            log.add("caught");
            return Coroutine.of(e.getMessage());
        }
    }

    @Test
    void exceptionPropagatesThroughSeveralAwaitingCoroutines() {
        assertEquals("bottom", Asyncio.run(catchThroughLevels()));
        assertEquals(List.of("finally 0", "finally 1", "finally 2", "finally 3", "caught"), log);
    }

    @Async
    Coroutine<String> finallyOnEveryExit(int mode) {
        try {
            log.add("try " + mode);
            Await.on(Asyncio.sleep(0));
            if (mode == 1) {
                throw new IllegalStateException("mode 1");
            }
            if (mode == 2) {
                return Coroutine.of("early " + Await.on(same(2)));
            }
            for (int i = 0; i < 3; i++) {
                try {
                    if (i == 1) {
                        continue;
                    }
                    if (i == 2 && mode == 3) {
                        break;
                    }
                    log.add("body " + i);
                } finally {
                    log.add("loop finally " + i + " " + Await.on(twice(i)));
                }
            }
        } finally {
            log.add("finally " + Await.on(later(mode)));
        }
        return Coroutine.of("normal " + mode);
    }

    @Test
    void finallyRunsOnNormalExceptionalReturnBreakAndContinueExits() {
        assertEquals("normal 0", Asyncio.run(finallyOnEveryExit(0)));
        assertEquals(List.of("try 0", "body 0", "loop finally 0 0", "loop finally 1 2", "body 2",
                "loop finally 2 4", "finally 0"), log);
        log.clear();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(finallyOnEveryExit(1)));
        assertEquals("mode 1", e.getMessage());
        assertEquals(List.of("try 1", "finally 1"), log);
        log.clear();
        assertEquals("early 2", Asyncio.run(finallyOnEveryExit(2)));
        assertEquals(List.of("try 2", "finally 2"), log);
        log.clear();
        assertEquals("normal 3", Asyncio.run(finallyOnEveryExit(3)));
        assertEquals(List.of("try 3", "body 0", "loop finally 0 0", "loop finally 1 2", "loop finally 2 4",
                "finally 3"), log);
    }

    @Async
    @SuppressWarnings("finally")
    Coroutine<String> returnInFinallyDiscardsTheException() {
        try {
            Await.on(failAfterSleep("iae"));
        } finally {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of("finally wins");
        }
    }

    @Test
    void returnInFinallyAfterAnAwaitDiscardsTheException() {
        assertEquals("finally wins", Asyncio.run(returnInFinallyDiscardsTheException()));
    }

    @Async
    Coroutine<String> exceptionsInALoop() {
        int caught = 0;
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            try {
                sum += Await.on(failAfterSleep(i % 3 == 0 ? "iae" : "x".repeat(i)));
            } catch (IllegalArgumentException e) {
                caught++;
                Await.on(Asyncio.sleep(0));
            }
        }
        return Coroutine.of(caught + "/" + sum);
    }

    @Test
    void catchingInsideALoopKeepsTheLoopState() {
        assertEquals("4/" + (1 + 2 + 4 + 5 + 7 + 8), Asyncio.run(exceptionsInALoop()));
    }

    @Async
    Coroutine<String> implicitExceptionsAfterAwaits(String maybeNull, int divisor) {
        Await.on(Asyncio.sleep(0));
        try {
            return Coroutine.of("len " + maybeNull.length() + " q " + (Await.on(same(10)) / divisor));
        } catch (NullPointerException e) {
            return Coroutine.of("npe " + Await.on(later("caught")));
        } catch (ArithmeticException e) {
            return Coroutine.of("arith " + e.getMessage());
        }
    }

    @Test
    void implicitNullPointerAndArithmeticExceptionsAfterAwaits() {
        assertEquals("len 3 q 5", Asyncio.run(implicitExceptionsAfterAwaits("abc", 2)));
        assertEquals("npe caught", Asyncio.run(implicitExceptionsAfterAwaits(null, 2)));
        assertEquals("arith / by zero", Asyncio.run(implicitExceptionsAfterAwaits("abc", 0)));
    }

    // ---- try-with-resources ----

    final class Res implements AutoCloseable {
        final String name;
        final boolean failOnClose;

        Res(String name, boolean failOnClose) {
            this.name = name;
            this.failOnClose = failOnClose;
            log.add("open " + name);
        }

        @Override
        public void close() {
            log.add("close " + name);
            if (failOnClose) {
                throw new IllegalStateException("close " + name + " failed");
            }
        }
    }

    @Async
    Coroutine<String> tryWithResources(boolean failInBody, boolean failOnClose) {
        try (Res r1 = new Res("r1", false);
             Res r2 = new Res(Await.on(later("r2")), failOnClose)) {
            log.add("body " + r1.name + r2.name + Await.on(twice(1)));
            Await.on(Asyncio.sleep(0));
            if (failInBody) {
                throw new IllegalArgumentException("body failed");
            }
            log.add("body end");
        } catch (IllegalArgumentException | IllegalStateException e) {
            StringBuilder sb = new StringBuilder(e.getMessage());
            for (Throwable s : e.getSuppressed()) {
                sb.append(" suppressed: ").append(s.getMessage());
            }
            log.add("caught " + sb + " " + Await.on(same(9)));
        } finally {
            log.add("finally");
        }
        return Coroutine.of(String.join(",", log));
    }

    @Test
    void tryWithResourcesClosesInReverseOrderAfterAwaits() {
        assertEquals("open r1,open r2,body r1r22,body end,close r2,close r1,finally",
                Asyncio.run(tryWithResources(false, false)));
        log.clear();
        assertEquals("open r1,open r2,body r1r22,close r2,close r1,caught body failed 9,finally",
                Asyncio.run(tryWithResources(true, false)));
        log.clear();
        assertEquals("open r1,open r2,body r1r22,close r2,close r1,"
                        + "caught body failed suppressed: close r2 failed 9,finally",
                Asyncio.run(tryWithResources(true, true)));
        log.clear();
        assertEquals("open r1,open r2,body r1r22,body end,close r2,close r1,caught close r2 failed 9,finally",
                Asyncio.run(tryWithResources(false, true)));
    }
}
