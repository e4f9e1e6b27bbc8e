package dev.weft.it;

import dev.weft.AsyncGenerator;
import dev.weft.AsyncIterable;
import dev.weft.AsyncIterator;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.GeneratorExit;
import dev.weft.StopAsyncIteration;
import dev.weft.Task;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Async generators (PEP 525): {@code anext}, {@code asend}, {@code athrow}, {@code aclose}, against CPython 3.11. */
@Timeout(30)
class AsyncGeneratorTest {

    @Async
    static AsyncGenerator<Integer> gen(List<String> log) {
        try {
            log.add("start");
            Object x = Await.yield(1);
            log.add("got " + x);
            Await.yield(2);
        } finally {
            log.add("finally");
        }
        return AsyncGenerator.done();
    }

    @Async
    static AsyncGenerator<Integer> bad() {
        Await.yield(1);
        throw new StopAsyncIteration("x");
    }

    @Async
    static AsyncGenerator<Integer> ignore(List<String> log) {
        while (true) {
            try {
                Await.yield(1);
            } catch (GeneratorExit e) {
                log.add("ignoring");
            }
        }
    }

    @Async
    static AsyncGenerator<String> catcher(List<String> log) {
        while (true) {
            try {
                Await.yield("a");
            } catch (IllegalArgumentException e) {
                log.add("caught " + e.getMessage());
                Await.yield("after");
            }
        }
    }

    @Async
    static AsyncGenerator<String> catcher2(List<String> log) {
        try {
            Await.yield("a");
        } catch (IllegalArgumentException e) {
            log.add("caught2 " + e.getMessage());
        }
        return AsyncGenerator.done();
    }

    @Async
    static AsyncGenerator<Integer> slow() {
        Await.on(Asyncio.sleep(0.01));
        Await.yield(1);
        return AsyncGenerator.done();
    }

    @Async
    static AsyncGenerator<Integer> closer2() {
        try {
            Await.yield(1);
        } finally {
            throw new IllegalArgumentException("in finally");
        }
    }

    private static String name(Throwable e) {
        return e.getClass().getSimpleName() + " " + e.getMessage();
    }

