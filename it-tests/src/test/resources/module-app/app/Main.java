package app;

import dev.weft.AsyncGenerator;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Queue;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimeoutError;
import dev.weft.annotations.Async;

import java.util.List;

/** Run from the module path (ModulePathTest): woven classes of a named module on Weft's automatic modules. */
public class Main {

    @Async
    static Coroutine<String> fetch(String name, double delay) {
        Await.on(Asyncio.sleep(delay));
        return Coroutine.of(name.toUpperCase());
    }

    @Async
    static AsyncGenerator<Integer> ticks(int n) {
        for (int i = 0; i < n; i++) {
            Await.on(Asyncio.sleep(0));
            Await.yield(i);
        }
        return AsyncGenerator.done();
    }

    @Async
    static Coroutine<Void> produce(Queue<String> queue) {
        for (String item : List.of("x", "y")) {
            Await.on(queue.put(item));
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> leaf() {
        Await.on(Asyncio.sleep(0));
        throw new IllegalStateException("deep");
    }

    @Async
    static Coroutine<Void> middle() {
        Await.on(leaf());
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main() {
        Task<String> task = Asyncio.createTask(fetch("task", 0.02));
        List<Object> gathered = Await.on(Asyncio.gather(fetch("a", 0.01), fetch("b", 0.03)));
        System.out.println("gathered " + gathered + ", task " + Await.on(task));

        int sum = 0;
        for (int i : ticks(4)) {
            sum += i;
        }
        System.out.println("ticks " + sum);

        Queue<String> queue = new Queue<>(1);
        try (var group = new TaskGroup()) {
            group.createTask(produce(queue));
            System.out.println("queue " + Await.on(queue.get()) + Await.on(queue.get()));
        }

        try {
            Await.on(Asyncio.waitFor(Asyncio.sleep(10), 0.01));
        } catch (TimeoutError e) {
            System.out.println("timed out");
        }

        try {
            Await.on(middle());
        } catch (IllegalStateException e) {
            // Thrown in leaf, after a resume: the stack trace has the methods awaiting it, then main(String[]).
            // Each frame in module app, those the runtime adds for the awaiting methods too.
            StringBuilder chain = new StringBuilder();
            for (StackTraceElement frame : e.getStackTrace()) {
                if (frame.getClassName().equals("app.Main")) {
                    chain.append(' ').append(frame.getModuleName()).append('/').append(frame.getMethodName());
                }
            }
            System.out.println(e.getMessage() + " at" + chain);
        }

        // This module does not require jdk.unsupported, where the JDK keeps signal handling.
        try {
            Asyncio.getRunningLoop().addSignalHandler("USR1", () -> { });
            System.out.println("signal handler added");
        } catch (UnsupportedOperationException e) {
            System.out.println(e.getMessage());
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        System.out.println("modules " + Main.class.getModule().getName() + ", " + Coroutine.class.getModule().getName()
                + ", " + Async.class.getModule().getName());
        Asyncio.run(main());
        System.out.println("done");
    }
}
