package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Queue;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/10_queue_single_item.py: Queue put/get between two coroutines; the producer runs
 * first, so get() does not wait.
 */
public class S10QueueSingleItem {

    // Module level in the seed; created in main(String[]) so that each run gets a fresh queue.
    static Queue<String> queue;

    @Async
    static Coroutine<Void> producer() {
        Await.on(queue.put("item"));
        System.out.println("producer: put item, qsize=" + queue.qsize());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> consumer() {
        String item = Await.on(queue.get());
        System.out.println("consumer: got " + item + ", qsize=" + queue.qsize());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(Asyncio.gather(producer(), consumer()));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        queue = new Queue<>();
        Asyncio.run(main());
    }
}
