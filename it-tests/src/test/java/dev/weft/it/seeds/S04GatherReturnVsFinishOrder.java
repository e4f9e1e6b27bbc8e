package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.util.List;

/**
 * Port of seed-programs/04_gather_return_vs_finish_order.py: gather's results are in argument order
 * although the coroutines finish in delay order.
 */
public class S04GatherReturnVsFinishOrder {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> work(String name, int delay) {
        Await.on(Asyncio.sleep((double) delay / SCALE));
        System.out.println(name + " finished after " + delay + "s");
        return Coroutine.of(name);
    }

    @Async
    static Coroutine<Void> main() {
        List<Object> results = Await.on(Asyncio.gather(work("A", 3), work("B", 1), work("C", 2)));
        System.out.println("gather results (argument order): " + Py.str(results));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
