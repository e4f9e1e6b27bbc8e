package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Queue;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/19_queue_consumer_waits.py: the consumer blocks in get() on an empty queue and is
 * woken by put().
 */
public class S19QueueConsumerWaits {

    // Module level in the seed; created in main(String[]) so that each run gets a fresh queue.
    static Queue<String> queue;

    @Async
    static Coroutine<Void> producer() {
        Await.on(queue.put("Produced item"));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> consumer() {
        String item = Await.on(queue.get());
        System.out.println(item);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(Asyncio.gather(consumer(), producer()));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        queue = new Queue<>();
        Asyncio.run(main());
    }
}
