package dev.weft.it;

import dev.weft.AsyncCloseable;
import dev.weft.AsyncGenerator;
import dev.weft.AsyncIterable;
import dev.weft.AsyncIterator;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Awaitable;
import dev.weft.Barrier;
import dev.weft.BoundedSemaphore;
import dev.weft.BrokenBarrierError;
import dev.weft.CancelledError;
import dev.weft.Condition;
import dev.weft.Coroutine;
import dev.weft.Event;
import dev.weft.EventLoop;
import dev.weft.ExceptionGroup;
import dev.weft.Future;
import dev.weft.GeneratorExit;
import dev.weft.IncompleteReadError;
import dev.weft.InvalidStateError;
import dev.weft.LifoQueue;
import dev.weft.LimitOverrunError;
import dev.weft.Lock;
import dev.weft.PriorityQueue;
import dev.weft.Queue;
import dev.weft.QueueEmpty;
import dev.weft.QueueFull;
import dev.weft.QueueShutDown;
import dev.weft.ReturnWhen;
import dev.weft.Semaphore;
import dev.weft.Server;
import dev.weft.StopAsyncIteration;
import dev.weft.StreamWriter;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Timeout;
import dev.weft.TimeoutError;
import dev.weft.TimerHandle;
import dev.weft.WaitResult;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API contract of ../shared/API.md, checked by the compiler: every name with its parameter and
 * return types. A signature that drifts from the contract breaks this file's compilation. The method
 * bodies are only compiled, never run (except the annotation check).
 */
class ApiContractTest {

    @Async
    static Coroutine<String> coroutine() {
        String a = Await.on((Awaitable<String>) Coroutine.of("x"));
        String b = Await.on((CompletionStage<String>) CompletableFuture.completedFuture("y"));
        return Coroutine.of(a + b);
    }

    @SuppressWarnings({"unused", "UnusedAssignment"})
    static void coreTypes(Future<String> f, Task<String> t, EventLoop loop, Executor ex) {
        Coroutine<String> c = Coroutine.of("v");
        Coroutine<Void> d = Coroutine.done();
        boolean b = f.isDone() || f.isCancelled();
        String r = f.result();
        Throwable e = f.exception();
        f.setResult("v");
        f.setException(new IllegalStateException());
        b = f.cancel();
        b = f.cancel("msg");
        Consumer<Future<String>> cb = x -> { };
        f.addDoneCallback(cb);
        int removed = f.removeDoneCallback(cb);
        EventLoop l = f.getLoop();
        CompletableFuture<String> cf = f.toCompletableFuture();
        String name = t.getName();
        t.setName("n");
        int n = t.cancelling();
        n = t.uncancel();
        Future<String> asFuture = t;

        loop.callSoon(() -> { });
        loop.callSoonThreadsafe(() -> { });
        TimerHandle h1 = loop.callLater(1.0, () -> { });
        TimerHandle h2 = loop.callAt(1.0, () -> { });
        h1.cancel();
        double now = loop.time();
        Future<Integer> created = loop.createFuture();
        Task<String> task = loop.createTask(coroutine());
        String done = loop.runUntilComplete(coroutine());
        loop.runForever();
        loop.stop();
        loop.close();
        b = loop.isRunning() || loop.isClosed();
        Callable<Integer> call = () -> 1;
        Future<Integer> inExecutor = loop.runInExecutor(ex, call);
        inExecutor = loop.runInExecutor(null, call);
        BiConsumer<EventLoop, java.util.Map<String, Object>> handler = (lp, ctx) -> { };
        loop.setExceptionHandler(handler);
        loop.setDebug(true);
    }

    @SuppressWarnings({"unused", "UnusedAssignment"})
    static void errors() {
        Error cancelled = new CancelledError();   // an Error, as Python's is a BaseException (API.md)
        RuntimeException[] all = {new TimeoutError(), new InvalidStateError(), new QueueEmpty(),
                new QueueFull(), new QueueShutDown(), new BrokenBarrierError(), new IncompleteReadError(new byte[0], 1),
                new LimitOverrunError(), new ExceptionGroup("m", List.of(new IllegalStateException()))};
        List<Throwable> exceptions = ((ExceptionGroup) all[8]).exceptions();
    }

