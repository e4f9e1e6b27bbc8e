package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Ascii.b;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Edge cases of the I/O layer (peers that go away, writes after close, limits, servers, pipes), each against the
 * same program run with CPython 3.11.7, whose output is in the comment above it.
 */
@Timeout(60)
class IoEdgeCasesTest {

    static String s(byte[] b) {
        return b == null ? "None" : new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static String err(Throwable e) {
        return e.getClass().getSimpleName() + " " + e.getMessage();
    }

    /*
     * A child's stdin after close() or write_eof(): Python's pipe transport drops the write (it only counts it, and
     * warns from the fifth on), unlike a socket's RuntimeError after write_eof.
     *
     * async def main():
     *     p = await asyncio.create_subprocess_exec("cat", stdin=PIPE, stdout=PIPE)
     *     p.stdin.write(b"hi\n"); p.stdin.close()
     *     print("closing", p.stdin.is_closing())
     *     p.stdin.write(b"more\n")          # no error
     *     p.stdin.write_eof()               # no error
     *     await p.stdin.drain()             # no error
     *     print(await p.stdout.read(), await p.wait())
     *     p = await asyncio.create_subprocess_exec("cat", stdin=PIPE, stdout=PIPE)
     *     p.stdin.write(b"a"); p.stdin.write_eof()
     *     p.stdin.write(b"b")               # no error
     *     print(await p.communicate())
     *
     * prints: closing True / write after close: ok / write_eof after close: ok / drain after close ok /
     *         b'hi\n' 0 / write after write_eof ok / (b'a', None)
     */
    @Async
    static Coroutine<List<String>> stdinWritesAfterClose() throws IOException {
        List<String> log = new ArrayList<>();
        Subprocess p = Await.on(Asyncio.createSubprocessExec("cat"));
        p.stdin().write(b("hi\n"));
        p.stdin().close();
        log.add("closing " + p.stdin().isClosing());
        try {
            p.stdin().write(b("more\n"));
            log.add("write after close: ok");
        } catch (RuntimeException e) {
            log.add("write after close: " + err(e));
        }
        p.stdin().writeEof();
        log.add("write_eof after close: ok");
        Await.on(p.stdin().drain());
        log.add("drain after close ok");
        log.add(s(Await.on(p.stdout().read())) + " " + Await.on(p.await()));
        Subprocess q = Await.on(Asyncio.createSubprocessExec("cat"));
        q.stdin().write(b("a"));
        q.stdin().writeEof();
        try {
            q.stdin().write(b("b"));
            log.add("write after write_eof ok");
        } catch (RuntimeException e) {
            log.add("write after write_eof: " + err(e));
        }
        log.add(s(Await.on(q.communicate()).stdout()));
        return Coroutine.of(log);
    }

    @Test
    void aChildsStdinDropsWritesAfterCloseAsPythonsPipeTransport() throws IOException {
        assertEquals(List.of("closing true", "write after close: ok", "write_eof after close: ok",
                "drain after close ok", "hi\n 0", "write after write_eof ok", "a"),
                Asyncio.run(stdinWritesAfterClose()));
    }
}
