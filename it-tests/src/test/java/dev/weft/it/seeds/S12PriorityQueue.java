package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.PriorityQueue;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.List;

/**
 * Port of seed-programs/12_priority_queue.py: PriorityQueue returns the lowest (priority, name) tuple
 * first; taskDone() and join() let main wait until every item was processed.
 */
public class S12PriorityQueue {

    @Async
    static Coroutine<Void> producer(PriorityQueue<Py.Tuple> queue) {
        for (Py.Tuple pair : List.of(Py.tuple(3, "low"), Py.tuple(1, "high"), Py.tuple(2, "medium"))) {
            int priority = pair.get(0);
            String name = pair.get(1);
            Await.on(queue.put(Py.tuple(priority, name)));
            System.out.println("produced " + name + " (priority " + priority + ")");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> consumer(PriorityQueue<Py.Tuple> queue) {
        while (true) {
            Py.Tuple item = Await.on(queue.get());
            int priority = item.get(0);
            String name = item.get(1);
            System.out.println("consumed " + name + " (priority " + priority + ")");
            queue.taskDone();
        }
    }

    @Async
    static Coroutine<Void> main() {
        PriorityQueue<Py.Tuple> queue = new PriorityQueue<>();
        Await.on(producer(queue));
        Task<Void> consumerTask = Asyncio.createTask(consumer(queue));
        Await.on(queue.join());
        System.out.println("all items processed");
        consumerTask.cancel();
        try {
            Await.on(consumerTask);
        } catch (CancelledError e) {
            System.out.println("consumer cancelled: " + Py.str(consumerTask.isCancelled()));
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
