// Reduced from fuzzer findings: a string concatenation whose operand is a switch expression with an await
// in one arm. ECJ 3.38 to 3.41 compile it to code that does not verify, woven or not ("Type
// 'java/lang/Object' (current frame, stack[0]) is not assignable to 'java/lang/String'"); 3.46 and javac
// must weave.
package fz.reg.ecjconcat;

import dev.weft.*;
import dev.weft.annotations.Async;

public class Main {
    @Async
    static Coroutine<String> a0(int d) {
        String s = "x" + switch (d) { case 1 -> Await.on(Asyncio.sleep(0, "y")); default -> "z"; };
        return Coroutine.of(s);
    }

    public static void main(String[] args) {
        System.out.println(Asyncio.run(a0(1)) + " " + Asyncio.run(a0(2)));
    }
}
