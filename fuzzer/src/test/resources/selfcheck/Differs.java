// Prints something that differs between the stand-in and the real runtime on purpose: the name of the
// class of a completed coroutine. FuzzCiTest checks that the fuzzer reports it in every woven mode.
package fz.selfcheck.differs;

import dev.weft.*;
import dev.weft.annotations.Async;

public class Main {
    @Async
    static Coroutine<String> name() {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(Coroutine.of(1).getClass().getName());
    }

    public static void main(String[] args) {
        System.out.println(Asyncio.run(name()));
    }
}
