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
 * Weft's demo: a small HTTP server and its client, on one thread. The server ({@link SleepServer}) answers each
 * request after the delay the request asks for. The client ({@link HttpGet}) fetches one page, then five
 * concurrently in a {@link TaskGroup}, at most two at a time (a {@link Semaphore}), each within a second
 * ({@link Asyncio#timeout(double)}): the slow page times out, and the others still come.
 */
public final class Demo {
    /** Where the server listens; its port is chosen by the system. */
    static final String HOST = "127.0.0.1";
    /**
     * The pages fetched concurrently: each asks the server to take that many milliseconds. Two at a time, the
     * answers come at 0.2, 0.5, 0.8 and 0.9 s, and the slow page, which gets its slot at 0.2 s, times out at 1.2 s.
     * Answers that do not wait for each other's slot come at least 0.3 s apart, so the output's order is fixed.
     */
    static final List<String> PAGES = List.of("/sleep/200", "/sleep/500", "/sleep/5000", "/sleep/300", "/sleep/100");
    /** How many fetches may be in flight at once. */
    static final int AT_ONCE = 2;
    /** How long a fetch may take, in seconds, once it has its slot. */
    static final double TIMEOUT = 1.0;

    private Demo() {
    }

    /**
     * Starts the server, fetches one page from it, then {@link #PAGES}, and closes it.
     *
     * @return the coroutine to run
     * @throws IOException (when awaited) when the server cannot listen or a connection fails
     */
    @Async
    static Coroutine<Void> main() throws IOException {
        try (Server server = Await.on(Asyncio.startServer(SleepServer::handle, HOST, 0))) {   // async with server:
            System.out.println("serving HTTP/1.0 on " + HOST + ":" + server.port());
            // A plain await first; it also keeps a cold JVM's slow first connection out of the timed fetches.
            HttpGet.Response response = Await.on(HttpGet.get(HOST, server.port(), "/sleep/50"));
            System.out.println("one page:");
            System.out.println("  /sleep/50: " + response.summary());
            Await.on(fetchAll(server.port()));
        }
        System.out.println("server closed");
        return Coroutine.done();
    }

    /**
     * Fetches {@link #PAGES} concurrently and says how many came.
     *
     * @param port the server's port
     * @return the coroutine to await
     * @throws IOException (when awaited) when a connection fails
     */
    @Async
    static Coroutine<Void> fetchAll(int port) throws IOException {
        System.out.printf(Locale.ROOT, "%d pages, %d at a time, each within %.1f s:%n", PAGES.size(), AT_ONCE, TIMEOUT);
        long start = System.nanoTime();
        Semaphore slots = new Semaphore(AT_ONCE);
        List<Task<Boolean>> fetches = new ArrayList<>();
        try (TaskGroup group = new TaskGroup()) {                 // async with asyncio.TaskGroup() as group:
            for (String page : PAGES) {
                fetches.add(group.createTask(fetch(port, page, slots)));
            }
        }                                                         // every fetch has ended here
        long fetched = fetches.stream().filter(Task::result).count();
        System.out.printf(Locale.ROOT, "fetched %d of %d pages in %.2f s, all on one thread (%s)%n",
                fetched, PAGES.size(), (System.nanoTime() - start) / 1e9, Thread.currentThread().getName());
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
                HttpGet.Response response = Await.on(HttpGet.get(HOST, port, page));
                System.out.println("  " + page + ": " + response.summary());
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
