// Reduced from fuzzer seed 1921: ECJ class files of an empty synchronized block inside a try/catch, with an
// await after the try, were rejected as "Await.on(...) inside a synchronized block" (fixed in 6d4fe49).
package fz.reg.ecjemptysync;
import dev.weft.*;
import dev.weft.annotations.Async;
public class Main {
    static final Object LOCK = new Object();
    @Async static Coroutine<Integer> a1() {
        try {
            synchronized (LOCK) {
            }
        } catch (RuntimeException e) {
        }
        return Coroutine.of(Await.on(Asyncio.sleep(0, 7)));
    }
    public static void main(String[] args) { System.out.println(Asyncio.run(a1())); }
}
