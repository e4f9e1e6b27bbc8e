package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Event;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/22_event_wait_set.py: await() blocks, set() wakes it, isSet(), await() returns
 * True.
 */
public class S22EventWaitSet {

    // Module level in the seed; created in main(String[]) so that each run gets a fresh Event.
    static Event event;

    @Async
    static Coroutine<Void> waiter() {
        System.out.println("waiter: waiting for the event");
        boolean result = Await.on(event.await());
        System.out.println("waiter: event received, wait() returned " + Py.str(result));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> setter() {
        System.out.println("setter: setting the event");
        event.set();
        System.out.println("setter: is_set() = " + Py.str(event.isSet()));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(Asyncio.gather(waiter(), setter()));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        event = new Event();
        Asyncio.run(main());
    }
}
