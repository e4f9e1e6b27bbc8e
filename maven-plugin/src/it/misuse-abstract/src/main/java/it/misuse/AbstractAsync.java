package it.misuse;

import dev.weft.Coroutine;
import dev.weft.annotations.Async;


/** @Async on an abstract method. */
public abstract class AbstractAsync {
    @Async
    abstract Coroutine<Void> run(); // WEFT-ERROR

    static Coroutine<Void> nothing() {
        return Coroutine.done();
    }
}
