package dev.weft.internal.management;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Event;
import dev.weft.EventLoop;
import dev.weft.annotations.Async;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Run by LoopMBeanTest in a new JVM: a loop on the thread "server" with a task "worker" that waits on an event, until
 * standard input says {@code stop}; then it prints {@code stopped} and waits for {@code exit}.
 */
public final class LoopMBeanProgram {
    private LoopMBeanProgram() {
    }

    @Async
    static Coroutine<Void> worker(Event stop) {
        Await.on(stop.await()); // line 24: LoopMBeanTest looks for it in the dump
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main(BufferedReader in) {
        Event stop = new Event();
        EventLoop loop = Asyncio.getRunningLoop();
        Thread reader = new Thread(() -> {
            try {
                while (!"stop".equals(in.readLine())) {
                    // wait for it
                }
            } catch (java.io.IOException e) {
                // the test went away: stop too
            }
            loop.callSoonThreadsafe(stop::set);
        });
        reader.setDaemon(true);
        reader.start();
        Await.on(Asyncio.createTask(worker(stop), "worker"));
        return Coroutine.done();
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Thread server = new Thread(() -> {
            System.out.println("running");
            Asyncio.run(main(in));
        }, "server");
        server.start();
        server.join();
        System.out.println("stopped");
        while (!"exit".equals(in.readLine())) {
            // keep the JVM for the test to look at
        }
    }
}
