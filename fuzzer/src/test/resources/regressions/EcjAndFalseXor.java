// Found by the fuzzer (seed 5134): ECJ 3.46 compiles `(flag && false) ^ other`, flag a static field, so
// that it is false when other is true (javac: true). A compiler bug, not the weaver's: mode (a-ecj), the
// unwoven stand-in compiled by ECJ, differs from (a) and (d) agrees with (a-ecj).
package fz.reg.ecjandfalse;
import dev.weft.*;
import dev.weft.annotations.Async;
public class Main {
    static boolean sZ = true; static boolean fZ = false;
    @Async static Coroutine<String> a0() {
        Await.on(Asyncio.sleep(0));
        if ((fZ && false) ^ sZ) {
            System.out.println("first");
        } else {
            System.out.println("second");
        }
        return Coroutine.of("done");
    }
    public static void main(String[] args) { System.out.println(Asyncio.run(a0())); }
}
