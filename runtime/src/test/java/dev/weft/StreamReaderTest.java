package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.test.VirtualTime;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Ascii.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** StreamReader fed by hand, against CPython 3.11's {@code asyncio.StreamReader}. */
class StreamReaderTest {

    /** Python's {@code repr(bytes)} for the ASCII these tests use. */
    static String py(byte[] b) {
        StringBuilder sb = new StringBuilder("b'");
        for (byte x : b) {
            sb.append(x == '\n' ? "\\n" : String.valueOf((char) x));
        }
        return sb.append('\'').toString();
    }

    @Async
    static Coroutine<Void> feedLater(StreamReader r) {
        Await.on(Asyncio.sleep(0));
        r.feedData(b("ial\nxyz"));
        r.feedEof();
        return Coroutine.done();
    }

    /*
     * The same steps in Python 3.11 (asyncio.StreamReader(limit=8), feed_data, readline, read, readuntil,
     * readexactly, at_eof, then limit=4 for the overruns, then async for over lines) print exactly the trace below.
     */
    @Async
    static Coroutine<List<String>> steps() throws IOException {
        List<String> log = new ArrayList<>();
        StreamReader r = new StreamReader(8);
        r.feedData(b("line1\nline2\npart"));
        log.add("readline " + py(Await.on(r.readline())));
        log.add("read(3) " + py(Await.on(r.read(3))));
        log.add("readuntil " + py(Await.on(r.readUntil(b("2")))));
        log.add("at_eof " + pyBool(r.isAtEof()));
        Asyncio.createTask(feedLater(r));
        log.add("readline waits " + py(Await.on(r.readline())));
        try {
            Await.on(r.readExactly(5));
        } catch (IncompleteReadError e) {
            log.add("IncompleteReadError " + py(e.partial()) + " " + e.expected() + " " + e.getMessage());
        }
        log.add("at_eof " + pyBool(r.isAtEof()));
        log.add("read at eof " + py(Await.on(r.read())));
        r = new StreamReader(4);
        r.feedData(b("abcdefgh\nrest\n"));
        try {
            Await.on(r.readUntil(b("\n")));
        } catch (LimitOverrunError e) {
            log.add("LimitOverrunError " + e.consumed() + " " + e.getMessage());
        }
        try {
            Await.on(r.readline());
        } catch (IllegalStateException e) {
            log.add("ValueError " + e.getMessage());
        }
        log.add("after " + py(Await.on(r.readline())));
        r.feedData(b("0123456789"));
        try {
            Await.on(r.readUntil(b("9")));
        } catch (LimitOverrunError e) {
            log.add("found too far " + e.consumed() + " " + e.getMessage());
        }
        log.add("still there " + py(Await.on(r.read(100))));
        r.feedEof();
        try {
            Await.on(r.readUntil(b("\n")));
        } catch (IncompleteReadError e) {
            log.add("IncompleteReadError " + py(e.partial()) + " " + (e.expected() < 0 ? "None" : e.expected())
                    + " " + e.getMessage());
        }
        r = new StreamReader();
        r.feedData(b("a\nb"));
        r.feedEof();
        List<String> lines = new ArrayList<>();
        while (true) {
            byte[] line = Await.on(r.readline());
            if (line.length == 0) {
                break;
            }
            lines.add(py(line));
        }
        log.add("lines [" + String.join(", ", lines) + "]");
        return Coroutine.of(log);
    }

    private static String pyBool(boolean v) {
        return v ? "True" : "False";
    }

