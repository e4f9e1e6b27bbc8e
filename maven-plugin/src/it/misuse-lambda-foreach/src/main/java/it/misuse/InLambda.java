package it.misuse;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.util.List;

/** Await.on inside a lambda passed to forEach, in an @Async method. */
public class InLambda {
    @Async
    static Coroutine<Void> run(List<Double> delays) {
        System.out.println("before");
        delays.forEach(d -> Await.on(Asyncio.sleep(d))); // WEFT-ERROR
        return Coroutine.done();
    }
}
