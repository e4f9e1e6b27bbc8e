package dev.weft;

import dev.weft.annotations.Async;
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
class LiveTasksTest {

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

    /** Tasks of a loop that is not running, taken out of the loop's own table so that a test table can hold them. */
    private List<Task<?>> tasks(int n) {
        List<Task<?>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Task<?> t = loop.createTask(idle());
            loop.unregisterTask(t);
            assertEquals(-1, t.liveIndex);
            tasks.add(t);
        }
        return tasks;
    }

    private static void check(LiveTasks table, LinkedHashSet<Task<?>> model) {
        assertEquals(model.size(), table.size());
        assertEquals(new ArrayList<>(model), new ArrayList<>(table.snapshot()));
    }

    @Test
    void addsAndRemovesInAnyOrderKeepingCreationOrder() {
        List<Task<?>> tasks = tasks(6000);
        LiveTasks table = new LiveTasks();
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
            if (op % 500 == 0) {
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
        LiveTasks a = new LiveTasks();
        LiveTasks b = new LiveTasks();
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
            LiveTasks table = new LiveTasks();
            int initial = table.capacity();
            tasks.forEach(table::add);
            assertTrue(table.capacity() >= tasks.size(), "capacity " + table.capacity());
            for (int i = 0; i < tasks.size(); i++) {
                table.remove(tasks.get(oldestFirst ? i : tasks.size() - 1 - i));
                if (i == tasks.size() - 101) {
                    assertEquals(100, table.size());
                    assertTrue(table.capacity() <= 4 * 1024, "100 tasks left, capacity " + table.capacity());
                }
            }
            assertEquals(0, table.size());
            assertTrue(table.capacity() <= Math.max(initial, 2 * 1024), "empty, capacity " + table.capacity());
            // The emptied table works as a new one.
            table.add(tasks.get(7));
            table.add(tasks.get(3));
            assertEquals(List.of(tasks.get(7), tasks.get(3)), new ArrayList<>(table.snapshot()));
        }
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
}
