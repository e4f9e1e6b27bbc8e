// Reduced from fuzzer seed 4: a switch expression with an await in one arm, boxed as Coroutine.of's
// argument. ECJ 3.38 to 3.41 compile it to code that does not verify, woven or not; 3.46 and javac must weave.
package fz.reg.ecjswitch;

import dev.weft.*;
import dev.weft.annotations.Async;

public class Main {
    @Async
    static Coroutine<Float> a0(int depth) {
        if (depth <= 0) {
            return Coroutine.of(0.0f);
        }
        return Coroutine.of(switch (depth % 3) { case 0 -> 0.5f; case 1 -> Await.on(a0(depth - 1)); default -> 1.5f; });
    }

    public static void main(String[] args) {
        System.out.println("result " + Asyncio.run(a0(4)));
    }
}