    @SuppressWarnings({"unused", "UnusedAssignment"})
    static void asyncioFunctions(Collection<Future<String>> fs, List<Coroutine<String>> coros, EventLoop loop,
                                 CompletionStage<String> stage) {
        String r = Asyncio.run(coroutine());
        r = Asyncio.run(coroutine(), true);
        EventLoop l = Asyncio.newEventLoop();
        l = Asyncio.getRunningLoop();
        l = Asyncio.getEventLoop();
        Coroutine<Void> s1 = Asyncio.sleep(1.0);
        Coroutine<String> s2 = Asyncio.sleep(1.0, "v");
        Coroutine<Void> s3 = Asyncio.sleep(Duration.ofMillis(5));
        Task<String> t1 = Asyncio.createTask(coroutine());
        Task<String> t2 = Asyncio.createTask(coroutine(), "name");
        Future<String> f1 = Asyncio.ensureFuture(coroutine());
        Future<String> f2 = Asyncio.wrapFuture(stage);
        Future<List<Object>> g1 = Asyncio.gather(coroutine(), coroutine());
        Future<List<String>> g2 = Asyncio.gather(coros);
        Future<List<Object>> g3 = Asyncio.gather(true, coroutine());
        Coroutine<String> wf = Asyncio.waitFor(coroutine(), 1.0);
        Coroutine<WaitResult<String>> w1 = Asyncio.wait(fs);
        Coroutine<WaitResult<String>> w2 = Asyncio.wait(fs, 1.0);
        Coroutine<WaitResult<String>> w3 = Asyncio.wait(fs, ReturnWhen.FIRST_COMPLETED);
        Coroutine<WaitResult<String>> w4 = Asyncio.wait(fs, 1.0, ReturnWhen.FIRST_EXCEPTION);
        ReturnWhen all = ReturnWhen.ALL_COMPLETED;
        Iterable<Coroutine<String>> ac1 = Asyncio.asCompleted(coros);
        Iterable<Coroutine<String>> ac2 = Asyncio.asCompleted(coros, 1.0);
        Future<String> sh = Asyncio.shield(coroutine());
        Coroutine<Integer> tt = Asyncio.toThread(() -> 1);
        Coroutine<String> to = Asyncio.timeout(1.0, coroutine());
        Task<?> current = Asyncio.currentTask();
        Set<Task<?>> tasks = Asyncio.allTasks();
        CompletableFuture<String> rct = Asyncio.runCoroutineThreadsafe(coroutine(), loop);
        WaitResult<String> wr = null;
        Set<Future<String>> done = wr.done();
        Set<Future<String>> pending = wr.pending();
    }

