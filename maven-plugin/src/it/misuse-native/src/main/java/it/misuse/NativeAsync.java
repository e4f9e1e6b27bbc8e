package it.misuse;

import dev.weft.Coroutine;
import dev.weft.annotations.Async;


/** @Async on a native method. */
public class NativeAsync {
    @Async
    static native Coroutine<Void> run(); // WEFT-ERROR

    static Coroutine<Void> nothing() {
        return Coroutine.done();
    }
}
