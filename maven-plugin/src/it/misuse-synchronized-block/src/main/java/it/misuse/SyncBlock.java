package it.misuse;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;


/** Await.on inside a synchronized block. */
public class SyncBlock {
    private final Object lock = new Object();

    @Async
    Coroutine<Void> run() {
        System.out.println("before");
        synchronized (lock) { Await.on(Asyncio.sleep(0.01)); } // WEFT-ERROR
        return Coroutine.done();
    }
}
