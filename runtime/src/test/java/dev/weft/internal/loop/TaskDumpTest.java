package dev.weft.internal.loop;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Event;
import dev.weft.EventLoop;
import dev.weft.Lock;
import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EventLoop.dumpTasks(): each task's state, what it waits on and its await chain, from the loop or another thread. */
class TaskDumpTest {

    @Async
    static Coroutine<Void> sleeper() {
        Await.on(Asyncio.sleep(5)); // LINE:sleeper
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> nap(Event e) {
        Await.on(e.await()); // LINE:nap
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> eventWaiter(Event e) {
        Await.on(nap(e)); // LINE:eventWaiter (a chain of two frames)
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> lockWaiter(Lock lock) {
        Await.on(lock.acquire()); // LINE:lockWaiter
        lock.release();
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> getter(Queue<Integer> q) {
        return Coroutine.of(Await.on(q.get())); // LINE:getter
    }

    @Async
    static Coroutine<Void> taskAwaiter(Task<?> other) {
        Await.on(other); // LINE:taskAwaiter
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> dumpsFromATask() {
        Asyncio.currentTask().setName("main");   // its Task-N depends on the tests run before
        Lock lock = new Lock();
        Await.on(lock.acquire());
        Event e = new Event();
        Queue<Integer> q = new Queue<>();
        Await.on(Asyncio.sleep(1));   // loop time 1.000
        Task<Void> s = Asyncio.createTask(sleeper(), "sleeper");
        Asyncio.createTask(eventWaiter(e), "eventWaiter");
        Asyncio.createTask(lockWaiter(lock), "lockWaiter");
        Asyncio.createTask(getter(q), "getter");
        Asyncio.createTask(taskAwaiter(s), "taskAwaiter");
        Await.on(Asyncio.sleep(0));   // each has run its first step
        Asyncio.createTask(sleeper(), "notStarted");
        String dump = Asyncio.getRunningLoop().dumpTasks();
        for (Task<?> t : Asyncio.allTasks()) {
            if (t != Asyncio.currentTask()) {
                t.cancel();
            }
        }
        return Coroutine.of(dump);
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    /** Identity hashes vary: 0x? instead; the runtime's own lines: N. */
    private static String masked(String dump) {
        return dump.replaceAll("0x[0-9a-f]+", "0x?").replaceAll("\\((Lock|Queue)\\.java:\\d+\\)", "($1.java:N)");
    }

    /** {@code TaskDumpTest.java:<line>} of the line marked {@code // LINE:marker} in this source. */
    private static String at(String marker) {
        try {
            java.nio.file.Path src = java.nio.file.Path.of("src/test/java/dev/weft/internal/loop/TaskDumpTest.java");
            java.util.List<String> lines = java.nio.file.Files.readAllLines(src);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("// LINE:" + marker)) {
                    return "TaskDumpTest.java:" + (i + 1);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no marker " + marker);
    }

    @Test
    void aTaskDumpsItsLoop() {
        String dump = VirtualTime.run(dumpsFromATask());
        String p = "dev.weft.internal.loop.TaskDumpTest.";
        assertEquals(lines(
                "Event loop on thread \"main\" (running), loop time 1.000, 7 tasks, 0 slow callbacks",
                "",
                "Task 'main': running (its step asked for this dump)",
                // The running task's Java stack is shown without the runtime's classes, and this test is in
                // dev.weft.internal (AsyncStackTraceTest in the it-tests shows a user's running task).
                "    coroutine <coroutine " + p + "dumpsFromATask running>",
                "",
                "Task 'sleeper': sleeping until 6.000 in loop time (5.000 s from now)",
                "    coroutine <coroutine " + p + "sleeper running>",
                "    at " + p + "sleeper(" + at("sleeper") + ")",
                "",
                "Task 'eventWaiter': waiting on <Event at 0x? [unset, waiters:1]>",
                "    coroutine <coroutine " + p + "eventWaiter running>",
                "    at " + p + "nap(" + at("nap") + ")",
                "    at " + p + "eventWaiter(" + at("eventWaiter") + ")",
                "",
                "Task 'lockWaiter': awaiting <Future pending> of <Lock at 0x? [locked, waiters:1]> (in dev.weft.Lock.acquire)",
                "    coroutine <coroutine " + p + "lockWaiter running>",
                "    at dev.weft.Lock.acquire(Lock.java:N)",
                "    at " + p + "lockWaiter(" + at("lockWaiter") + ")",
                "",
                "Task 'getter': awaiting <Future pending> of <Queue maxsize=0 getters[1]> (in dev.weft.Queue.getWhenNotEmpty)",
                "    coroutine <coroutine " + p + "getter running>",
                "    at dev.weft.Queue.getWhenNotEmpty(Queue.java:N)",
                "    at " + p + "getter(" + at("getter") + ")",
                "",
                "Task 'taskAwaiter': awaiting task 'sleeper': <Task pending name='sleeper' coro=<coroutine " + p
                        + "sleeper running>>",
                "    coroutine <coroutine " + p + "taskAwaiter running>",
                "    at " + p + "taskAwaiter(" + at("taskAwaiter") + ")",
                "",
                "Task 'notStarted': scheduled to start",
                "    coroutine <coroutine " + p + "sleeper running>",
                "    at " + p + "sleeper(" + at("sleeper") + ")"), masked(dump));
    }

    @Async
    static Coroutine<Void> waitsFor(Event e) {
        Await.on(e.await());
        return Coroutine.done();
    }

    @Test
    void anotherThreadGetsASnapshotOrIsToldTheLoopIsHeld() throws Exception {
        Event stop = new Event();
        AtomicReference<EventLoop> loop = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            EventLoop l = Asyncio.newEventLoop();
            loop.set(l);
            l.callSoon(running::countDown);
            l.runUntilComplete(waitsFor(stop));
            l.close();
        }, "dumped");
        t.start();
        running.await();
        EventLoop l = loop.get();

        String dump = l.dumpTasks();
        assertTrue(masked(dump).matches("(?s)Event loop on thread \"dumped\" \\(running\\), loop time [0-9.]+, 1 task, "
                + "0 slow callbacks\\R\\RTask 'Task-[0-9]+': waiting on <Event at 0x\\? \\[unset, waiters:1\\]>\\R.*"), dump);

        CountDownLatch release = new CountDownLatch(1);
        l.callSoonThreadsafe(() -> {
            try {
                release.await();   // holds the loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String held = TaskDump.of((BaseEventLoop) l, 200_000_000L);
        release.countDown();
        assertTrue(held.contains("The loop did not answer within 0.200 s: a callback or a task step is holding it."
                + System.lineSeparator() + "Its thread \"dumped\" is at:"), held);
        assertTrue(held.contains("java.util.concurrent.CountDownLatch.await("), held);
        assertTrue(held.contains("The tasks below were read without the loop, while it runs: they may be "
                + "inconsistent." + System.lineSeparator() + System.lineSeparator() + "Task 'Task-"), held);

        l.callSoonThreadsafe(stop::set);
        t.join();
        assertEquals("Event loop (closed), loop time ", l.dumpTasks().substring(0, 31));
    }
}
