package dev.weft.demo;

import dev.weft.AsyncGenerator;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Connection;
import dev.weft.Coroutine;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.annotations.Async;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.US_ASCII;

/** The demo's client: an HTTP/1.0 GET over {@code Asyncio.openConnection}, its response read line by line. */
final class HttpGet {
    private HttpGet() {
    }

    /**
     * A response.
     *
     * @param status its status line, such as {@code HTTP/1.0 200 OK}
     * @param body the lines after the headers
     */
    record Response(String status, List<String> body) {
        /** @return the status line and the body, on one line */
        String summary() {
            return status + ", " + String.join(" ", body);
        }
    }

    /**
     * Fetches {@code path} from the server at {@code host:port}.
     *
     * @param host the server's address
     * @param port its port
     * @param path what to get
     * @return the coroutine to await: the response
     * @throws IOException (when awaited) when the connection fails
     */
    @Async
    static Coroutine<Response> get(String host, int port, String path) throws IOException {
        Connection connection = Await.on(Asyncio.openConnection(host, port));
        try (StreamWriter writer = connection.writer()) {       // async with: closed when done, or timed out
            writer.write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(US_ASCII));
            String status = null;
            List<String> body = new ArrayList<>();
            boolean inBody = false;
            for (String line : lines(connection.reader())) {   // async for: each line as it arrives
                if (status == null) {
                    status = line;
                } else if (inBody) {
                    body.add(line);
                } else {
                    inBody = line.isEmpty();                     // the blank line that ends the headers
                }
            }
            return Coroutine.of(new Response(status, body));
        }
    }

    /**
     * The lines a stream sends, as text without their line ends, until it ends: an async generator.
     *
     * @param reader the stream
     * @return the generator to iterate with a for-each in an {@code @Async} method
     */
    @Async
    static AsyncGenerator<String> lines(StreamReader reader) {
        for (byte[] line : reader) {                            // async for line in reader
            Await.yield(new String(line, US_ASCII).stripTrailing());
        }
        return AsyncGenerator.done();
    }
}
