package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** Port of seed-programs/36_combine_sequential.py: the result of one await feeds the next. */
public class S36CombineSequential {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> fetchData() {
        System.out.println("Fetching data...");
        Await.on(Asyncio.sleep(1.0 / SCALE));
        return Coroutine.of("data");
    }

    @Async
    static Coroutine<String> processData(String data) {
        System.out.println("Processing " + data + "...");
        Await.on(Asyncio.sleep(1.0 / SCALE));
        return Coroutine.of("processed data");
    }

    @Async
    static Coroutine<Void> main() {
        String data = Await.on(fetchData());
        String processedData = Await.on(processData(data));
        System.out.println("Final result: " + processedData);
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
