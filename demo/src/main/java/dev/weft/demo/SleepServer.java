package dev.weft.demo;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.annotations.Async;

import java.io.IOException;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * The demo's server: HTTP/1.0 with one route, {@code GET /sleep/<ms>}, answered after that many milliseconds. So
 * each request chooses how slow its answer is. Every connection is served by a task of its own: a handler that
 * sleeps holds up no other. One still sleeping when the program ends (its client gave up) is cancelled by
 * {@code Asyncio.run}, as Python's {@code asyncio.run} cancels the tasks left, and its try-with-resources closes the
 * connection.
 */
final class SleepServer {
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(US_ASCII);

    private SleepServer() {
    }

    /**
     * Serves one connection: reads the request, sleeps as it asks, answers and closes.
     *
     * @param reader the request
     * @param writer where the response goes
     * @return the coroutine the server runs as the connection's task
     */
    @Async
    static Coroutine<Void> handle(StreamReader reader, StreamWriter writer) {
        try (writer) {                                          // async with: closed however the handler ends
            String head = new String(Await.on(reader.readUntil(END_OF_HEAD)), US_ASCII);
            String path = head.split(" ")[1];                    // GET /sleep/300 HTTP/1.0
            int millis = Integer.parseInt(path.substring("/sleep/".length()));
            Await.on(Asyncio.sleep(millis / 1000.0));
            writer.write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nslept " + millis + " ms\n")
                    .getBytes(US_ASCII));
        } catch (IOException e) {
            // The client went away: there is no one to answer.
        }
        return Coroutine.done();
    }
}
