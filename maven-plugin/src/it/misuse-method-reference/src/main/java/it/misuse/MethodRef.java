package it.misuse;

import dev.weft.Await;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.util.function.Function;

/** The method reference Await::on. */
public class MethodRef {
    @Async
    static Coroutine<String> run(Awaitable<String> a) {
        System.out.println("before");
        Function<Awaitable<String>, String> await = Await::on; // WEFT-ERROR
        return Coroutine.of(await.apply(a));
    }
}
