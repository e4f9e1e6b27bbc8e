package dev.weft.internal.jfr;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.annotations.Async;
import jdk.jfr.Recording;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Path;

/**
 * Run by JfrEventsTest in a new JVM: records the Weft events of a small program into the file named by its
 * argument. Tasks with known lives: {@code sleeper} suspends 3 times, {@code quick} never, {@code failing} once
 * and fails, {@code doomed} once and is cancelled; one callback blocks the loop for 150 ms, and one pipe becomes
 * readable.
 */
public final class JfrProgram {
    private JfrProgram() {
    }

    @Async
    static Coroutine<Void> sleeper() {
        for (int i = 0; i < 3; i++) {
            Await.on(Asyncio.sleep(0.01));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> quick() {
        return Coroutine.of(42);
    }

    @Async
    static Coroutine<Void> failing() {
        Await.on(Asyncio.sleep(0));
        throw new IllegalStateException("planned");
    }

    @Async
    static Coroutine<Void> doomed() {
        Await.on(Asyncio.sleep(10));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() throws Exception {
        Task<Void> s = Asyncio.createTask(sleeper(), "sleeper");
        Task<Integer> q = Asyncio.createTask(quick(), "quick");
        Task<Void> f = Asyncio.createTask(failing(), "failing");
        Task<Void> d = Asyncio.createTask(doomed(), "doomed");
        Await.on(s);
        Await.on(q);
        try {
            Await.on(f);
        } catch (IllegalStateException expected) {
            // its TaskEnd says failed
        }
        d.cancel();
        try {
            Await.on(d);
        } catch (CancelledError expected) {
            // its TaskEnd says cancelled
        }

        EventLoop loop = Asyncio.getRunningLoop();
        Future<Void> blocked = loop.createFuture();
        loop.callSoon(() -> {
            long end = System.nanoTime() + 150_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();   // holds the loop: a SlowCallback and a LoopBlocked
            }
            blocked.setResult(null);
        });
        Await.on(blocked);

        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        Future<Void> read = loop.createFuture();
        loop.addReader(pipe.source(), () -> {
            loop.removeReader(pipe.source());
            read.setResult(null);
        });
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        Await.on(read);
        pipe.sink().close();
        pipe.source().close();
        return Coroutine.done();
    }

    public static void main(String[] args) throws Exception {
        try (Recording r = new Recording()) {
            for (String name : new String[] {"TaskStart", "TaskEnd", "SlowCallback", "LoopBlocked", "IoReady"}) {
                r.enable("dev.weft." + name);
            }
            r.start();
            Asyncio.run(main());
            r.stop();
            r.dump(Path.of(args[0]));
        }
        System.out.println("recorded");
    }
}
