package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Condition;
import dev.weft.Coroutine;
import dev.weft.Held;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/23_condition_notify_all.py: Condition used like {@code async with}, await()
 * releases the lock, signalAll(), the lock is re-acquired in FIFO order.
 */
public class S23ConditionNotifyAll {

    // Module level in the seed; set in main(String[]) so that each run starts fresh.
    static Condition condition;
    static String resource;

    @Async
    static Coroutine<Void> reader(String name) {
        try (Held held = Await.on(condition.hold())) { // async with condition:
            System.out.println(name + ": waiting");
            Await.on(condition.await());
            System.out.println(name + ": notified, resource = " + Py.str(resource));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> writer() {
        try (Held held = Await.on(condition.hold())) { // async with condition:
            resource = "new value";
            System.out.println("Resource updated");
            condition.signalAll();
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(Asyncio.gather(reader("reader 1"), reader("reader 2"), writer()));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        condition = new Condition();
        resource = null;
        Asyncio.run(main());
    }
}
