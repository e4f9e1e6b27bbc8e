package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.LifoQueue;
import dev.weft.annotations.Async;

/** Port of seed-programs/11_lifo_queue.py: LifoQueue returns the most recently put item first. */
public class S11LifoQueue {

    @Async
    static Coroutine<Void> producer(LifoQueue<String> queue) {
        for (int i = 1; i < 4; i++) {
            Await.on(queue.put("item " + i));
            System.out.println("put item " + i);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> consumer(LifoQueue<String> queue) {
        while (!queue.isEmpty()) {
            String item = Await.on(queue.get());
            System.out.println("got " + item);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        LifoQueue<String> queue = new LifoQueue<>();
        Await.on(producer(queue));
        Await.on(consumer(queue));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
