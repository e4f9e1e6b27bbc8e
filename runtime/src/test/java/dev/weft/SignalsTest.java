package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signal handlers on the loop, and Ctrl-C during {@code Asyncio.run}. */
@Timeout(60)
class SignalsTest {

    @Async
    static Coroutine<List<String>> usr1() {
        EventLoop loop = Asyncio.getRunningLoop();
        Thread loopThread = Thread.currentThread();
        List<String> log = new ArrayList<>();
        Future<Void> got = loop.createFuture();
        loop.addSignalHandler("USR1", () -> log.add("first handler"));
        loop.addSignalHandler("USR1", () -> {
            log.add("USR1 on the loop's thread " + (Thread.currentThread() == loopThread));
            got.setResult(null);
        });
        Signal.raise(new Signal("USR1"));
        Await.on(got);
        log.add("removed " + loop.removeSignalHandler("USR1"));
        log.add("removed again " + loop.removeSignalHandler("USR1"));
        return Coroutine.of(log);
    }

    @Test
    void aSignalRunsTheLatestHandlerOnTheLoop() {
        assertEquals(List.of("USR1 on the loop's thread true", "removed true", "removed again false"),
                Asyncio.run(usr1()));
    }

    @Test
    void signalsThatCannotBeHandledAreRefusedClearly() {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("NOPE", () -> { }));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> loop.addSignalHandler("KILL", () -> { }));
            assertTrue(e.getMessage().startsWith("sig KILL cannot be caught"), e.getMessage());
            assertFalse(loop.removeSignalHandler("KILL"));
        } finally {
            loop.close();
        }
        assertThrows(IllegalStateException.class, () -> loop.addSignalHandler("USR1", () -> { }));
    }

    /** Ctrl-C in another JVM running SigintProgram: the main task is cancelled, its finally runs, run throws. */
    @Test
    void ctrlCCancelsTheMainTaskAndRunThrowsKeyboardInterrupt() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // A JVM started where SIGINT is ignored (a background job, as CI may run this) ignores it too; perl (part of
        // every Debian system) puts the default back before it becomes the child JVM.
        Process p = new ProcessBuilder("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die", java, "-cp",
                System.getProperty("java.class.path"), SigintProgram.class.getName()).redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            lines.add(out.readLine());
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor());
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of("started", "finally ran", "KeyboardInterrupt"), lines);
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
