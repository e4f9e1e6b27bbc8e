package dev.weft;

import dev.weft.PyTrace.ValueError;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.weft.PyTrace.cancelling;
import static dev.weft.PyTrace.eg;
import static dev.weft.PyTrace.py;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TaskGroup: waits for all tasks; the first failure cancels the rest and the body; one ExceptionGroup. The tests of
 * the async context manager are ports of CPython 3.11.7 programs, quoted with their output (see {@link PyTrace} for
 * the harness): {@code async with asyncio.TaskGroup() as tg} is {@code try (TaskGroup tg = new TaskGroup())}, or,
 * where Python uses {@code tg} after the statement, {@code TaskGroup tg = new TaskGroup(); try (tg)}.
 *
 * <p>One CPython behaviour is not reproduced on purpose: CPython keeps a group's tasks in a {@code set}, so when it
 * cancels several running tasks at once their order follows their memory addresses; Weft cancels them in creation
 * order. The programs below never have two running tasks cancelled by one abort.
 */
class TaskGroupTest extends AsyncTestBase {
    /** The log every test writes, as Python's {@code L(what)} does: see {@link PyTrace}. */
    private final PyTrace py = new PyTrace();

    @Async
    Coroutine<Void> fails(double seconds, String msg) {
        Await.on(Asyncio.sleep(seconds));
        py.log(msg);
        throw new IllegalStateException(msg);
    }

    @Async
    Coroutine<String> allSucceed() {
        List<Task<String>> tasks = new ArrayList<>();
        Await.on(TaskGroup.run(tg -> {
            tasks.add(tg.createTask(py.worker("a", 2)));
            tasks.add(tg.createTask(py.worker("b", 1)));
        }));
        py.log("group done");
        return Coroutine.of(tasks.stream().map(Task::result).collect(Collectors.joining(",")));
    }

    @Test
    void waitsForEveryTask() {
        assertEquals("a,b", VirtualTime.run(allSucceed()));
        assertEquals(List.of("0.00 a start", "0.00 b start", "1.00 b end", "2.00 a end", "2.00 group done"), py.log);
    }

    @Async
    Coroutine<String> oneFails() {
        try {
            Await.on(TaskGroup.runAsync(tg -> bodyThatAwaits(tg)));
            return Coroutine.of("no error");
        } catch (ExceptionGroup eg) {
            py.log("group failed: " + eg.getMessage());
            return Coroutine.of(eg.exceptions().stream().map(Throwable::getMessage).collect(Collectors.joining(",")));
        }
    }

    @Async
    Coroutine<Integer> bodyThatAwaits(TaskGroup tg) {
        tg.createTask(py.worker("slow", 5));
        tg.createTask(fails(1, "boom"));
        try {
            Await.on(Asyncio.sleep(10));
        } catch (CancelledError e) {
            py.log("body cancelled");
            throw e;
        }
        return Coroutine.of(1);
    }

    @Test
    void theFirstFailureCancelsTheOthersAndTheBody() {
        assertEquals("boom", VirtualTime.run(oneFails()));
        // As in CPython's _on_task_done: the group's tasks are cancelled first, then the parent task.
        assertEquals(List.of("0.00 slow start", "1.00 boom", "1.00 slow cancelled", "1.00 body cancelled",
                "1.00 group failed: unhandled errors in a TaskGroup (1 sub-exception)"), py.log);
    }

