package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.weft.Ascii.b;
import static dev.weft.Ascii.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Child processes on the loop, against CPython 3.11 (the same programs with asyncio.create_subprocess_exec and
 * _shell give the same outputs and return codes, but for a killed child: Python's -9 and -15 are the JDK's 137
 * and 143).
 */
@Timeout(60)
class SubprocessTest {

    static String s(byte[] b) {
        return b == null ? "None" : new String(b, StandardCharsets.US_ASCII);
    }

    @Async
    static Coroutine<List<String>> cat() throws IOException {
        List<String> log = new ArrayList<>();
        Subprocess p = Await.on(Asyncio.createSubprocessExec("cat"));
        log.add("returncode " + p.returnCode());
        p.stdin().write(b("hello\n"));
        Await.on(p.stdin().drain());
        log.add("line " + s(Await.on(p.stdout().readline())).trim());
        p.stdin().close();
        log.add("exit " + Await.on(p.await()));
        log.add("rest '" + s(Await.on(p.stdout().read())) + "'");
        log.add("returncode " + p.returnCode());
        return Coroutine.of(log);
    }

    @Test
    void aChildsPipesAreStreams() throws IOException {
        assertEquals(List.of("returncode null", "line hello", "exit 0", "rest ''", "returncode 0"),
                Asyncio.run(cat()));
    }

    @Async
    static Coroutine<List<String>> communicate() throws IOException {
        List<String> log = new ArrayList<>();
        Subprocess p = Await.on(Asyncio.createSubprocessShell("cat; echo err >&2; exit 3"));
        Subprocess.Output out = Await.on(p.communicate(b("input\n")));
        log.add("stdout " + s(out.stdout()).trim() + ", stderr " + s(out.stderr()).trim() + ", rc " + p.returnCode());
        ProcessBuilder merged = new ProcessBuilder("sh", "-c", "echo out; echo err >&2")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true);
        Subprocess q = Await.on(Asyncio.createSubprocess(merged));
        Subprocess.Output both = Await.on(q.communicate());
        log.add("merged " + s(both.stdout()).replace('\n', ' ').trim() + ", stderr " + s(both.stderr())
                + ", stdin " + q.stdin());
        return Coroutine.of(log);
    }

    @Test
    void communicateFeedsAndCollects() throws IOException {
        assertEquals(List.of("stdout input, stderr err, rc 3", "merged out err, stderr None, stdin null"),
                Asyncio.run(communicate()));
    }

    /** Ten MiB from a child: the reader pauses the pipe above its limit and resumes it, and every byte arrives. */
    @Async
    static Coroutine<Integer> bigOutput() throws IOException {
        Subprocess p = Await.on(Asyncio.createSubprocessExec("head", "-c", "10485760", "/dev/zero"));
        p.stdin().close();
        int total = 0;
        while (true) {
            byte[] chunk = Await.on(p.stdout().read(100_000));
            if (chunk.length == 0) {
                break;
            }
            total += chunk.length;
        }
        Await.on(p.await());
        return Coroutine.of(total);
    }

    @Test
    void bigOutputArrivesWhole() throws IOException {
        assertEquals(10 << 20, Asyncio.run(bigOutput()));
    }

    @Async
    static Coroutine<List<Integer>> stopping() throws IOException {
        Subprocess killed = Await.on(Asyncio.createSubprocessExec("sleep", "100"));
        killed.kill();
        Subprocess terminated = Await.on(Asyncio.createSubprocessExec("sleep", "100"));
        terminated.terminate();
        int a = Await.on(killed.await());
        int b = Await.on(terminated.await());
        return Coroutine.of(List.of(a, b));
    }

    @Test
    void killAndTerminateGiveTheJdksStatuses() throws IOException {
        assertEquals(List.of(128 + 9, 128 + 15), Asyncio.run(stopping()));
    }

    @Async
    static Coroutine<Long> leftRunning() throws IOException {
        Subprocess p = Await.on(Asyncio.createSubprocessExec("sleep", "100"));
        return Coroutine.of(p.pid());
    }

    @Test
    void closingTheLoopKillsAChildLeftRunning() throws IOException, InterruptedException {
        long pid = Asyncio.run(leftRunning());
        ProcessHandle h = ProcessHandle.of(pid).orElse(null);
        if (h != null) {
            h.onExit().join();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    @Async
    static Coroutine<String> missingProgram() {
        try {
            Await.on(Asyncio.createSubprocessExec("/no/such/program"));
            return Coroutine.of("started");
        } catch (IOException e) {
            return Coroutine.of("IOException");
        }
    }

    @Test
    void aMissingProgramIsAnIOException() {
        assertEquals("IOException", Asyncio.run(missingProgram()));
    }
}
