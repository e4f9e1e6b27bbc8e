package dev.weft;

import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process on the loop: Python's {@code asyncio.subprocess.Process}. Its pipes are streams: {@link #stdin()}
 * a {@link StreamWriter}, {@link #stdout()} and {@link #stderr()} {@link StreamReader}s ({@code null} where the
 * {@code ProcessBuilder} did not pipe). The JDK's pipes cannot be watched by a selector, so each pipe has a daemon
 * thread of its own that blocks in it, never the loop's thread; the data reaches the streams on the loop. When the
 * loop closes, a child still running is killed and its pipes' threads end. Use it from its loop's thread.
 *
 * <p>Cancelling a task that waits on the child ({@link #await()}, {@link #communicate}) stops the wait only: the
 * child goes on running until it exits, or {@link #terminate()} or {@link #kill()} stops it.
 *
 * <pre>{@code
 * Subprocess p = Await.on(Asyncio.createSubprocessExec("git", "rev-parse", "HEAD"));
 * Subprocess.Output out = Await.on(p.communicate());
 * int status = p.returnCode();            // set: communicate() waited for the exit
 * }</pre>
 */
public final class Subprocess {

    /**
     * What {@link #communicate} collected.
     *
     * @param stdout everything the child wrote to stdout, or {@code null} if it was not piped
     * @param stderr everything the child wrote to stderr, or {@code null} if it was not piped
     */
    public record Output(byte[] stdout, byte[] stderr) {
    }

    private final BaseEventLoop loop;
    private final Process process;
    private final StreamWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private Integer returnCode;
    private final List<Future<Integer>> exitWaiters = new ArrayList<>();

    Subprocess(BaseEventLoop loop, Process process, StreamWriter stdin, StreamReader stdout, StreamReader stderr) {
        this.loop = loop;
        this.process = process;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        process.onExit().thenRun(() -> {
            if (!loop.isClosed()) {
                try {
                    loop.callSoonThreadsafe(this::exited);
                } catch (IllegalStateException closedMeanwhile) {
                    // nobody waits any more
                }
            }
        });
    }

    private void exited() {
        returnCode = process.exitValue();
        for (Future<Integer> w : exitWaiters) {
            if (!w.isCancelled()) {
                w.setResult(returnCode);
            }
        }
        exitWaiters.clear();
    }

    /**
     * @return the child's stdin, or {@code null} if it was not piped. Once the child exits the pipe is lost, as
     *     in Python: writes are dropped, {@code drain} throws, {@code waitClosed} returns
     */
    public StreamWriter stdin() {
        return stdin;
    }

    /** @return the child's stdout, or {@code null} if it was not piped */
    public StreamReader stdout() {
        return stdout;
    }

    /** @return the child's stderr, or {@code null} if it was not piped (or merged into stdout) */
    public StreamReader stderr() {
        return stderr;
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /**
     * @return the exit status once the loop has seen the child exit, else {@code null}. A child killed by signal N
     *     gives 128+N, as the JDK reports it (Python gives -N).
     */
    public Integer returnCode() {
        return returnCode;
    }

    /**
     * Waits until the child exits: Python's {@code wait()}. It does not read the pipes: a child that fills a pipe
     * nobody reads blocks forever; {@link #communicate} reads them. Does not suspend once the loop has seen the
     * exit. Any number of tasks may wait; cancelling one leaves the others waiting.
     *
     * @return the coroutine to await: the exit status
     */
    @Async
    public Coroutine<Integer> await() {
        if (returnCode != null) {
            return Coroutine.of(returnCode);
        }
        Future<Integer> waiter = loop.createFuture();
        exitWaiters.add(waiter);
        int code = Await.on(waiter);
        return Coroutine.of(code);
    }

    /**
     * Closes stdin, reads stdout and stderr to the end, and waits for the child to exit: Python's
     * {@code communicate()}.
     *
     * @return the coroutine to await: what the child wrote
     * @throws IOException (when awaited) an error reading a pipe
     */
    public Coroutine<Output> communicate() throws IOException {
        return communicate(null);
    }

    /**
     * Writes {@code input} to stdin and closes it, reads stdout and stderr to the end (at the same time, so the
     * child never blocks on a full pipe), and waits for the child to exit: Python's {@code communicate(input)}. A
     * child that exits without reading all its input is not an error. Everything the child writes is held in
     * memory. Cancelled, it loses what it read so far and leaves the child running (and stdin open, if it had
     * not closed it yet).
     *
     * @param input the bytes for stdin, or {@code null}
     * @return the coroutine to await: what the child wrote
     * @throws IOException (when awaited) an error reading a pipe
     */
    @Async
    public Coroutine<Output> communicate(byte[] input) throws IOException {
        List<Object> results = Await.on(Asyncio.gather(feedStdin(input), readAll(stdout), readAll(stderr)));
        Await.on(await());
        return Coroutine.of(new Output((byte[]) results.get(1), (byte[]) results.get(2)));
    }

    @Async
    private Coroutine<Void> feedStdin(byte[] input) throws IOException {
        if (stdin == null) {
            return Coroutine.done();
        }
        if (input != null) {
            stdin.write(input);
        }
        try {
            Await.on(stdin.drain());
        } catch (IOException brokenPipe) {
            // communicate() ignores a child that stopped reading, as Python's ignores BrokenPipeError
        }
        stdin.close();
        return Coroutine.done();
    }

    @Async
    private static Coroutine<byte[]> readAll(StreamReader stream) throws IOException {
        if (stream == null) {
            return Coroutine.of(null);
        }
        byte[] all = Await.on(stream.read());
        return Coroutine.of(all);
    }

    /**
     * Asks the child to stop (SIGTERM): Python's {@code terminate()}. Nothing happens once it exited. Never
     * suspends, and returns without waiting for the exit: {@link #await()} waits.
     */
    public void terminate() {
        process.destroy();
    }

    /**
     * Kills the child (SIGKILL): Python's {@code kill()}. Nothing happens once it exited. Never suspends, and
     * returns without waiting for the exit: {@link #await()} waits.
     */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "<Subprocess " + process.pid() + (returnCode != null ? " returncode=" + returnCode : "") + ">";
    }
}
