package dev.weft.internal.loop;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.internal.Access;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loop's table of unfinished tasks, against a LinkedHashSet, operation by operation. */
class SuspendedTasksTest {

    @Async
    static Coroutine<Void> idle() {
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    private BaseEventLoop loop;

    @BeforeEach
    void newLoop() {
        loop = (BaseEventLoop) VirtualTime.newLoop();
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Tasks of a loop that is not running: none has suspended, so none is in the loop's table, and a test table can hold them. */
    private List<Task<?>> tasks(int n) {
        List<Task<?>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Task<?> t = loop.createTask(idle());
            assertEquals(-1, Access.get().suspendedIndex(t));
            tasks.add(t);
        }
        assertEquals(0, loop.suspended.size());
        return tasks;
    }

    private static void check(SuspendedTasks table, LinkedHashSet<Task<?>> model) {
        verify(table);
        assertEquals(model.size(), table.size());
        assertEquals(new ArrayList<>(model), new ArrayList<>(table.snapshot()));
    }

    @Test
    void addsAndRemovesInAnyOrderKeepingCreationOrder() {
        List<Task<?>> tasks = tasks(6000);
        SuspendedTasks table = new SuspendedTasks();
        LinkedHashSet<Task<?>> model = new LinkedHashSet<>();
        Random random = new Random(42);
        for (int op = 0; op < 60_000; op++) {
            Task<?> t = tasks.get(random.nextInt(tasks.size()));
            // Phases: mostly adds, then mostly removes, so that the table grows, fills with holes and shrinks.
            boolean adding = (op / 10_000) % 2 == 0 ? random.nextInt(4) != 0 : random.nextInt(4) == 0;
            if (adding && !model.contains(t)) {
                table.add(t);
                model.add(t);
            } else {
                table.remove(t);   // a task that is not in the table: nothing happens
                model.remove(t);
            }
            if (op % 100 == 0) {
                check(table, model);
            }
        }
        check(table, model);
        for (Task<?> t : tasks) {
            table.remove(t);
        }
        check(table, new LinkedHashSet<>());
    }

    @Test
    void aTaskInAnotherTableIsNotRemoved() {
        List<Task<?>> tasks = tasks(3);
        SuspendedTasks a = new SuspendedTasks();
        SuspendedTasks b = new SuspendedTasks();
        a.add(tasks.get(0));
        b.add(tasks.get(1));
        // Both tasks sit in slot 0 of their tables: removing one from the other table must not take the slot.
        a.remove(tasks.get(1));
        b.remove(tasks.get(2));
        assertEquals(List.of(tasks.get(0)), new ArrayList<>(a.snapshot()));
        assertEquals(List.of(tasks.get(1)), new ArrayList<>(b.snapshot()));
    }

    @Test
    void givesMemoryBackWhenTasksFinishOldestFirstOrNewestFirst() {
        List<Task<?>> tasks = tasks(20_000);
        for (boolean oldestFirst : new boolean[] {true, false}) {
            SuspendedTasks table = new SuspendedTasks();
            int initial = LoopProbe.capacity(table);
            tasks.forEach(table::add);
            assertTrue(LoopProbe.capacity(table) >= tasks.size(), "capacity " + LoopProbe.capacity(table));
            for (int i = 0; i < tasks.size(); i++) {
                table.remove(tasks.get(oldestFirst ? i : tasks.size() - 1 - i));
                if (i % 997 == 0) {
                    verify(table);
                }
                if (i == tasks.size() - 101) {
                    assertEquals(100, table.size());
                    assertTrue(LoopProbe.capacity(table) <= 4 * 1024, "100 tasks left, capacity " + LoopProbe.capacity(table));
                }
            }
            assertEquals(0, table.size());
            assertTrue(LoopProbe.capacity(table) <= Math.max(initial, 2 * 1024), "empty, capacity " + LoopProbe.capacity(table));
            // The emptied table works as a new one.
            table.add(tasks.get(7));
            table.add(tasks.get(3));
            assertEquals(List.of(tasks.get(7), tasks.get(3)), new ArrayList<>(table.snapshot()));
        }
    }

    @Test
    void batchesBesideALongLivedTaskMoveNothingAndLeaveOneChunk() {
        List<Task<?>> tasks = tasks(5001);
        Task<?> main = tasks.get(0);
        SuspendedTasks table = new SuspendedTasks();
        table.add(main);
        for (int round = 0; round < 3; round++) {
            for (Task<?> t : tasks.subList(1, tasks.size())) {
                table.add(t);
            }
            for (Task<?> t : tasks.subList(1, tasks.size())) {
                table.remove(t);   // oldest first, as tasks that each run one step finish
                assertEquals(0, Access.get().suspendedIndex(main), "the long-lived task was moved");
            }
            verify(table);
            assertEquals(List.of(main), new ArrayList<>(table.snapshot()));
            assertEquals(1024, LoopProbe.capacity(table));
        }
    }

    @Test
    void fewSurvivorsScatteredOverManyChunksAreMovedTogether() {
        List<Task<?>> tasks = tasks(20 * 1024);
        SuspendedTasks table = new SuspendedTasks();
        tasks.forEach(table::add);
        LinkedHashSet<Task<?>> model = new LinkedHashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (i % 1024 == 500) {
                model.add(tasks.get(i));   // one survivor in the middle of each chunk
            } else {
                table.remove(tasks.get(i));
            }
        }
        check(table, model);
        assertTrue(LoopProbe.capacity(table) <= 2 * 1024, "20 tasks, capacity " + LoopProbe.capacity(table));
    }

