package dev.weft.demo;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Held;
import dev.weft.Semaphore;
import dev.weft.Server;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Timeout;
import dev.weft.TimeoutError;
import dev.weft.annotations.Async;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Weft in one page: a small HTTP server and its client on one thread. The server ({@link SleepServer}) answers each
 * request after the delay the request asks for. The client ({@link HttpGet}) fetches five pages concurrently in a
 * {@link TaskGroup}, at most three at a time (a {@link Semaphore}), each within a second
 * ({@link Asyncio#timeout(double)}): the slowest page times out, and the others still come.
 */
public final class Demo {
    /**
     * What to fetch: each page asks the server to take that many milliseconds. Three at a time, the answers come at
     * 0.1, 0.4, 0.7 and 1.0 s, and the slow page, which gets its slot at 0.4 s, times out at 1.4 s. Events 0.3 s
     * apart keep the output's order fixed, even with a cold JVM's first connection slower than the rest.
     */
    static final List<String> PAGES = List.of("/sleep/100", "/sleep/400", "/sleep/700", "/sleep/900", "/sleep/5000");
    /** How many fetches may be in flight at once. */
    static final int AT_ONCE = 3;
    /** How long a fetch may take, in seconds, once it has its slot. */
    static final double TIMEOUT = 1.0;

    private Demo() {
    }

    /**
     * Starts the server, fetches {@link #PAGES} from it and reports, then closes the server.
     *
     * @return the coroutine to run
     * @throws IOException (when awaited) when the server cannot listen
     */
    @Async
    static Coroutine<Void> main() throws IOException {
        long start = System.nanoTime();
        try (Server server = Await.on(Asyncio.startServer(SleepServer::handle, "127.0.0.1", 0))) {
            System.out.println("serving HTTP/1.0 on 127.0.0.1:" + server.port());
            System.out.printf(Locale.ROOT, "fetching %d pages, %d at a time, each within %.1f s%n",
                    PAGES.size(), AT_ONCE, TIMEOUT);
            Semaphore slots = new Semaphore(AT_ONCE);
            List<Task<Boolean>> fetches = new ArrayList<>();
            try (TaskGroup group = new TaskGroup()) {              // async with asyncio.TaskGroup() as group:
                for (String page : PAGES) {
                    fetches.add(group.createTask(fetch(server.port(), page, slots)));
                }
            }                                                      // every fetch has ended here
            long fetched = fetches.stream().filter(Task::result).count();
            System.out.printf(Locale.ROOT, "fetched %d of %d pages in %.2f s, all on one thread (%s)%n",
                    fetched, PAGES.size(), (System.nanoTime() - start) / 1e9, Thread.currentThread().getName());
        }                                                          // the server stops listening here
        System.out.println("server closed");
        return Coroutine.done();
    }

    /**
     * Fetches one page once a slot is free, within {@link #TIMEOUT}, and says how it went.
     *
     * @param port the server's port
     * @param page the path to get
     * @param slots the fetches in flight
     * @return the coroutine to await: whether the page came in time
     * @throws IOException (when awaited) when the connection fails
     */
    @Async
    static Coroutine<Boolean> fetch(int port, String page, Semaphore slots) throws IOException {
        try (Held slot = Await.on(slots.hold())) {                 // async with slots:
            System.out.println("  GET " + page);
            try (Timeout t = Asyncio.timeout(TIMEOUT)) {            //     async with asyncio.timeout(1.0):
                HttpGet.Response response = Await.on(HttpGet.get("127.0.0.1", port, page));
                System.out.println("  " + page + ": " + response.status() + ", " + String.join(" ", response.body()));
                return Coroutine.of(true);
            } catch (TimeoutError e) {
                System.out.printf(Locale.ROOT, "  %s: timed out after %.1f s%n", page, TIMEOUT);
                return Coroutine.of(false);
            }
        }
    }

    /**
     * Runs the demo.
     *
     * @param args not used
     * @throws IOException when the server cannot listen
     */
    public static void main(String[] args) throws IOException {
        Asyncio.run(main());
    }
}