    @Async
    Coroutine<String> parentCancelled() {
        Task<Void> t = Asyncio.createTask(TaskGroup.run(tg -> tg.createTask(py.worker("child", 5))));
        Await.on(Asyncio.sleep(1));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            py.log("group task cancelled " + t.isCancelled());
        }
        return Coroutine.of("ok");
    }

    @Test
    void cancellingTheParentCancelsTheGroupsTasks() {
        assertEquals("ok", VirtualTime.run(parentCancelled()));
        assertEquals(List.of("0.00 child start", "1.00 child cancelled", "1.00 group task cancelled true"), py.log);
    }

    @Async
    Coroutine<Integer> bodyResult() {
        int r = Await.on(TaskGroup.runAsync(tg -> valueAfterTasks(tg)));
        return Coroutine.of(r);
    }

    @Async
    Coroutine<Integer> valueAfterTasks(TaskGroup tg) {
        Task<String> a = tg.createTask(py.worker("a", 1));
        String got = Await.on(a);
        tg.createTask(py.worker("late", 1));
        return Coroutine.of(got.length() + 41);
    }

    @Test
    void runAsyncReturnsTheBodysResultAfterLateTasks() {
        assertEquals(42, VirtualTime.run(bodyResult()));
        assertEquals(List.of("0.00 a start", "1.00 a end", "1.00 late start", "2.00 late end"), py.log);
    }

    // ---- the async context manager, ported from CPython 3.11.7 ----


    /*
     * async def main():
     *     async with asyncio.TaskGroup() as tg:
     *         L(f"entered {tg!r}")
     *         a = tg.create_task(worker("a", 2))
     *         b = tg.create_task(worker("b", 1))
     *         await asyncio.sleep(0.5)
     *         L(f"body end {tg!r}")
     *     L(f"exited {tg!r} {a.result()} {b.result()}")
     */
    @Async
    Coroutine<Void> normalExit() {
        TaskGroup tg;
        Task<String> a;
        Task<String> b;
        try (TaskGroup g = new TaskGroup()) {
            tg = g;
            py.log("entered " + tg);
            a = tg.createTask(py.worker("a", 2));
            b = tg.createTask(py.worker("b", 1));
            Await.on(Asyncio.sleep(0.5));
            py.log("body end " + tg);
        }
        py.log("exited " + tg + " " + a.result() + " " + b.result());
        return Coroutine.done();
    }

    @Test
    void aBlockThatEndsNormallyWaitsForEveryTask() {
        runTest(normalExit());
        assertEquals(py.expected("""
                0.00 entered <TaskGroup entered>
                0.00 a start
                0.00 b start
                0.50 body end <TaskGroup tasks=2 entered>
                1.00 b end
                2.00 a end
                2.00 exited <TaskGroup entered> a b
                """), py.log);
    }

    /*
     * async def block():
     *     async with asyncio.TaskGroup() as tg:
     *         tg.create_task(worker("a", 1))
     *         L("return")
     *         return "early"
     * async def main():
     *     r = await block()
     *     L(f"returned {r}")
     */
    @Async
    Coroutine<String> returnsFromTheBlock() {
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(py.worker("a", 1));
            py.log("return");
            return Coroutine.of("early");
        }
    }

    @Async
    Coroutine<Void> returnMain() {
        String r = Await.on(returnsFromTheBlock());
        py.log("returned " + r);
        return Coroutine.done();
    }

    @Test
    void returnFromTheBlockWaitsForTheTasksFirst() {
        runTest(returnMain());
        assertEquals(py.expected("""
                0.00 return
                0.00 a start
                1.00 a end
                1.00 returned early
                """), py.log);
    }

    /*
     * async def main():
     *     body_error = ValueError("body")
     *     try:
     *         async with asyncio.TaskGroup() as tg:
     *             tg.create_task(worker("a", 1))
     *             tg.create_task(worker("b", 0.25))
     *             await asyncio.sleep(0.5)
     *             L("body raises")
     *             raise body_error
     *     except BaseException as e:
     *         L(f"caught {e} {eg(e)} same={e.exceptions[0] is body_error}")
     *     L(f"cancelling={asyncio.current_task().cancelling()}")
     */
    @Async
    Coroutine<Void> bodyRaises() {
        ValueError bodyError = new ValueError("body");
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(py.worker("a", 1));
            tg.createTask(py.worker("b", 0.25));
            Await.on(Asyncio.sleep(0.5));
            py.log("body raises");
            throw bodyError;
        } catch (Throwable e) {
            py.log("caught " + e.getMessage() + " " + eg(e) + " same="
                    + py(((ExceptionGroup) e).exceptions().get(0) == bodyError));
        }
        py.log("cancelling=" + cancelling());
        return Coroutine.done();
    }

    @Test
    void anExceptionFromTheBlockCancelsTheTasksAndIsGrouped() {
        runTest(bodyRaises());
        assertEquals(py.expected("""
                0.00 a start
                0.00 b start
                0.25 b end
                0.50 body raises
                0.50 a cancelled
                0.50 caught unhandled errors in a TaskGroup (1 sub-exception) EG[ValueError(body)] same=True
                0.50 cancelling=0
                """), py.log);
    }

    /*
     * async def main():
     *     try:
     *         async with asyncio.TaskGroup() as tg:
     *             tg.create_task(worker("a", 2))
     *             tg.create_task(fails("boom", 1))
     *             try:
     *                 await asyncio.sleep(5)
     *             except asyncio.CancelledError:
     *                 L("body cancelled, raises")
     *                 raise ValueError("body")
     *     except BaseException as e:
     *         L(f"caught {eg(e)}")
     *     L(f"cancelling={asyncio.current_task().cancelling()}")
     */
    @Async
    Coroutine<Void> childThenBody() {
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(py.worker("a", 2));
            tg.createTask(py.fails("boom", 1));
            try {
                Await.on(Asyncio.sleep(5));
            } catch (CancelledError e) {
                py.log("body cancelled, raises");
                throw new ValueError("body");
            }
        } catch (Throwable e) {
            py.log("caught " + eg(e));
        }
        py.log("cancelling=" + cancelling());
        return Coroutine.done();
    }

    @Test
    void theTasksFailuresComeFirstThenTheBlocksException() {
        runTest(childThenBody());
        assertEquals(py.expected("""
                0.00 a start
                0.00 boom start
                1.00 boom fails
                1.00 a cancelled
                1.00 body cancelled, raises
                1.00 caught EG[ValueError(boom), ValueError(body)]
                1.00 cancelling=0
                """), py.log);
    }

    /*
     * async def main():
     *     try:
     *         async with asyncio.TaskGroup() as tg:
     *             tg.create_task(worker("slow", 5))
     *             tg.create_task(worker("quick", 0.5))
     *             tg.create_task(fails("boom", 1))
     *             try:
     *                 await asyncio.sleep(10)
     *             except asyncio.CancelledError:
     *                 L(f"body cancelled {tg!r}")
     *                 c = worker("x", 1)
     *                 try:
     *                     tg.create_task(c)
     *                 except RuntimeError as e:
     *                     L(f"error {e}")
     *                 c.close()
     *                 raise
     *     except BaseException as e:
     *         L(f"caught {type(e).__name__} {eg(e)} {tg!r}")
     *     L(f"cancelling={asyncio.current_task().cancelling()}")
     *     await asyncio.sleep(1)
     *     L("slept after the group")
     */
    @Async
    Coroutine<Void> childFails() {
        TaskGroup tg = new TaskGroup();
        try (tg) {
            tg.createTask(py.worker("slow", 5));
            tg.createTask(py.worker("quick", 0.5));
            tg.createTask(py.fails("boom", 1));
            try {
                Await.on(Asyncio.sleep(10));
            } catch (CancelledError e) {
                py.log("body cancelled " + tg);
                try {
                    tg.createTask(Coroutine.done());
                } catch (IllegalStateException ise) {
                    py.log("error " + ise.getMessage());
                }
                throw e;
            }
        } catch (Throwable e) {
            py.log("caught " + e.getClass().getSimpleName() + " " + eg(e) + " " + tg);
        }
        py.log("cancelling=" + cancelling());
        Await.on(Asyncio.sleep(1));
        py.log("slept after the group");
        return Coroutine.done();
    }

    @Test
    void aFailingTaskCancelsTheBlockAndTheOtherTasksAndTheExitUncancels() {
        runTest(childFails());
        assertEquals(py.expected("""
                0.00 slow start
                0.00 quick start
                0.00 boom start
                0.50 quick end
                1.00 boom fails
                1.00 slow cancelled
                1.00 body cancelled <TaskGroup tasks=1 errors=1 cancelling>
                1.00 error TaskGroup <TaskGroup tasks=1 errors=1 cancelling> is shutting down
                1.00 caught ExceptionGroup EG[ValueError(boom)] <TaskGroup cancelling>
                1.00 cancelling=0
                2.00 slept after the group
                """), py.log);
    }

    /*
     * async def spawner(tg):
     *     L("spawner start")
     *     await asyncio.sleep(1)
     *     tg.create_task(worker("late", 1))
     *     L("spawned late")
     * async def main():
     *     async with asyncio.TaskGroup() as tg:
     *         tg.create_task(spawner(tg))
     *         L("body end")
     *     L("exited")
     *     c = worker("x", 1)
     *     try:
     *         tg.create_task(c)
     *     except RuntimeError as e:
     *         L(f"error {e}")
     *     c.close()
     */
    @Async
    Coroutine<Void> spawner(TaskGroup tg) {
        py.log("spawner start");
        Await.on(Asyncio.sleep(1));
        tg.createTask(py.worker("late", 1));
        py.log("spawned late");
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> addedWhileExiting() {
        TaskGroup tg = new TaskGroup();
        try (tg) {
            tg.createTask(spawner(tg));
            py.log("body end");
        }
        py.log("exited");
        try {
            tg.createTask(Coroutine.done());
        } catch (IllegalStateException e) {
            py.log("error " + e.getMessage());
        }
        return Coroutine.done();
    }

    @Test
    void theExitWaitsForTasksAddedWhileItWaitsAndThenTheGroupIsFinished() {
        runTest(addedWhileExiting());
        assertEquals(py.expected("""
                0.00 body end
                0.00 spawner start
                1.00 spawned late
                1.00 late start
                2.00 late end
                2.00 exited
                2.00 error TaskGroup <TaskGroup entered> is finished
                """), py.log);
    }

    /*
     * async def main():
     *     try:
     *         async with asyncio.TaskGroup() as outer:
     *             outer.create_task(worker("A", 3))
     *             async with asyncio.TaskGroup() as inner:
     *                 inner.create_task(worker("B", 2))
     *                 inner.create_task(fails("C", 1))
     *                 try:
     *                     await asyncio.sleep(5)
     *                 except asyncio.CancelledError:
     *                     L("inner body cancelled"); raise
     *             L("unreached")
     *     except BaseException as e:
     *         L(f"caught {eg(e)}")
     *     try:
     *         async with asyncio.TaskGroup() as outer:
     *             outer.create_task(fails("D", 1))
     *             async with asyncio.TaskGroup() as inner:
     *                 inner.create_task(worker("E", 3))
     *                 try:
     *                     await asyncio.sleep(5)
     *                 except asyncio.CancelledError:
     *                     L("inner body cancelled"); raise
     *             L("unreached")
     *     except BaseException as e:
     *         L(f"caught {eg(e)}")
     *     L(f"cancelling={asyncio.current_task().cancelling()}")
     */
    @Async
    Coroutine<Void> nested(String outerTask, boolean outerFails, String innerTask, boolean innerFails) {
        try (TaskGroup outer = new TaskGroup()) {
            Coroutine<?> outerChild = outerFails ? py.fails(outerTask, 1) : py.worker(outerTask, 3);
            outer.createTask(outerChild);
            try (TaskGroup inner = new TaskGroup()) {
                inner.createTask(py.worker(innerTask, innerFails ? 2 : 3));
                if (innerFails) {
                    inner.createTask(py.fails("C", 1));
                }
                try {
                    Await.on(Asyncio.sleep(5));
                } catch (CancelledError e) {
                    py.log("inner body cancelled");
                    throw e;
                }
            }
            py.log("unreached");
        } catch (Throwable e) {
            py.log("caught " + eg(e));
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> nestedMain() {
        Await.on(nested("A", false, "B", true));
        Await.on(nested("D", true, "E", false));
        py.log("cancelling=" + cancelling());
        return Coroutine.done();
    }

    @Test
    void nestedGroups() {
        runTest(nestedMain());
        // The inner failure: the inner group's ExceptionGroup is the outer block's exception, grouped again. The
        // outer failure: the inner group lets the cancellation through, the outer one takes it back.
        assertEquals(py.expected("""
                0.00 A start
                0.00 B start
                0.00 C start
                1.00 C fails
                1.00 B cancelled
                1.00 inner body cancelled
                1.00 A cancelled
                1.00 caught EG[EG[ValueError(C)]]
                1.00 D start
                1.00 E start
                2.00 D fails
                2.00 inner body cancelled
                2.00 E cancelled
                2.00 caught EG[ValueError(D)]
                2.00 cancelling=0
                """), py.log);
    }

    /*
     * async def stubborn():
     *     L("stubborn start")
     *     try:
     *         await asyncio.sleep(5)
     *     except asyncio.CancelledError:
     *         L("stubborn ignores the cancellation")
     *     await asyncio.sleep(2)
     *     L("stubborn end")
     * async def owner(awaits, child):
     *     try:
     *         async with asyncio.TaskGroup() as tg:
     *             tg.create_task(child)
     *             if awaits:
     *                 await asyncio.sleep(10)
     *             L("body end")
     *     except asyncio.CancelledError:
     *         L("owner cancelled"); raise
     * async def main():
     *     t = asyncio.create_task(owner(True, worker("child", 5)))
     *     await asyncio.sleep(1)
     *     t.cancel()
     *     try: await t
     *     except asyncio.CancelledError: L(f"t cancelled {t.cancelled()}")
     *     t = asyncio.create_task(owner(False, worker("child2", 5)))
     *     await asyncio.sleep(1)
     *     t.cancel()
     *     try: await t
     *     except asyncio.CancelledError: L(f"t cancelled {t.cancelled()}")
     *     t = asyncio.create_task(owner(False, stubborn()))
     *     await asyncio.sleep(1)
     *     t.cancel()
     *     await asyncio.sleep(1)
     *     L(f"cancel again {t.cancelling()}")
     *     t.cancel()
     *     try: await t
     *     except asyncio.CancelledError: L(f"t cancelled {t.cancelled()}")
     */
    @Async
    Coroutine<Void> stubborn() {
        py.log("stubborn start");
        try {
            Await.on(Asyncio.sleep(5));
        } catch (CancelledError e) {
            py.log("stubborn ignores the cancellation");
        }
        Await.on(Asyncio.sleep(2));
        py.log("stubborn end");
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> owner(boolean awaits, Coroutine<?> child) {
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(child);
            if (awaits) {
                Await.on(Asyncio.sleep(10));
            }
            py.log("body end");
        } catch (CancelledError e) {
            py.log("owner cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> ownerCancelled() {
        Task<Void> t = Asyncio.createTask(owner(true, py.worker("child", 5)));
        Await.on(Asyncio.sleep(1));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            py.log("t cancelled " + py(t.isCancelled()));
        }
        t = Asyncio.createTask(owner(false, py.worker("child2", 5)));
        Await.on(Asyncio.sleep(1));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            py.log("t cancelled " + py(t.isCancelled()));
        }
        t = Asyncio.createTask(owner(false, stubborn()));
        Await.on(Asyncio.sleep(1));
        t.cancel();
        Await.on(Asyncio.sleep(1));
        py.log("cancel again " + t.cancelling());
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            py.log("t cancelled " + py(t.isCancelled()));
        }
        return Coroutine.done();
    }

    @Test
    void cancellingTheOwnerCancelsTheTasksInTheBlockOrInTheExit() {
        runTest(ownerCancelled());
        // Third owner: cancelled again while its exit waits for a task that ignored the first cancellation, it
        // goes on waiting (CPython 3.11 swallows the second CancelledError once aborting) and then propagates
        // the first.
        assertEquals(py.expected("""
                0.00 child start
                1.00 child cancelled
                1.00 owner cancelled
                1.00 t cancelled True
                1.00 body end
                1.00 child2 start
                2.00 child2 cancelled
                2.00 owner cancelled
                2.00 t cancelled True
                2.00 body end
                2.00 stubborn start
                3.00 stubborn ignores the cancellation
                4.00 cancel again 1
                5.00 stubborn end
                5.00 owner cancelled
                5.00 t cancelled True
                """), py.log);
    }

    /*
     * async def main():
     *     try:
     *         async with asyncio.TaskGroup() as tg:
     *             tg.create_task(worker("a", 1))
     *             tg.create_task(fails("b", 0.25))
     *             try:
     *                 await asyncio.sleep(0.5)
     *             except asyncio.CancelledError:
     *                 L("body cancelled, KeyboardInterrupt")
     *                 raise KeyboardInterrupt()
     *     except BaseException as e:
     *         L(f"caught {eg(e)}")
     *     L(f"cancelling={asyncio.current_task().cancelling()}")
     */
    @Async
    Coroutine<Void> baseError() {
        try (TaskGroup tg = new TaskGroup()) {
            tg.createTask(py.worker("a", 1));
            tg.createTask(py.fails("b", 0.25));
            try {
                Await.on(Asyncio.sleep(0.5));
            } catch (CancelledError e) {
                py.log("body cancelled, KeyboardInterrupt");
                throw new KeyboardInterrupt();
            }
        } catch (Throwable e) {
            py.log("caught " + eg(e));
        }
        py.log("cancelling=" + cancelling());
        return Coroutine.done();
    }

    @Test
    void aKeyboardInterruptIsNotGrouped() {
        runTest(baseError());
        assertEquals(py.expected("""
                0.00 a start
                0.00 b start
                0.25 b fails
                0.25 a cancelled
                0.25 body cancelled, KeyboardInterrupt
                0.25 caught KeyboardInterrupt()
                0.25 cancelling=0
                """), py.log);
    }

    /*
     * (in main) loop.call_soon(callback), with
     *     def callback():
     *         try:
     *             asyncio.TaskGroup().__aenter__().send(None)
     *         except RuntimeError as e:
     *             L(f"callback: {e}")
     * prints: 0.00 callback: TaskGroup <TaskGroup> cannot determine the parent task
     */
    @Async
    Coroutine<Void> outsideATask() {
        Asyncio.getRunningLoop().callSoon(() -> {
            try {
                new TaskGroup();
            } catch (IllegalStateException e) {
                py.log("callback: " + e.getMessage());
            }
        });
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    @Test
    void aGroupIsEnteredInATaskOnly() {
        runTest(outsideATask());
        assertEquals(List.of("0.00 callback: TaskGroup <TaskGroup> cannot determine the parent task"), py.log);
        IllegalStateException e = assertThrows(IllegalStateException.class, TaskGroup::new);
        assertTrue(e.getMessage().contains("no event loop is running"), e.getMessage());
    }

    @Async
    Coroutine<String> runAsyncFailure() {
        try {
            Await.on(TaskGroup.runAsync(tg -> childThenBodyBlock(tg)));
            return Coroutine.of("no error");
        } catch (ExceptionGroup e) {
            return Coroutine.of(eg(e));
        }
    }

    @Async
    Coroutine<Void> childThenBodyBlock(TaskGroup tg) {
        tg.createTask(py.fails("boom", 1));
        try {
            Await.on(Asyncio.sleep(5));
        } catch (CancelledError e) {
            throw new ValueError("body");
        }
        return Coroutine.done();
    }

    @Test
    void runAsyncIsTheSameMachinery() {
        // As theTasksFailuresComeFirstThenTheBlocksException, through runAsync.
        assertEquals("EG[ValueError(boom), ValueError(body)]", runTest(runAsyncFailure()));
    }
}
