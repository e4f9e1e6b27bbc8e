package it.misuse;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.annotations.Async;


/** Await.on in a method without @Async. */
public class NotAsync {
    static void run() {
        System.out.println("before");
        Await.on(Asyncio.sleep(0.01)); // WEFT-ERROR
    }
}
