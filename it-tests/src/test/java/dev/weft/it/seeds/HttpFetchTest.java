package dev.weft.it.seeds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's aiohttp example (004_2709e0ee82899b2a.txt, "Example: Async HTTP Requests (with aiohttp)")
 * ported to Weft, against a local server instead of the internet:
 * <pre>{@code
 * async def fetch(url):
 *     async with aiohttp.ClientSession() as session:
 *         async with session.get(url) as response:
 *             return await response.text()
 *
 * async def main():
 *     urls = ["https://example.com", "https://python.org"]
 *     results = await asyncio.gather(*(fetch(url) for url in urls))
 *     for result in results:
 *         print(result[:100])  # Print the first 100 characters
 * }</pre>
 * {@code session.get} becomes {@link HttpClient#sendAsync}, whose {@code CompletableFuture} completes on
 * the client's threads and is awaited with {@code Await.on(completableFuture)}; {@code fetch} also returns
 * the status code so that the test can check it.
 *
 * <p>The server holds the answer to the first URL until the request for the second one has arrived, so
 * the test passes only if both requests are in flight at once, and the first request finishes last:
 * {@code gather} must still return the results in argument order.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpFetchTest {

    static final Map<String, String> BODIES = Map.of(
            "/example.com", "<html><head><title>Example Domain</title></head>"
                    + "<body><h1>Example Domain</h1></body></html>\n",
            "/python.org", "<html><head><title>Welcome to Python.org</title></head>"
                    + "<body><h1>Python</h1></body></html>\n",
            "/missing", "no such page\n");

    private HttpServer server;
    private ExecutorService serverThreads;
    private final CountDownLatch pythonOrgRequested = new CountDownLatch(1);
    private final List<String> requestOrder = Collections.synchronizedList(new ArrayList<>());
    private final List<String> printed = new ArrayList<>();
    private HttpClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requestOrder.add(path);
        try {
            if (path.equals("/python.org")) {
                pythonOrgRequested.countDown();
            } else if (path.equals("/example.com")) {
                // Answer only once the second fetch is in flight too: fetches must run concurrently.
                if (!pythonOrgRequested.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the /python.org request never came while /example.com waited");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = BODIES.get(path).getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(path.equals("/missing") ? 404 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** One fetch's outcome: the status code and the text. */
    record Fetched(int status, String text) {
    }

    @Async
    Coroutine<Fetched> fetch(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        Thread before = Thread.currentThread();
        HttpResponse<String> response = Await.on(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        if (Thread.currentThread() != before) {
            throw new AssertionError("resumed on " + Thread.currentThread() + ", not on the loop thread " + before);
        }
        return Coroutine.of(new Fetched(response.statusCode(), response.body()));
    }

    @Async
    Coroutine<List<Fetched>> main(List<String> urls) {
        List<Coroutine<Fetched>> fetches = new ArrayList<>();
        for (String url : urls) {
            fetches.add(fetch(url));
        }
        List<Fetched> results = Await.on(Asyncio.gather(fetches));
        for (Fetched result : results) {
            printed.add(result.text().substring(0, Math.min(100, result.text().length()))); // the first 100 characters
        }
        return Coroutine.of(results);
    }

    @Test
    void gatherOfConcurrentFetchesReturnsTheBodiesInArgumentOrder() {
        List<Fetched> results = Asyncio.run(main(List.of(url("/example.com"), url("/python.org"), url("/missing"))));

        assertEquals(List.of(
                new Fetched(200, BODIES.get("/example.com")),
                new Fetched(200, BODIES.get("/python.org")),
                new Fetched(404, BODIES.get("/missing"))), results);
        assertEquals(List.of(
                "<html><head><title>Example Domain</title></head><body><h1>Example Domain</h1></body></html>\n",
                "<html><head><title>Welcome to Python.org</title></head><body><h1>Python</h1></body></html>\n",
                "no such page\n"), printed);
        // The server saw all three requests (in whatever order they arrived).
        assertEquals(3, requestOrder.size(), "requests: " + requestOrder);
        assertTrue(requestOrder.containsAll(List.of("/example.com", "/python.org", "/missing")), "requests: " + requestOrder);
    }

    @Async
    Coroutine<Throwable> fetchFailure(String url) {
        try {
            Await.on(fetch(url));
            return Coroutine.of(null);
        } catch (Exception e) {
            return Coroutine.of(e);
        }
    }

    @Test
    void aFailedRequestRethrowsTheOriginalCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Throwable failure = Asyncio.run(fetchFailure("http://127.0.0.1:" + closedPort + "/example.com"));
        assertInstanceOf(ConnectException.class, failure, "expected the unwrapped ConnectException");
    }
}
