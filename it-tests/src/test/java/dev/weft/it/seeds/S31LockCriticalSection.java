package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Held;
import dev.weft.Lock;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/31_lock_critical_section.py: Lock used like {@code async with}: Task2 waits until
 * Task1 leaves the critical section.
 */
public class S31LockCriticalSection {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    // Module level in the seed; created in main(String[]) so that each run gets a fresh lock.
    static Lock lock;

    @Async
    static Coroutine<Void> criticalSection(String name) {
        try (Held held = Await.on(lock.hold())) { // async with lock:
            System.out.println(name + " has entered the critical section");
            Await.on(Asyncio.sleep(2.0 / SCALE));
            System.out.println(name + " is leaving the critical section");
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Await.on(Asyncio.gather(
                criticalSection("Task1"),
                criticalSection("Task2")
        ));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        lock = new Lock();
        Asyncio.run(main());
    }
}
