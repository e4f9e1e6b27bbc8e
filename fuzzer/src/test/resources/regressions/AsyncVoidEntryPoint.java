// Reduced from the fuzzer's void-entry shape: API.md makes an @Async void method an entry point (calling
// it runs its body on a new event loop, as Asyncio.run does), which the weaver once rejected: "an @Async
// method must return dev.weft.Coroutine, not void".
package fz.reg.voidentry;

import dev.weft.*;
import dev.weft.annotations.Async;

public class Main {
    @Async
    static void entry() {
        int x = Await.on(Asyncio.sleep(0, 41));
        System.out.println("in entry " + (x + 1));
    }

    public static void main(String[] args) {
        try {
            entry();
        } catch (Throwable t) {
            System.out.println("uncaught " + t.getClass().getSimpleName());
        }
        System.out.println("after");
    }
}
