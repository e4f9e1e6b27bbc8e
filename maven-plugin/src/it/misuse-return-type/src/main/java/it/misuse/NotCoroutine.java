package it.misuse;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;


/** @Async on a method that does not return Coroutine (all of it on one line, so any line of it is the line). */
public class NotCoroutine {
    @Async
    static String run() { Await.on(Asyncio.sleep(0.01)); return "done"; } // WEFT-ERROR
}