    @Async
    static Coroutine<String> finishing() {
        Task<?> a = Asyncio.createTask(idle());
        Task<?> b = Asyncio.createTask(idle());
        Task<?> c = Asyncio.createTask(idle());
        int before = Asyncio.allTasks().size();
        Await.on(b);
        // a and c started in the same pass as b, and finish on the next one; b is done.
        List<Task<?>> live = new ArrayList<>(Asyncio.allTasks());
        Await.on(a);
        Await.on(c);
        return Coroutine.of(before + " " + (live.contains(b) ? "b live" : "b gone") + " " + live.size() + " "
                + Asyncio.allTasks().size());
    }

    @Test
    void allTasksDropsAFinishedTask() {
        assertEquals("4 b gone 1 1", VirtualTime.run(finishing()));
    }

    @Async
    static Coroutine<Void> sleepy() {
        Await.on(Asyncio.sleep(10));
        return Coroutine.done();
    }

    private static String names(Iterable<Task<?>> tasks) {
        List<String> names = new ArrayList<>();
        tasks.forEach(t -> names.add(t.getName()));
        return String.join(" ", names);
    }

    /** Lists the tasks while it runs its first step, before it has ever suspended. */
    @Async
    static Coroutine<String> lister() {
        Asyncio.createTask(sleepy(), "d");
        return Coroutine.of(names(Asyncio.allTasks()));
    }

    @Async
    static Coroutine<String> mixed() {
        Asyncio.currentTask().setName("main");
        Asyncio.createTask(sleepy(), "a");
        Task<String> x = Asyncio.createTask(lister(), "x");
        Asyncio.createTask(sleepy(), "b");
        String before = names(Asyncio.allTasks());   // main has not suspended yet, nor has any other
        Await.on(Asyncio.sleep(0));
        // main and a have suspended, x is running and has not, b and the d it made have not started.
        String during = Await.on(x);
        Task<?> e = Asyncio.createTask(sleepy(), "e");
        e.cancel();   // cancelled before it starts: unfinished until it runs, as in Python
        String after = names(Asyncio.allTasks());
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(before + " | " + during + " | " + after + " | " + names(Asyncio.allTasks()));
    }

    @Test
    void allTasksListsTasksInCreationOrderWhetherTheyHaveSuspendedOrNot() {
        assertEquals("main a x b | main a x b d | main a b d e | main a b d", VirtualTime.run(mixed()));
    }

    @Async
    static Coroutine<String> leavesBehind(List<String> steps) {
        Task<?> t = Asyncio.createTask(recording(steps), "late");
        steps.add("main returns");
        t.addDoneCallback(done -> steps.add("cancelled " + done.isCancelled()));
        return Coroutine.of("main");
    }

    @Async
    static Coroutine<Void> recording(List<String> steps) {
        steps.add("body ran");
        Await.on(Asyncio.sleep(1));
        steps.add("after sleep");
        return Coroutine.done();
    }

    /**
     * As in Python, a task main leaves behind takes its first step in the pass that ends the loop (its step was
     * queued before main's done callback), suspends, and is cancelled by {@code run}.
     */
    @Test
    void runCancelsATaskMainLeftBehind() {
        List<String> steps = new ArrayList<>();
        assertEquals("main", VirtualTime.run(leavesBehind(steps)));
        assertEquals(List.of("main returns", "body ran", "cancelled true"), steps);
    }

    /** Checks the counts against the slots, and that no empty chunk is kept but the one at the table.end. */
    static void verify(SuspendedTasks table) {
        int shift = SuspendedTasks.CHUNK_SHIFT;
        Object[] slots = table.chunks.slots;
        int chunksSeen = 0;
        int tasks = 0;
        for (int c = 0; c < slots.length; c++) {
            SuspendedTasks.Slots chunk = (SuspendedTasks.Slots) slots[c];
            if (chunk == null) {
                continue;
            }
            chunksSeen++;
            int n = 0;
            for (int k = 0; k < SuspendedTasks.CHUNK; k++) {
                Task<?> t = chunk.tasks[k];
                if (t != null) {
                    int slot = (c << shift) + k;
                    if (slot >= table.end || Access.get().suspendedIndex(t) != slot) {
                        throw new IllegalStateException("slot " + slot + " of " + table.end
                                + " holds a task whose index is " + Access.get().suspendedIndex(t));
                    }
                    n++;
                }
            }
            if (n != chunk.used || (n == 0 && c != table.end >>> shift)) {
                throw new IllegalStateException("chunk " + c + " holds " + n + " tasks, counted " + chunk.used
                        + ", end " + table.end);
            }
            tasks += n;
        }
        int last = table.end - 1;
        if (chunksSeen != table.chunks.count() || tasks != table.count || (table.count > 0) != (table.end > 0)
                || (table.end > 0 && table.chunks.chunk(last).tasks[last & SuspendedTasks.CHUNK_MASK] == null)) {
            throw new IllegalStateException(chunksSeen + " chunks (counted " + table.chunks.count() + "), " + tasks
                    + " tasks (counted " + table.count + "), end " + table.end);
        }
    }
}