    @Test
    void readsAsCPythonsStreamReaderDoes() throws IOException {
        assertEquals(List.of(
                "readline b'line1\\n'",
                "read(3) b'lin'",
                "readuntil b'e2'",
                "at_eof False",
                "readline waits b'\\n'",
                "at_eof False",
                "read at eof b'al\\nxyz'",
                "LimitOverrunError 8 Separator is found, but chunk is longer than limit",
                "ValueError Separator is found, but chunk is longer than limit",
                "after b'rest\\n'",
                "found too far 9 Separator is found, but chunk is longer than limit",
                "still there b'0123456789'",
                "IncompleteReadError b'' None 0 bytes read on a total of undefined expected bytes",
                "lines [b'a\\n', b'b']"), VirtualTime.run(steps()));
    }

    @Async
    static Coroutine<String> twoReaders() throws IOException {
        StreamReader r = new StreamReader();
        Task<byte[]> first = Asyncio.createTask(r.read(1));
        Await.on(Asyncio.sleep(0));
        try {
            Await.on(r.read(1));
            return Coroutine.of("read");
        } catch (IllegalStateException e) {
            first.cancel();
            return Coroutine.of(e.getMessage());
        }
    }

    @Test
    void aSecondReadWhileOneWaitsIsAnError() throws IOException {
        assertEquals("read() called while another coroutine is already waiting for incoming data",
                VirtualTime.run(twoReaders()));
    }

    @Test
    void badArgumentsAreRefused() {
        assertEquals("Limit cannot be <= 0",
                assertThrows(IllegalArgumentException.class,
                        () -> new StreamReader(0)).getMessage());
    }

    // ---- the lines as an async iteration ----

    /*
     * Python 3.11.7:
     *   r.feed_data(b"one\ntwo\nthree"); r.feed_eof(); it = r.__aiter__(); await it.__anext__() until
     *   StopAsyncIteration; then anext(aiter(r2), b"default") twice over b"x\n"
     * prints [b'one\n', b'two\n', b'three', 'stop', b'x\n', b'default']
     */
    @Async
    static Coroutine<List<String>> linesAsync() {
        List<String> out = new ArrayList<>();
        StreamReader r = new StreamReader();
        r.feedData("one\ntwo\nthree".getBytes(StandardCharsets.US_ASCII));
        r.feedEof();
        AsyncIterator<byte[]> it = r.aiter();
        while (true) {
            try {
                out.add(py(Await.on(it.anext())));
            } catch (StopAsyncIteration e) {
                out.add("stop");
                break;
            }
        }
        StreamReader r2 = new StreamReader();
        r2.feedData("x\n".getBytes(StandardCharsets.US_ASCII));
        r2.feedEof();
        AsyncIterator<byte[]> it2 = r2.aiter();
        byte[] dflt = "default".getBytes(StandardCharsets.US_ASCII);
        out.add(py(Await.on(it2.anext(dflt))));
        out.add(py(Await.on(it2.anext(dflt))));
        return Coroutine.of(out);
    }

    @Test
    void theLinesAreAnAsyncIterationThatStopsAtTheEnd() {
        assertEquals(List.of("b'one\\n'", "b'two\\n'", "b'three'", "stop", "b'x\\n'", "b'default'"),
                Asyncio.run(linesAsync()));
    }

    @Test
    void aPlainForEachOverAnAsyncIterableOrAPlainCloseOfAnAsyncCloseableSaysWhatToDo() {
        // Written as a for-each over the StreamReader, this would not weave (see MisuseTest); seen as a plain
        // Iterable, as unwoven or reflective code may see it, iterator() says what to do.
        Iterable<byte[]> r = new StreamReader();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            for (byte[] line : r) {
                throw new AssertionError(line);
            }
        });
        assertEquals("for-each over dev.weft.StreamReader, an AsyncIterable, needs an @Async method (woven): there it"
                + " is async for; elsewhere await aiter().anext()", e.getMessage());
        AsyncCloseable resource = Coroutine::done;
        IllegalStateException c = assertThrows(IllegalStateException.class, resource::close);
        assertEquals(resource.getClass().getName() + " is an AsyncCloseable: await its aclose(), or use it in"
                + " try-with-resources inside an @Async method (async with)", c.getMessage());
    }
}
