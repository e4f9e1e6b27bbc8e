package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Connection;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Port of seed-programs/40_http_fetch_local_server.py: streams (openConnection, write, drain, read to the end,
 * close, waitClosed) fetching two pages concurrently with gather, from a small HTTP/1.0 server on 127.0.0.1 that
 * runs in a thread, as Python's ThreadingHTTPServer does in the seed.
 */
public class S40HttpFetchLocalServer {

    static final Map<String, byte[]> BODIES = Map.of(
            "/example.com", ("<html><head><title>Example Domain</title></head>"
                    + "<body><h1>Example Domain</h1></body></html>\n").getBytes(StandardCharsets.US_ASCII),
            "/python.org", ("<html><head><title>Welcome to Python.org</title></head>"
                    + "<body><h1>Python</h1></body></html>\n").getBytes(StandardCharsets.US_ASCII));

    /** Python's BaseHTTPRequestHandler in brief: one request per connection, then close (HTTP/1.0). */
    static void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                String path = in.readLine().split(" ")[1];
                while (!in.readLine().isEmpty()) {
                    // the headers: not needed
                }
                byte[] body = BODIES.get(path);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11\r\nContent-Type: text/html\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            } catch (IOException e) {
                return;   // the server socket closed: the program is over
            }
        }
    }

    /** A fetch's status line and body: Python's tuple. */
    record Page(String statusLine, byte[] body) {
    }

    @Async
    static Coroutine<Page> fetch(String host, int port, String path) throws IOException {
        Connection c = Await.on(Asyncio.openConnection(host, port));
        c.writer().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        Await.on(c.writer().drain());
        byte[] response = Await.on(c.reader().read());   // HTTP/1.0: the server closes after the response
        c.writer().close();
        Await.on(c.writer().waitClosed());
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        byte[] body = split < 0 ? new byte[0] : Arrays.copyOfRange(response, split + 4, response.length);
        return Coroutine.of(new Page(head.split("\r\n", 2)[0], body));
    }

    @Async
    static Coroutine<Void> main(String host, int port) throws IOException {
        List<String> paths = List.of("/example.com", "/python.org");
        List<Object> results = Await.on(Asyncio.gather(fetch(host, port, paths.get(0)), fetch(host, port, paths.get(1))));
        for (int i = 0; i < paths.size(); i++) {
            Page page = (Page) results.get(i);
            System.out.println(paths.get(i) + ": " + page.statusLine());
            byte[] first = Arrays.copyOf(page.body(), Math.min(20, page.body().length));
            System.out.println(paths.get(i) + ": " + new String(first, StandardCharsets.US_ASCII));
        }
        return Coroutine.done();
    }

    public static void main(String[] args) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread thread = new Thread(() -> serve(server), "http-server");
            thread.setDaemon(true);
            thread.start();
            Asyncio.run(main("127.0.0.1", server.getLocalPort()));
        }
    }
}
