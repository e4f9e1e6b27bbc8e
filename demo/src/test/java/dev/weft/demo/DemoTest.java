package dev.weft.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the demo, woven by the plugin as the build weaves it, and checks all it prints, so that it cannot rot. The
 * port and the time taken change from run to run and are masked; everything else, order included, is fixed by the
 * demo's delays.
 */
class DemoTest {

    @Test
    void fetchesAPageThenFiveTwoAtATimeAndTheSlowOneTimesOut() throws IOException {
        String printed = runDemo()
                .replaceFirst("127\\.0\\.0\\.1:\\d+\n", "127.0.0.1:PORT\n")
                .replaceFirst("pages in \\d+\\.\\d\\d s", "pages in T s");
        assertEquals("""
                serving HTTP/1.0 on 127.0.0.1:PORT
                one page:
                  /sleep/50: HTTP/1.0 200 OK, slept 50 ms
                5 pages, 2 at a time, each within 1.0 s:
                  GET /sleep/200
                  GET /sleep/500
                  /sleep/200: HTTP/1.0 200 OK, slept 200 ms
                  GET /sleep/5000
                  /sleep/500: HTTP/1.0 200 OK, slept 500 ms
                  GET /sleep/300
                  /sleep/300: HTTP/1.0 200 OK, slept 300 ms
                  GET /sleep/100
                  /sleep/100: HTTP/1.0 200 OK, slept 100 ms
                  /sleep/5000: timed out after 1.0 s
                fetched 4 of 5 pages in T s, all on one thread (main)
                server closed
                """, printed);
    }

    /** What {@code Demo.main} prints, with {@code \n} line ends. */
    private static String runDemo() throws IOException {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Demo.main(new String[0]);
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
