package it.misuse;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;


/** Await.on inside a synchronized @Async method (all of it on one line, so any line of it is the line). */
public class SyncMethod {
    @Async
    synchronized Coroutine<Void> run() { Await.on(Asyncio.sleep(0.01)); return Coroutine.done(); } // WEFT-ERROR
}
