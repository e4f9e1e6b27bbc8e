package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/14_run_until_complete.py: newEventLoop, runUntilComplete twice on one loop,
 * isRunning, close, isClosed.
 */
public class S14RunUntilComplete {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> myCoroutine() {
        Await.on(Asyncio.sleep(1.0 / SCALE));
        return Coroutine.of("Done");
    }

    @Async
    static Coroutine<Integer> add(int a, int b) {
        Await.on(Asyncio.sleep(1.0 / SCALE));
        return Coroutine.of(a + b);
    }

    public static void main(String[] args) {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            String result = loop.runUntilComplete(myCoroutine());
            System.out.println("run_until_complete: " + result);
            System.out.println("run_until_complete again: " + loop.runUntilComplete(add(2, 3)));
            System.out.println("running after return: " + Py.str(loop.isRunning()));
        } finally {
            loop.close();
        }
        System.out.println("closed: " + Py.str(loop.isClosed()));
    }
}