    @SuppressWarnings({"unused", "UnusedAssignment"})
    static void synchronisation(BooleanSupplier p, Comparator<String> cmp) {
        Lock lock = new Lock();
        Coroutine<Boolean> a = lock.acquire();
        lock.release();
        boolean b = lock.isLocked();
        Event ev = new Event();
        a = ev.await();
        ev.set();
        ev.clear();
        b = ev.isSet();
        Condition c = new Condition();
        c = new Condition(lock);
        a = c.acquire();
        c.release();
        b = c.isLocked();
        a = c.await();
        a = c.awaitUntil(p);
        c.signal();
        c.signal(2);
        c.signalAll();
        Semaphore s = new Semaphore();
        s = new Semaphore(2);
        BoundedSemaphore bs = new BoundedSemaphore();
        bs = new BoundedSemaphore(2);
        a = s.acquire();
        s.release();
        b = s.isLocked() || bs.isLocked();
        Barrier bar = new Barrier(2);
        Coroutine<Integer> idx = bar.await();
        Coroutine<Void> reset = bar.reset();
        Coroutine<Void> abort = bar.abort();
        int parties = bar.parties() + bar.nWaiting();
        b = bar.isBroken();
        Queue<String> q = new Queue<>();
        q = new Queue<>(10);
        Coroutine<Void> put = q.put("x");
        Coroutine<String> get = q.get();
        q.putNowait("y");
        String item = q.getNowait();
        int size = q.qsize() + q.maxsize();
        b = q.isEmpty() || q.isFull();
        q.taskDone();
        Coroutine<Void> join = q.join();
        q.shutdown();
        q.shutdown(true);
        LifoQueue<String> lq = new LifoQueue<>();
        lq = new LifoQueue<>(3);
        PriorityQueue<String> pq = new PriorityQueue<>();
        pq = new PriorityQueue<>(3);
        pq = new PriorityQueue<>(3, cmp);
        Coroutine<Void> g1 = TaskGroup.run(tg -> {
            Task<String> t = tg.createTask(coroutine());
            t = tg.createTask(coroutine(), "n");
        });
        Function<TaskGroup, Coroutine<String>> body = tg -> coroutine();
        Coroutine<String> g2 = TaskGroup.runAsync(body);
    }

    /** "async with: try-with-resources": the async context managers (Context's createTask overload aside). */
    @SuppressWarnings({"unused", "UnusedAssignment"})
    static void asyncContextManagers(Server server, StreamWriter writer, CompletionStage<String> stage) {
        TaskGroup tg = new TaskGroup();
        AsyncCloseable resource = tg;
        Coroutine<Void> close = tg.aclose();
        Coroutine<Boolean> exit = tg.aexit(new IllegalStateException());
        Task<String> t = tg.createTask(coroutine(), "n");
        Timeout timeout = Asyncio.timeout(1.0);
        timeout = Asyncio.timeoutAt(1.0);
        resource = timeout;
        double when = timeout.when();
        timeout.reschedule(Double.POSITIVE_INFINITY);
        boolean expired = timeout.isExpired();
        Coroutine<String> inTime = Asyncio.timeout(1.0, stage);
        resource = server;
        resource = writer;
        server.close();
        writer.close();
        close = writer.aclose();
        close = server.aclose();
    }

    /** async for and async generators, as API.md lists them (compiled, never run). */
    static void asyncIteration(AsyncIterable<String> iterable, AsyncGenerator<String> gen, EventLoop loop) {
        AsyncIterator<String> it = iterable.aiter();
        Coroutine<String> next = it.anext();
        next = it.anext("default");
        AsyncIterable<String> self = it;
        AsyncIterator<String> same = gen.aiter();
        next = gen.anext();
        next = gen.asend("sent");
        next = gen.athrow(new IllegalStateException());
        Coroutine<Void> closed = gen.aclose();
        AsyncCloseable resource = gen;
        AsyncGenerator<String> done = AsyncGenerator.done();
        Function<Object, String> yield = Await::yield;
        Coroutine<Void> shutdown = loop.shutdownAsyncgens();
        RuntimeException stop = new StopAsyncIteration();
        Error exit = new GeneratorExit();
        Iterable<String> plain = iterable;
        Coroutine<List<String>> all = iterable.toList();
        AsyncGenerator<Integer> mapped = iterable.map(String::length);
        AsyncGenerator<String> kept = iterable.filter(x -> !x.isEmpty()).take(2);
    }

    @Test
    void asyncIsAClassRetentionMethodAnnotation() {
        java.lang.annotation.Retention retention = Async.class.getAnnotation(java.lang.annotation.Retention.class);
        assertEquals(java.lang.annotation.RetentionPolicy.CLASS, retention.value());
        java.lang.annotation.Target target = Async.class.getAnnotation(java.lang.annotation.Target.class);
        assertEquals(List.of(java.lang.annotation.ElementType.METHOD), List.of(target.value()));
        assertTrue(EventLoop.class.isInterface() && Awaitable.class.isInterface());
        assertEquals("xy", Asyncio.run(coroutine()));
    }
}
