package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Context variables: Python's {@code contextvars} and how asyncio runs tasks and callbacks in contexts. Each
 * scenario is a CPython 3.11.7 program, quoted with what it printed; the Java port records the same lines. A
 * test that sets variables on its own thread does it inside {@code new Context().run(...)}, so that the thread's
 * own context stays as it was for the next test.
 */
@Timeout(30)
class ContextVarTest {

    private static final String ADDR = "0x\\p{XDigit}+";

    // ---- the API: get, set, reset, defaults, errors ----

    /*
     * Python 3.11.7 (x = ContextVar('x'); y = ContextVar('y', default=None); z = ContextVar('z', default=5)):
     *   repr(x), repr(y), repr(z)     <ContextVar name='x' at 0x7f..>  <ContextVar name='y' default=None at 0x..>
     *                                 <ContextVar name='z' default=5 at 0x..>
     *   x.get()                       LookupError, str(e) == repr(x)
     *   x.get('d'), y.get(), y.get('d'), z.get(), z.get(7)     d None d 5 7   (Java: x.get(-1) for x.get('d'))
     *   t = x.set(1)                  <Token var=<ContextVar name='x' at 0x..> at 0x..>, t.var is x,
     *                                 t.old_value is Token.MISSING, repr <Token.MISSING>
     *   t2 = x.set(2); x.reset(t2)    2 1, then 1
     *   x.reset(t2) again             RuntimeError <Token used var=<ContextVar name='x' ...> has already been used once
     *   y.reset(t)                    ValueError <Token var=...> was created by a different ContextVar
     *   x.reset(t); x.get()           LookupError again
     *   ctx = copy_context()          len 0, x in ctx False
     *   t3 = x.set(3); ctx.run(f): x.reset(t3) -> ValueError ... was created in a different Context; x.set(4)
     *                                 ctx.run(f) 4, x.get() 3, ctx[x] 4, ctx.get(y) None, len(ctx) 1
     *   ctx.run(g): g calls ctx.run   RuntimeError cannot enter context: <_contextvars.Context object at 0x..> is
     *                                 already entered
     */
    @Test
    void getSetResetAndTheirErrorsAreCPythons() {
        new Context().run(() -> {
            ContextVar<Integer> x = new ContextVar<>("x");
            ContextVar<Object> y = new ContextVar<>("y", null);
            ContextVar<Integer> z = new ContextVar<>("z", 5);
            assertEquals("x", x.name());
            assertMatches("<ContextVar name='x' at " + ADDR + ">", x.toString());
            assertMatches("<ContextVar name='y' default=null at " + ADDR + ">", y.toString());
            assertMatches("<ContextVar name='z' default=5 at " + ADDR + ">", z.toString());
            assertMatches("<ContextVar name='s' default='d' at " + ADDR + ">", new ContextVar<>("s", "d").toString());

            LookupError e = assertThrows(LookupError.class, x::get);
            assertInstanceOf(NoSuchElementException.class, e);
            assertEquals(x.toString(), e.getMessage());
            assertEquals("-1 null d 5 7", x.get(-1) + " " + y.get() + " " + y.get("d") + " " + z.get() + " " + z.get(7));

            Token<Integer> t = x.set(1);
            assertMatches("<Token var=<ContextVar name='x' at " + ADDR + "> at " + ADDR + ">", t.toString());
            assertSame(x, t.var());
            assertSame(Token.MISSING, t.oldValue());
            assertEquals("<Token.MISSING>", Token.MISSING.toString());
            Token<Integer> t2 = x.set(2);
            assertEquals(2, x.get());
            assertEquals(1, t2.oldValue());
            x.reset(t2);
            assertEquals(1, x.get());
            IllegalStateException used = assertThrows(IllegalStateException.class, () -> x.reset(t2));
            assertMatches("<Token used var=<ContextVar name='x' at " + ADDR + "> at " + ADDR
                    + "> has already been used once", used.getMessage());
            @SuppressWarnings({"rawtypes", "unchecked"})
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> ((ContextVar) y).reset(t));
            assertMatches("<Token var=<ContextVar name='x' at " + ADDR + "> at " + ADDR
                    + "> was created by a different ContextVar", other.getMessage());
            x.reset(t);
            assertThrows(LookupError.class, x::get);

            Context ctx = Context.copyCurrent();
            assertEquals(0, ctx.size());
            assertFalse(ctx.containsKey(x));
            Token<Integer> t3 = x.set(3);
            int inside = ctx.run(() -> {
                IllegalArgumentException elsewhere = assertThrows(IllegalArgumentException.class, () -> x.reset(t3));
                assertTrue(elsewhere.getMessage().endsWith("> was created in a different Context"),
                        elsewhere.getMessage());
                x.set(4);
                assertEquals(4, ctx.get(x), "a set in a context is seen in it at once");
                return x.get();
            });
            assertEquals("4 3 4 4 null 1", inside + " " + x.get() + " " + ctx.get(x) + " " + ctx.get(x, 9) + " "
                    + ctx.get(y) + " " + ctx.size());
            assertEquals(Map.of(x, 4), ctx.toMap());
            assertEquals(List.of(x), new ArrayList<>(ctx.keys()));

            IllegalStateException reentered = ctx.run(() -> assertThrows(IllegalStateException.class,
                    () -> ctx.run(() -> null)));
            assertMatches("cannot enter context: <Context object at " + ADDR + "> is already entered",
                    reentered.getMessage());
            return null;
        });
    }

    /*
     * Python 3.11.7:
     *   a, b = ContextVar('a'), ContextVar('b')
     *   c1 = copy_context(); c2 = copy_context()
     *   def inner(): b.set('b2'); return (a.get('-'), b.get())
     *   def outer(): a.set('a1'); r = c2.run(inner); return (r, a.get(), b.get('-'))
     *   c1.run(outer)            (('-', 'b2'), 'a1', '-')
     *   c1[a], b in c1, c2[b]    a1 False b2
     *   c1.run(lambda: c1.run(...)) inside: RuntimeError; c1.run works again afterwards
     *   an exception in run propagates and the context is left: ValueError boom, then c1.run(a.get) a1
     */
    @Test
    void runNestsAndPutsBackTheOuterContext() {
        ContextVar<String> a = new ContextVar<>("a");
        ContextVar<String> b = new ContextVar<>("b");
        Context c1 = Context.copyCurrent();
        Context c2 = Context.copyCurrent();
        String r = c1.run(() -> {
            a.set("a1");
            String in = c2.run(() -> {
                b.set("b2");
                return a.get("-") + " " + b.get();
            });
            return in + " | " + a.get() + " " + b.get("-");
        });
        assertEquals("- b2 | a1 -", r);
        assertEquals("a1 false b2", c1.get(a) + " " + c1.containsKey(b) + " " + c2.get(b));
        assertEquals("-", a.get("-"), "the thread's own context is as it was");
        assertThrows(IllegalStateException.class, () -> c1.run(() -> c1.run(() -> null)));
        assertEquals("a1", c1.run(a::get));
        // A checked exception comes out as it is, and the context is left.
        Exception boom = assertThrows(Exception.class, () -> c1.run(() -> {
            throw new java.io.IOException("boom");
        }));
        assertEquals("boom", boom.getMessage());
        assertInstanceOf(java.io.IOException.class, boom);
        assertEquals("a1", c1.run(a::get));
    }

    // ---- tasks: each in a copy of its creator's context ----

    @Async
    static Coroutine<String> child(ContextVar<String> var, String name, double delay, List<String> log) {
        log.add(name + " starts: " + var.get());
        var.set(name);
        Await.on(Asyncio.sleep(delay));
        log.add(name + " after sleep: " + var.get());
        return Coroutine.of(var.get());
    }

    @Async
    static Coroutine<Void> grandchildParent(ContextVar<String> var, List<String> log) {
        var.set("p");
        Task<String> t = Asyncio.createTask(child(var, "g", 0, log));
        var.set("p2");
        String r = Await.on(t);
        log.add("p after g: " + var.get() + ", g returned " + r);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> siblingsMain(ContextVar<String> var, List<String> log) {
        log.add("main starts: " + var.get());
        var.set("main");
        Task<String> t1 = Asyncio.createTask(child(var, "a", 0.01, log));
        var.set("main2");
        Task<String> t2 = Asyncio.createTask(child(var, "b", 0, log));
        List<Object> results = Await.on(Asyncio.gather(t1, t2, child(var, "c", 0, log)));
        log.add("main after gather: " + var.get() + " " + results);
        Await.on(grandchildParent(var, log));
        log.add("main after inline await: " + var.get());
        Await.on(Asyncio.ensureFuture(child(var, "d", 0, log)));
        log.add("main end: " + var.get());
        return Coroutine.done();
    }

    /*
     * Python 3.11.7:
     *   async def child(name, delay):
     *       log(f'{name} starts: {var.get()}'); var.set(name); await asyncio.sleep(delay)
     *       log(f'{name} after sleep: {var.get()}'); return var.get()
     *   async def grandchild_parent():
     *       var.set('p'); t = asyncio.create_task(child('g', 0)); var.set('p2'); r = await t
     *       log(f'p after g: {var.get()}, g returned {r}')
     *   async def main():
     *       log(f'main starts: {var.get()}'); var.set('main'); t1 = asyncio.create_task(child('a', 0.01))
     *       var.set('main2'); t2 = asyncio.create_task(child('b', 0))
     *       results = await asyncio.gather(t1, t2, child('c', 0)); log(f'main after gather: {var.get()} {results}')
     *       await grandchild_parent(); log(f'main after inline await: {var.get()}')
     *       await asyncio.ensure_future(child('d', 0)); log(f'main end: {var.get()}')
     *   var = ContextVar('var', default='unset'); var.set('outside'); asyncio.run(main())
     *   log(f'outside after run: {var.get()}')
     * printed:
     *   main starts: outside / a starts: main / b starts: main2 / c starts: main2 / b after sleep: b /
     *   c after sleep: c / a after sleep: a / main after gather: main2 ['a', 'b', 'c'] / g starts: p /
     *   g after sleep: g / p after g: p2, g returned g / main after inline await: p2 / d starts: p2 /
     *   d after sleep: d / main end: p2 / outside after run: outside
     */
    @Test
    void aTaskRunsInACopyOfItsCreatorsContext() {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        new Context().run(() -> {
            var.set("outside");
            VirtualTime.run(siblingsMain(var, log));
            log.add("outside after run: " + var.get());
            return null;
        });
        assertEquals(List.of("main starts: outside", "a starts: main", "b starts: main2", "c starts: main2",
                "b after sleep: b", "c after sleep: c", "a after sleep: a", "main after gather: main2 [a, b, c]",
                "g starts: p", "g after sleep: g", "p after g: p2, g returned g", "main after inline await: p2",
                "d starts: p2", "d after sleep: d", "main end: p2", "outside after run: outside"), log);
    }

    // ---- callbacks: in a copy of the context current when they were scheduled ----

    static Runnable report(ContextVar<String> var, String what, List<String> log) {
        return () -> {
            log.add(what + ": " + var.get());
            var.set(what + "-set");   // gone when the callback returns
        };
    }

    @Async
    static Coroutine<Void> callbacksMain(ContextVar<String> var, List<String> log) throws InterruptedException {
        EventLoop loop = Asyncio.getRunningLoop();
        var.set("one");
        loop.callSoon(report(var, "soon", log));
        loop.callLater(0.01, report(var, "later", log));
        loop.callAt(loop.time() + 0.005, report(var, "at", log));
        Future<Object> fut = loop.createFuture();
        Runnable done = report(var, "done callback", log);
        fut.addDoneCallback(f -> done.run());
        var.set("two");
        loop.callSoon(report(var, "soon2", log));
        fut.setResult(null);
        Thread th = new Thread(() -> {
            var.set("thread");
            loop.callSoonThreadsafe(report(var, "threadsafe", log));
        });
        th.start();
        th.join();
        Await.on(Asyncio.sleep(0.02));
        log.add("main: " + var.get());
        return Coroutine.done();
    }

    /*
     * Python 3.11.7:
     *   def report(what): def cb(*args): log(f'{what}: {var.get()}'); var.set(what + '-set')
     *   async def main():
     *       loop = asyncio.get_running_loop(); var.set('one')
     *       loop.call_soon(report('soon')); loop.call_later(0.01, report('later'))
     *       loop.call_at(loop.time() + 0.005, report('at'))
     *       fut = loop.create_future(); fut.add_done_callback(report('done callback'))
     *       var.set('two'); loop.call_soon(report('soon2')); fut.set_result(None)
     *       def other_thread(): var.set('thread'); loop.call_soon_threadsafe(report('threadsafe'))
     *       th = threading.Thread(target=other_thread); th.start(); th.join()
     *       await asyncio.sleep(0.02); log(f'main: {var.get()}')
     * printed: soon: one / soon2: two / done callback: one / threadsafe: thread / at: one / later: one / main: two
     */
    @Test
    void aCallbackRunsInACopyOfTheContextItWasScheduledIn() throws InterruptedException {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        VirtualTime.run(callbacksMain(var, log));
        assertEquals(List.of("soon: one", "soon2: two", "done callback: one", "threadsafe: thread", "at: one",
                "later: one", "main: two"), log);
    }

    @Async
    static Coroutine<Void> removeMain(ContextVar<String> var, List<String> log) {
        Future<Object> fut = Asyncio.getRunningLoop().createFuture();
        java.util.function.Consumer<Future<Object>> cb = f -> log.add("cb sees " + var.get());
        var.set("a");
        fut.addDoneCallback(cb);
        var.set("b");
        fut.addDoneCallback(cb);
        log.add("removed " + fut.removeDoneCallback(cb));
        fut.addDoneCallback(cb);
        fut.setResult(1);
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    /*
     * Python 3.11.7:
     *   fut = loop.create_future(); def cb(f): log(f'cb sees {var.get()}')
     *   var.set('a'); fut.add_done_callback(cb); var.set('b'); fut.add_done_callback(cb)
     *   log(f'removed {fut.remove_done_callback(cb)}'); fut.add_done_callback(cb); fut.set_result(1); await sleep(0)
     * printed: ['removed 2', 'cb sees b']
     */
    @Test
    void removeDoneCallbackFindsACallbackWhateverContextItWasAddedIn() {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<String> log = new ArrayList<>();
        VirtualTime.run(removeMain(var, log));
        assertEquals(List.of("removed 2", "cb sees b"), log);
    }

    // ---- toThread and runInExecutor: the callable in a copy of the caller's context, on the worker ----

    static String blocking(ContextVar<String> var, String name, List<String> log) {
        log.add(name + " in worker sees: " + var.get());
        var.set(name + "-set");
        return var.get();
    }

    @Async
    static Coroutine<Void> threadsMain(ContextVar<String> var, List<String> log) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        var.set("caller");
        String r = Await.on(Asyncio.toThread(() -> blocking(var, "to_thread", log)));
        log.add("to_thread returned " + r + ", caller sees: " + var.get());
        var.set("caller2");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            r = Await.on(loop.runInExecutor(pool, () -> blocking(var, "executor", log)));
            log.add("executor returned " + r + ", caller sees: " + var.get());
            r = pool.submit(() -> var.get()).get();
            log.add("the worker thread itself sees: " + r);
        } finally {
            pool.shutdown();
        }
        return Coroutine.done();
    }

    /*
     * Python 3.11.7:
     *   def blocking(name): log(f'{name} in worker sees: {var.get()}'); var.set(name + '-set'); return var.get()
     *   async def main():
     *       var.set('caller'); r = await asyncio.to_thread(blocking, 'to_thread')
     *       log(f'to_thread returned {r}, caller sees: {var.get()}')
     *       var.set('caller2'); pool = ThreadPoolExecutor(1)
     *       # API.md: runInExecutor runs fn in a copy of the caller's context; Python's run_in_executor does not
     *       # copy, so the program makes the copy as to_thread does:
     *       r = await loop.run_in_executor(pool, contextvars.copy_context().run, blocking, 'executor')
     *       log(f'executor returned {r}, caller sees: {var.get()}')
     *       r = pool.submit(var.get).result(); log(f'the worker thread itself sees: {r}')
     * printed: to_thread in worker sees: caller / to_thread returned to_thread-set, caller sees: caller /
     *   executor in worker sees: caller2 / executor returned executor-set, caller sees: caller2 /
     *   the worker thread itself sees: unset
     */
    @Test
    void toThreadAndRunInExecutorRunInACopyOfTheCallersContext() throws Exception {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        VirtualTime.run(threadsMain(var, log));
        assertEquals(List.of("to_thread in worker sees: caller", "to_thread returned to_thread-set, caller sees: caller",
                "executor in worker sees: caller2", "executor returned executor-set, caller sees: caller2",
                "the worker thread itself sees: unset"), log);
    }

    // ---- createTask(aw, name, context): the task runs in that context itself ----

    @Async
    static Coroutine<Void> sharedA(ContextVar<String> var, List<String> log) {
        var.set("a");
        Await.on(Asyncio.sleep(0));
        log.add("a sees " + var.get());
        Await.on(Asyncio.sleep(0));
        log.add("a sees " + var.get());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> sharedB(ContextVar<String> var, List<String> log) {
        log.add("b starts, sees " + var.get());
        var.set("b");
        Await.on(Asyncio.sleep(0));
        log.add("b sees " + var.get());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> reenter(Context ctx, List<String> log) {
        try {
            ctx.run(() -> null);
        } catch (IllegalStateException e) {
            String m = e.getMessage();
            log.add("reenter: " + e.getClass().getSimpleName() + " " + m.substring(0, 30) + "..."
                    + m.substring(m.length() - 20));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> givenMain(ContextVar<String> var, List<String> log) {
        var.set("main");
        Context shared = new Context();
        Task<Void> t1 = Asyncio.createTask(sharedA(var, log), null, shared);
        Task<Void> t2 = Asyncio.createTask(sharedB(var, log), null, shared);
        Await.on(Asyncio.gather(t1, t2));
        log.add("shared has " + shared.get(var) + ", main sees " + var.get());
        Context mine = Context.copyCurrent();
        Await.on(Asyncio.createTask(reenter(mine, log), null, mine));
        log.add("mine has " + mine.get(var) + "; run outside a task: " + mine.run(var::get));
        Task<Void> t3 = Asyncio.getRunningLoop().createTask(sharedB(var, log), "named", mine);
        Await.on(t3);
        log.add(t3.getName() + " done, mine has " + mine.get(var) + ", main sees " + var.get());
        return Coroutine.done();
    }

    /*
     * Python 3.11.7:
     *   async def a(): var.set('a'); await sleep(0); log(f'a sees {var.get()}'); await sleep(0); log(...)
     *   async def b(): log(f'b starts, sees {var.get()}'); var.set('b'); await sleep(0); log(f'b sees {var.get()}')
     *   async def reenter(ctx): try: ctx.run(lambda: None) except RuntimeError as e: log(...)
     *   async def main():
     *       var.set('main'); shared = contextvars.Context()
     *       t1 = create_task(a(), context=shared); t2 = create_task(b(), context=shared); await gather(t1, t2)
     *       log(f'shared has {shared[var]}, main sees {var.get()}')
     *       mine = copy_context(); await create_task(reenter(mine), context=mine)
     *       log(f'mine has {mine[var]}; run outside a task: {mine.run(var.get)}')
     *       t3 = create_task(b(), name='named', context=mine); await t3
     *       log(f'{t3.get_name()} done, mine has {mine[var]}, main sees {var.get()}')
     * printed: b starts, sees a / a sees b / b sees b / a sees b / shared has b, main sees main /
     *   reenter: RuntimeError cannot enter context: <_contex...> is already entered /
     *   mine has main; run outside a task: main / b starts, sees main / b sees b / named done, mine has b,
     *   main sees main
     * Two tasks given one context share it, one step at a time; a task's own context cannot be entered again
     * from its step.
     */
    @Test
    void aTaskGivenAContextRunsInItNotInACopy() {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<String> log = new ArrayList<>();
        VirtualTime.run(givenMain(var, log));
        assertEquals(List.of("b starts, sees a", "a sees b", "b sees b", "a sees b", "shared has b, main sees main",
                "reenter: IllegalStateException cannot enter context: <Context...> is already entered", "mine has main; run outside a task: main",
                "b starts, sees main", "b sees b", "named done, mine has b, main sees main"), log);
    }

    @Async
    static Coroutine<Void> sees(ContextVar<String> var, String name, List<String> log) {
        log.add(name + " sees " + var.get());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> groupMain(ContextVar<String> var, List<String> log) {
        var.set("main");
        Context ctx = new Context();
        Await.on(TaskGroup.run(tg -> {
            tg.createTask(sharedB(var, log), "in ctx", ctx);
            tg.createTask(sees(var, "c", log));
        }));
        log.add("ctx has " + ctx.get(var) + ", main sees " + var.get());
        return Coroutine.done();
    }

    /*
     * Python 3.11.7:
     *   async def c(): log(f'c sees {var.get()}')
     *   async def main():
     *       var.set('main'); ctx = contextvars.Context()
     *       async with asyncio.TaskGroup() as tg:
     *           tg.create_task(b(), name='in ctx', context=ctx); tg.create_task(c())
     *       log(f'ctx has {ctx[var]}, main sees {var.get()}')
     * printed: b starts, sees unset / c sees main / b sees b / ctx has b, main sees main
     */
    @Test
    void aTaskGroupTaskGivenAContextRunsInIt() {
        ContextVar<String> var = new ContextVar<>("var", "unset");
        List<String> log = new ArrayList<>();
        VirtualTime.run(groupMain(var, log));
        assertEquals(List.of("b starts, sees unset", "c sees main", "b sees b", "ctx has b, main sees main"), log);
    }

    @Async
    static Coroutine<Integer> stuckMain(ContextVar<String> var, List<String> log) {
        log.add("main runs, var = " + var.get("-"));
        return Coroutine.of(1);
    }

    /*
     * Python 3.11.7:
     *   ctx = copy_context(); loop = new_event_loop()
     *   loop.set_exception_handler(lambda loop, c: (print('handler:', c['message'], repr(c['exception'])),
     *                                               loop.stop()))
     *   t = loop.create_task(main(), context=ctx)
     *   ctx.run(loop.run_until_complete, t)     # the loop runs inside ctx: the task's step cannot enter it
     * printed:
     *   handler: Exception in callback <TaskStepMethWrapper object at 0x..>() RuntimeError('cannot enter context:
     *     <_contextvars.Context object at 0x..> is already entered')
     *   run_until_complete raised Event loop stopped before Future completed.
     *   task done? False
     */
    @Test
    void aStepThatCannotEnterItsContextDoesNotRunAndTheLoopReportsIt() {
        ContextVar<String> var = new ContextVar<>("var");
        List<String> log = new ArrayList<>();
        Context ctx = Context.copyCurrent();
        EventLoop loop = VirtualTime.newLoop();
        try {
            loop.setExceptionHandler((l, c) -> {
                Throwable e = (Throwable) c.get("exception");
                log.add("handler: " + String.valueOf(c.get("message")).startsWith("Exception in callback") + " "
                        + e.getClass().getSimpleName() + " " + e.getMessage().startsWith("cannot enter context: "));
                l.stop();
            });
            Task<Integer> t = loop.createTask(stuckMain(var, log), null, ctx);
            try {
                ctx.run(() -> loop.runUntilComplete(t));
            } catch (IllegalStateException e) {
                log.add("run_until_complete raised " + e.getMessage());
            }
            log.add("task done? " + t.isDone());
            t.cancel();
        } finally {
            loop.close();
        }
        assertEquals(List.of("handler: true IllegalStateException true",
                "run_until_complete raised Event loop stopped before Future completed.", "task done? false"), log);
    }

    // ---- nothing is made while nothing is set ----

    @Async
    static Coroutine<Object> unused(List<Task<?>> tasks) {
        tasks.add(Asyncio.currentTask());
        Task<Void> t = Asyncio.createTask(Asyncio.sleep(0));
        tasks.add(t);
        Await.on(t);
        Asyncio.getRunningLoop().callSoon(() -> { });
        Await.on(Asyncio.toThread(() -> Context.copyCurrent().size()));
        return Coroutine.of(null);
    }

    /** A program that never sets a variable makes no context: its tasks hold none. */
    @Test
    void tasksHoldNoContextUntilAVariableIsSet() throws Exception {
        List<Task<?>> tasks = new ArrayList<>();
        VirtualTime.run(unused(tasks));
        java.lang.reflect.Field f = Task.class.getDeclaredField("context");
        f.setAccessible(true);
        for (Task<?> t : tasks) {
            assertNull(f.get(t), t.toString());
        }
    }

    // ---- the ThreadLocal bridge ----

    /** An MDC in the way SLF4J's and Log4j's are: a static thread-local map. */
    static final class Mdc {
        private static final ThreadLocal<Map<String, String>> MAP = ThreadLocal.withInitial(java.util.HashMap::new);

        static void put(String key, String value) {
            MAP.get().put(key, value);
        }

        static void remove(String key) {
            MAP.get().remove(key);
        }

        static String get(String key) {
            return MAP.get().getOrDefault(key, "-");
        }
    }

    static final ContextVar<String> REQUEST_ID = ContextVar.bound("requestId", new ThreadLocalBinding<>() {
        @Override
        public void set(String value) {
            Mdc.put("requestId", value);
        }

        @Override
        public void clear() {
            Mdc.remove("requestId");
        }
    });

    static String mdc() {
        return Mdc.get("requestId");
    }

    @Async
    static Coroutine<Void> handler(String name, int steps, List<String> log) {
        log.add(name + " start: " + mdc());
        REQUEST_ID.set(name);
        for (int i = 0; i < steps; i++) {
            Await.on(Asyncio.sleep(0));
            log.add(name + " step " + i + ": " + mdc());
        }
        Token<String> tok = REQUEST_ID.set(name + "-inner");
        log.add(name + " inner: " + mdc());
        REQUEST_ID.reset(tok);
        log.add(name + " reset: " + mdc());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> bridgeMain(List<String> log) {
        EventLoop loop = Asyncio.getRunningLoop();
        log.add("main: " + mdc());
        Task<Void> t1 = Asyncio.createTask(handler("r1", 2, log));
        Task<Void> t2 = Asyncio.createTask(handler("r2", 1, log));
        REQUEST_ID.set("main");
        Task<Void> t3 = Asyncio.createTask(handler("r3", 1, log));
        loop.callSoon(() -> log.add("callback: " + mdc()));
        Await.on(Asyncio.gather(t1, t2, t3));
        log.add("main after: " + mdc());
        String r = Await.on(Asyncio.toThread(ContextVarTest::mdc));
        log.add("worker saw: " + r);
        Context ctx = new Context();
        log.add("in an empty context: " + ctx.run(ContextVarTest::mdc));
        log.add("main again: " + mdc());
        return Coroutine.done();
    }

    /*
     * Python 3.11.7, with the variable where the Java port reads the MDC (mdc() is rid.get('-')):
     *   async def handler(name, steps):
     *       log(f'{name} start: {mdc()}'); rid.set(name)
     *       for i in range(steps): await asyncio.sleep(0); log(f'{name} step {i}: {mdc()}')
     *       tok = rid.set(name + '-inner'); log(f'{name} inner: {mdc()}'); rid.reset(tok); log(f'{name} reset: ...')
     *   async def main():
     *       log(f'main: {mdc()}'); t1 = create_task(handler('r1', 2)); t2 = create_task(handler('r2', 1))
     *       rid.set('main'); t3 = create_task(handler('r3', 1)); loop.call_soon(lambda: log(f'callback: {mdc()}'))
     *       await gather(t1, t2, t3); log(f'main after: {mdc()}')
     *       r = await asyncio.to_thread(mdc); log(f'worker saw: {r}')
     *       ctx = contextvars.Context(); log(f'in an empty context: {ctx.run(mdc)}'); log(f'main again: {mdc()}')
     *   rid.set('outer'); asyncio.run(main()); log(f'thread after run: {mdc()}')
     * printed: main: outer / r1 start: outer / r2 start: outer / r3 start: main / callback: main / r1 step 0: r1 /
     *   r2 step 0: r2 / r2 inner: r2-inner / r2 reset: r2 / r3 step 0: r3 / r3 inner: r3-inner / r3 reset: r3 /
     *   r1 step 1: r1 / r1 inner: r1-inner / r1 reset: r1 / main after: main / worker saw: main /
     *   in an empty context: - / main again: main / thread after run: outer
     */
    @Test
    void aBoundThreadLocalFollowsTheTaskAcrossInterleavedSteps() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        new Context().run(() -> {
            REQUEST_ID.set("outer");
            VirtualTime.run(bridgeMain(log));
            log.add("thread after run: " + mdc());
            return null;
        });
        assertEquals("-", mdc(), "leaving the test's context cleared the thread-local");
        assertEquals(List.of("main: outer", "r1 start: outer", "r2 start: outer", "r3 start: main", "callback: main",
                "r1 step 0: r1", "r2 step 0: r2", "r2 inner: r2-inner", "r2 reset: r2", "r3 step 0: r3",
                "r3 inner: r3-inner", "r3 reset: r3", "r1 step 1: r1", "r1 inner: r1-inner", "r1 reset: r1",
                "main after: main", "worker saw: main", "in an empty context: -", "main again: main",
                "thread after run: outer"), log);
    }

    /** {@code ContextVar.bound(name, ThreadLocal)}: a plain ThreadLocal, removed where the variable has no value. */
    @Test
    void aPlainThreadLocalIsSetAndRemoved() {
        ThreadLocal<String> tl = new ThreadLocal<>();
        ContextVar<String> v = ContextVar.bound("v", tl);
        Context c = new Context();
        c.run(() -> {
            v.set("in c");
            assertEquals("in c", tl.get());
            return null;
        });
        assertNull(tl.get(), "leaving c removed it");
        assertEquals("in c", c.run(tl::get), "entering c installs it");
        Context d = c.copy();
        assertEquals("in c", d.run(() -> {
            Token<String> t = v.set("in d");
            assertEquals("in d", tl.get());
            v.reset(t);
            return tl.get();
        }));
        assertEquals("in c", c.get(v));
        assertNull(tl.get());
    }

    private static void assertMatches(String regex, String actual) {
        assertTrue(actual.matches(regex), () -> "<" + actual + "> does not match <" + regex + ">");
    }
}
