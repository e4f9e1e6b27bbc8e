package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Event;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/09_event_gather_fixed.py: a waiter blocked in event.await() resumes after another
 * coroutine calls event.set().
 */
public class S09EventGatherFixed {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    // Module level in the seed; created in main(String[]) (the module's top-level code) so that each run
    // of the program gets a fresh Event.
    static Event event;

    @Async
    static Coroutine<Void> waiter() {
        Await.on(event.await());
        System.out.println("Event received!");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> setter() {
        Await.on(Asyncio.sleep(1.0 / SCALE));
        event.set();
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
