package dev.weft.internal.subprocess;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.StreamReader;
import dev.weft.StreamWriter;
import dev.weft.Subprocess;
import dev.weft.annotations.Async;
import dev.weft.internal.Access;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.streams.StreamProtocol;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;

/** {@code Asyncio.createSubprocess} and its variants: Python's {@code create_subprocess_exec} and {@code _shell}. */
public final class Subprocesses {
    private static final Access ACCESS = Access.get();

    private Subprocesses() {
    }

    /**
     * Starts {@code builder}'s process on the running loop, with streams for the pipes it asks for.
     *
     * @param builder the command, its directory, environment and redirects
     * @return the coroutine to await: the child
     * @throws IOException (when awaited) what starting the process throws
     */
    @Async
    public static Coroutine<Subprocess> create(ProcessBuilder builder) throws IOException {
        BaseEventLoop loop = BaseEventLoop.running();
        Process process = builder.start();
        String name = "weft-subprocess-" + process.pid();
        StreamWriter stdin = null;
        if (builder.redirectInput() == Redirect.PIPE) {
            StreamProtocol protocol = new StreamProtocol(loop, null, null);
            WritePipe pipe = new WritePipe(loop, process.getOutputStream(), protocol, name + "-stdin");
            stdin = ACCESS.newStreamWriter(pipe, protocol, null);
            process.onExit().thenRun(pipe::childExited);
        }
        StreamReader stdout = null;
        ReadPipe outPipe = null;
        if (builder.redirectOutput() == Redirect.PIPE) {
            stdout = new StreamReader();
            outPipe = new ReadPipe(loop, process.getInputStream(), stdout, name + "-stdout");
        }
        StreamReader stderr = null;
        ReadPipe errPipe = null;
        if (!builder.redirectErrorStream() && builder.redirectError() == Redirect.PIPE) {
            stderr = new StreamReader();
            errPipe = new ReadPipe(loop, process.getErrorStream(), stderr, name + "-stderr");
        }
        Subprocess child = ACCESS.newSubprocess(loop, process, stdin, stdout, stderr);
        StreamWriter in = stdin;
        ReadPipe out = outPipe;
        ReadPipe err = errPipe;
        loop.closeWithLoop(() -> {
            // The loop closes: a child still running is killed, and the pipes' threads end.
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            if (in != null) {
                in.transport().abort();
            }
            if (out != null) {
                out.close();
            }
            if (err != null) {
                err.close();
            }
        });
        Await.on(Asyncio.sleep(0));   // one pass: the stdin pipe's protocol is connected, as Python waits for its pipes
        return Coroutine.of(child);
    }

    /**
     * @param program the program
     * @param args its arguments
     * @return the coroutine to await: the child, with stdin, stdout and stderr piped
     * @throws IOException (when awaited) what starting the process throws
     */
    public static Coroutine<Subprocess> exec(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add(program);
        command.addAll(List.of(args));
        return create(new ProcessBuilder(command).redirectInput(Redirect.PIPE).redirectOutput(Redirect.PIPE)
                .redirectError(Redirect.PIPE));
    }

    /**
     * @param command a command line for the system's shell ({@code /bin/sh -c}, or {@code cmd /c} on Windows)
     * @return the coroutine to await: the child, with stdin, stdout and stderr piped
     * @throws IOException (when awaited) what starting the shell throws
     */
    public static Coroutine<Subprocess> shell(String command) throws IOException {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        return windows ? exec("cmd", "/c", command) : exec("/bin/sh", "-c", command);
    }
}