    /*
     * Python 3.11.7 (/tmp/py/agen1.py; ValueError as IllegalArgumentException, RuntimeError as
     * IllegalStateException, TypeError as IllegalArgumentException):
     *   athrow unstarted: ValueError v
     *   anext after athrow unstarted: StopAsyncIteration
     *   start / 1 / got s / 2 / finally / stop StopAsyncIteration() / aclose finished: None
     *   asend unstarted: TypeError can't send non-None value to a just-started async generator
     *   aclose unstarted: None / anext closed: StopAsyncIteration
     *   bad: RuntimeError async generator raised StopAsyncIteration StopAsyncIteration('x')
     *   ignoring / ignore: RuntimeError async generator ignored GeneratorExit
     *   a / caught boom / after / a / caught2 z / athrow then return: StopAsyncIteration
     *   concurrent: RuntimeError anext(): asynchronous generator is already running / 1
     *   aclose VE exc: ValueError in finally
     *   ignoring
     *   Exception ignored in: <async_generator object main.<locals>.ignore at 0x...>
     *   RuntimeError: async generator ignored GeneratorExit
     * (athrow of a finished generator prints nothing: it returns None in 3.11. The last three lines come from
     * asyncio.run's shutdown_asyncgens, which closes `ignore` again; the error goes to the exception handler.)
     */
    @Async
    static Coroutine<Void> protocol(List<String> log) {
        Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> log.add("handler: " + context.get("message")
                + ": " + ((Throwable) context.get("exception")).getMessage()));
        AsyncGenerator<Integer> g = gen(log);
        try {
            Await.on(g.athrow(new IllegalArgumentException("v")));
        } catch (IllegalArgumentException e) {
            log.add("athrow unstarted: " + e.getMessage());
        }
        try {
            Await.on(g.anext());
        } catch (StopAsyncIteration e) {
            log.add("anext after athrow unstarted: StopAsyncIteration");
        }
        g = gen(log);
        log.add("" + Await.on(g.anext()));
        log.add("" + Await.on(g.asend("s")));
        try {
            Await.on(g.anext());
        } catch (StopAsyncIteration e) {
            log.add("stop");
        }
        log.add("aclose finished: " + Await.on(g.aclose()));
        log.add("athrow finished: " + Await.on(g.athrow(new IllegalArgumentException("w"))));
        g = gen(log);
        try {
            Await.on(g.asend(5));
        } catch (IllegalArgumentException e) {
            log.add("asend unstarted: " + e.getMessage());
        }
        log.add("aclose unstarted: " + Await.on(g.aclose()));
        try {
            Await.on(g.anext());
        } catch (StopAsyncIteration e) {
            log.add("anext closed: StopAsyncIteration");
        }
        AsyncGenerator<Integer> b = bad();
        Await.on(b.anext());
        try {
            Await.on(b.anext());
        } catch (IllegalStateException e) {
            log.add("bad: " + name(e) + " " + e.getCause().getMessage());
        }
        AsyncGenerator<Integer> i = ignore(log);
        Await.on(i.anext());
        try {
            Await.on(i.aclose());
        } catch (IllegalStateException e) {
            log.add("ignore: " + e.getMessage());
        }
        AsyncGenerator<String> c = catcher(log);
        log.add(Await.on(c.anext()));
        log.add(Await.on(c.athrow(new IllegalArgumentException("boom"))));
        log.add(Await.on(c.anext()));
        AsyncGenerator<String> c2 = catcher2(log);
        Await.on(c2.anext());
        try {
            Await.on(c2.athrow(new IllegalArgumentException("z")));
        } catch (StopAsyncIteration e) {
            log.add("athrow then return: StopAsyncIteration");
        }
        AsyncGenerator<Integer> s = slow();
        Task<Integer> t = Asyncio.createTask(s.anext());
        Await.on(Asyncio.sleep(0));
        try {
            Await.on(s.anext());
        } catch (IllegalStateException e) {
            log.add("concurrent: " + e.getMessage());
        }
        log.add("" + Await.on(t));
        AsyncGenerator<Integer> cl = closer2();
        Await.on(cl.anext());
        try {
            Await.on(cl.aclose());
        } catch (IllegalArgumentException e) {
            log.add("aclose VE exc: " + e.getMessage());
        }
        // Python's locals hold the unfinished generators until main returns, so asyncio.run's shutdown_asyncgens
        // closes them; here they would be dead after their last use, and a GC meanwhile would close them earlier
        // through the finalizer (PEP 525's), out of the order above.
        Reference.reachabilityFence(i);
        Reference.reachabilityFence(c);
        return Coroutine.done();
    }

    @Test
    void protocolAsInCPython() {
        List<String> log = new ArrayList<>();
        Asyncio.run(protocol(log));
        assertEquals(List.of("athrow unstarted: v", "anext after athrow unstarted: StopAsyncIteration",
                "start", "1", "got s", "2", "finally", "stop", "aclose finished: null", "athrow finished: null",
                "asend unstarted: can't send non-null value to a just-started async generator (asend(5) before its"
                        + " first step)",
                "aclose unstarted: null", "anext closed: StopAsyncIteration",
                "bad: IllegalStateException async generator raised StopAsyncIteration x",
                "ignoring", "ignore: async generator ignored GeneratorExit: dev.weft.it.AsyncGeneratorTest.ignore yielded"
                        + " while being closed",
                "a", "caught boom", "after", "a", "caught2 z", "athrow then return: StopAsyncIteration",
                "concurrent: anext(): asynchronous generator is already running", "1",
                "aclose VE exc: in finally", "ignoring",
                "handler: an error occurred during closing of asynchronous generator <async_generator"
                        + " dev.weft.it.AsyncGeneratorTest.ignore>: async generator ignored GeneratorExit:"
                        + " dev.weft.it.AsyncGeneratorTest.ignore yielded while being closed"), log);
    }

    // ---- async for ----

    @Async
    static AsyncGenerator<Integer> ticks(int n, String name, List<String> log) {
        try {
            for (int i = 0; i < n; i++) {
                Await.on(Asyncio.sleep(0));
                log.add(name + " yields " + i);
                Await.yield(i);
            }
            log.add(name + " exhausted");
        } finally {
            log.add(name + " finally");
        }
        return AsyncGenerator.done();
    }

    @Async
    static AsyncGenerator<Integer> doubled(AsyncIterable<Integer> src, List<String> log) {
        for (int x : src) {
            Await.yield(x * 2);
        }
        log.add("doubled end");
        return AsyncGenerator.done();
    }

    /** A hand-written async iterator: Python's class with {@code __anext__}. */
    static final class Countdown implements AsyncIterator<Integer> {
        private int n;

        Countdown(int n) {
            this.n = n;
        }

        @Override
        @Async
        public Coroutine<Integer> anext() {
            if (n == 0) {
                throw new StopAsyncIteration();
            }
            n--;
            return Coroutine.of(n);
        }
    }

    @Async
    static Coroutine<Void> consumerCancelled(AsyncGenerator<Integer> gen, List<String> log) {
        try {
            for (int x : gen) {
                log.add("consumer got " + x);
            }
        } catch (CancelledError e) {
            log.add("consumer cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    static AsyncGenerator<Integer> slowgen(List<String> log) {
        try {
            Await.yield(1);
            Await.on(Asyncio.sleep(10));
            Await.yield(2);
        } finally {
            log.add("slowgen finally");
        }
        return AsyncGenerator.done();
    }

    @Async
    static Coroutine<String> loopBody(AsyncGenerator<Integer> g, List<String> log) {
        for (Integer x : g) {
            if (x == 0) {
                continue;
            }
            if (x == 2) {
                return Coroutine.of("returned at " + x);
            }
            log.add("body " + x);
        }
        return Coroutine.of("end");
    }

    /* Python 3.11.7, /tmp/py/agen2.py (every generator held in a variable, so that CPython closes the ones left
     * open at shutdown_asyncgens, as Weft does, not when its reference count drops). */
    @Async
    static Coroutine<Void> asyncFor(List<String> log) {
        AsyncGenerator<Integer> g = ticks(5, "a", log);
        for (int x : g) {
            log.add("got " + x);
            if (x == 1) {
                break;
            }
        }
        log.add("after break");
        Await.on(g.aclose());
        log.add("after aclose");
        AsyncGenerator<Integer> held = ticks(3, "b", log);
        for (int x : held) {
            if (x == 0) {
                break;
            }
        }
        log.add("b left open");
        int total = 0;
        AsyncGenerator<Integer> c = ticks(3, "c", log);
        AsyncGenerator<Integer> dc = doubled(c, log);
        for (int x : dc) {
            total += x;
        }
        log.add("total " + total);
        for (int x : new Countdown(3)) {
            log.add("countdown " + x);
        }
        AsyncGenerator<Integer> d = ticks(4, "d", log);
        log.add(Await.on(loopBody(d, log)));
        AsyncGenerator<Integer> eg = ticks(3, "e", log);
        try {
            for (int x : eg) {
                if (x == 1) {
                    throw new IllegalArgumentException("oops");
                }
            }
        } catch (IllegalArgumentException ex) {
            log.add("caught " + ex.getMessage());
        }
        AsyncGenerator<Integer> s = slowgen(log);
        Task<Void> t = Asyncio.createTask(consumerCancelled(s, log));
        Await.on(Asyncio.sleep(0.01));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("task cancelled");
        }
        log.add("slowgen running " + s.isRunning());
        try {
            Await.on(s.anext());
        } catch (StopAsyncIteration e) {
            log.add("slowgen finished");
        }
        log.add("main end");
        // Held until main returns, as by Python's locals: a GC before then would close them out of order.
        Reference.reachabilityFence(held);
        Reference.reachabilityFence(d);
        Reference.reachabilityFence(eg);
        return Coroutine.done();
    }

    @Test
    void asyncForAsInCPython() {
        List<String> log = new ArrayList<>();
        Asyncio.run(asyncFor(log));
        assertEquals(List.of("a yields 0", "got 0", "a yields 1", "got 1", "after break", "a finally", "after aclose",
                "b yields 0", "b left open", "c yields 0", "c yields 1", "c yields 2", "c exhausted", "c finally",
                "doubled end", "total 6", "countdown 2", "countdown 1", "countdown 0", "d yields 0", "d yields 1",
                "body 1", "d yields 2", "returned at 2", "e yields 0", "e yields 1", "caught oops", "consumer got 1",
                "slowgen finally", "consumer cancelled", "task cancelled", "slowgen running false",
                "slowgen finished", "main end", "b finally", "d finally", "e finally"), log);
    }

    // ---- PEP 525: a generator abandoned unfinished is closed on its loop ----

    @Async
    static AsyncGenerator<Integer> watched(List<String> log) {
        try {
            Await.yield(1);
            Await.yield(2);
        } finally {
            log.add("finally in " + (Asyncio.currentTask() == null ? "no task" : "a task"));
        }
        return AsyncGenerator.done();
    }

    @Async
    static Coroutine<Void> startAndDrop(List<String> log) {
        AsyncGenerator<Integer> g = watched(log);
        log.add("first " + Await.on(g.anext()));
        return Coroutine.done();
    }

    /*
     * Python 3.11.7: `g = watched(); await g.__anext__(); del g; await asyncio.sleep(0)` prints "first 1", then
     * the finalizer hook's aclose task runs "finally" on the loop. The JVM frees the generator when the collector
     * finds it unreachable, not at once: the test collects and gives the loop passes until it is closed.
     */
    @Async
    static Coroutine<Void> abandon(List<String> log) {
        Await.on(startAndDrop(log));
        for (int i = 0; i < 500 && log.size() < 2; i++) {
            System.gc();
            Await.on(Asyncio.sleep(0.01));
        }
        return Coroutine.done();
    }

    @Test
    void abandonedGeneratorIsClosedOnItsLoop() {
        List<String> log = new ArrayList<>();
        Asyncio.run(abandon(log));
        assertEquals(List.of("first 1", "finally in a task"), log);
    }

    // ---- comprehension helpers ----

    @Async
    static AsyncGenerator<Integer> naturals(List<String> log) {
        for (int i = 0; ; i++) {
            log.add("n" + i);
            Await.yield(i);
        }
    }

    /*
     * Python 3.11.7: `[x async for x in (y * 10 async for y in take(evens(naturals()), 3))]` with a take that stops
     * after its third item: n0 n1 n2 n3 n4, then [0, 20, 40]; naturals is left suspended, closed at shutdown.
     */
    @Async
    static Coroutine<List<Integer>> comprehension(List<String> log) {
        return naturals(log).filter(x -> x % 2 == 0).take(3).map(x -> x * 10).toList();
    }

    @Test
    void comprehensionHelpers() {
        List<String> log = new ArrayList<>();
        assertEquals(List.of(0, 20, 40), Asyncio.run(comprehension(log)));
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), log);
    }

    @Async
    static AsyncGenerator<Integer> rethrower(List<String> log) {
        try {
            Await.yield(1);
        } catch (IllegalArgumentException e) {
            log.add("caught, rethrowing");
            throw e;
        }
        return AsyncGenerator.done();
    }

    /*
     * Python 3.11.7: a generator that catches what athrow threw in and re-raises it:
     *   caught, rethrowing / athrow raised r / finished
     */
    @Async
    static Coroutine<Void> athrowRethrown(List<String> log) {
        AsyncGenerator<Integer> g = rethrower(log);
        Await.on(g.anext());
        try {
            Await.on(g.athrow(new IllegalArgumentException("r")));
        } catch (IllegalArgumentException e) {
            log.add("athrow raised " + e.getMessage());
        }
        try {
            Await.on(g.anext());
        } catch (StopAsyncIteration e) {
            log.add("finished");
        }
        return Coroutine.done();
    }

    @Test
    void athrowCaughtAndRethrown() {
        List<String> log = new ArrayList<>();
        Asyncio.run(athrowRethrown(log));
        assertEquals(List.of("caught, rethrowing", "athrow raised r", "finished"), log);
    }
}
