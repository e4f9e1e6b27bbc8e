package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.util.List;

/**
 * Port of seed-programs/18_to_thread.py: toThread runs a blocking sleep in a worker thread while a
 * ticker keeps running on the loop.
 */
public class S18ToThread {

    // Time scale: every seed duration in seconds is divided by 4, not by 20 as in the Python program. This port
    // runs in real time (its worker thread sleeps beside the loop), and the 250 ms between "tick 2" and the end of
    // the blocking operation keep their order however loaded the machine is.
    static final int SCALE = 4;

    static int blockingOperation() {
        System.out.println("Blocking operation started");
        Py.timeSleep(3.0 / SCALE); // blocks its worker thread, not the event loop
        System.out.println("Blocking operation finished");
        return 42;
    }

    @Async
    static Coroutine<Void> ticker() {
        for (int i = 1; i < 3; i++) {
            Await.on(Asyncio.sleep(1.0 / SCALE));
            System.out.println("tick " + i);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        List<Object> results = Await.on(Asyncio.gather(Asyncio.toThread(S18ToThread::blockingOperation), ticker()));
        Object result = results.get(0);
        System.out.println("to_thread result: " + Py.str(result));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
