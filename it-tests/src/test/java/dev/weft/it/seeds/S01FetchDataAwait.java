package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/** Port of seed-programs/01_fetch_data_await.py: await of a coroutine, sleep, a return value, run. */
public class S01FetchDataAwait {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    @Async
    static Coroutine<String> fetchData() {
        System.out.println("Start fetching data...");
        Await.on(Asyncio.sleep(2.0 / SCALE)); // Simulate an I/O-bound operation with sleep
        System.out.println("Done fetching data!");
        return Coroutine.of("Data");
    }

    @Async
    static Coroutine<Void> main() {
        String result = Await.on(fetchData()); // Await the coroutine
        System.out.println(result);
        return Coroutine.done();
    }

    public static void main(String[] args) {
        // Running the async function using asyncio.run()
        Asyncio.run(main());
    }
}
