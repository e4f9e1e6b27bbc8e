package dev.weft.internal.loop;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Task;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task-N numbers: taken by a loop in blocks, given back when it closes, and never handed out twice. */
class TaskNumbersTest {

    @Async
    static Coroutine<Void> idle() {
        Await.on(Asyncio.sleep(0));
        return Coroutine.done();
    }

    private static int number(Task<?> t) {
        return Integer.parseInt(t.getName().substring("Task-".length()));
    }

    private static List<Integer> numbers(EventLoop loop, int n) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Task<?> t = loop.createTask(idle());
            numbers.add(number(t));
            t.cancel();
        }
        return numbers;
    }

    @Test
    void loopsOneAfterAnotherNumberTheirTasksWithoutGaps() {
        EventLoop a = Asyncio.newEventLoop();
        List<Integer> first = numbers(a, 3);
        a.close();
        EventLoop b = Asyncio.newEventLoop();
        List<Integer> second = numbers(b, 2);
        b.close();
        int n = first.get(0);
        assertEquals(List.of(n, n + 1, n + 2), first);
        assertEquals(List.of(n + 3, n + 4), second);
    }

    @Test
    void loopsOpenAtOnceNeverShareANumber() {
        EventLoop a = Asyncio.newEventLoop();
        EventLoop b = Asyncio.newEventLoop();
        List<Integer> all = new ArrayList<>(numbers(a, 5));
        List<Integer> fromB = numbers(b, 10);
        all.addAll(fromB);
        all.addAll(numbers(a, TaskNumbers.BLOCK));   // a's second block comes after b's first
        b.close();   // another loop took numbers after b: b gives nothing back
        EventLoop c = Asyncio.newEventLoop();
        List<Integer> fromC = numbers(c, 3);
        all.addAll(fromC);
        a.close();
        c.close();
        assertEquals(all.size(), all.stream().distinct().count(), "a number handed out twice: " + all);
        for (List<Integer> l : List.of(fromB, fromC)) {
            for (int i = 1; i < l.size(); i++) {
                assertEquals(l.get(i - 1) + 1, (int) l.get(i), "a loop counts up by one within its block: " + l);
            }
        }
        assertTrue(fromB.get(0) > all.get(4), "b's block after a's first: " + all);
        assertTrue(fromC.get(0) > all.get(all.size() - 4), "c's block after a's second: " + all);
    }

    @Test
    void aLoopThatTookNoNumberGivesNothingBack() {
        EventLoop a = Asyncio.newEventLoop();
        int before = numbers(a, 1).get(0);
        a.close();
        Asyncio.newEventLoop().close();
        EventLoop b = Asyncio.newEventLoop();
        assertEquals(List.of(before + 1), numbers(b, 1));
        b.close();
    }
}
