package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** Port of seed-programs/25_fetch_then_process.py: await for a value, then use it. */
public class S25FetchThenProcess {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> fetchData() {
        System.out.println("Fetching data...");
        Await.on(Asyncio.sleep(2.0 / SCALE)); // Simulates a delay
        System.out.println("Data fetched!");
        return Coroutine.of("Some data");
    }

    @Async
    static Coroutine<Void> processData() {
        String data = Await.on(fetchData());
        System.out.println("Processing " + data);
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(processData());
    }
}
