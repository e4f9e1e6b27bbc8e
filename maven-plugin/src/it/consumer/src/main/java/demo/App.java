package demo;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.List;

/** A small asyncio program: sleep, createTask, gather, awaits in a loop and in try/catch/finally. */
public class App {

    @Async
    static Coroutine<String> fetch(String name, double delay) {
        System.out.println("start " + name);
        Await.on(Asyncio.sleep(delay));
        System.out.println("done " + name);
        return Coroutine.of(name.toUpperCase());
    }

    @Async
    static Coroutine<Integer> check(int i) {
        Await.on(Asyncio.sleep(0));
        if (i % 2 == 1) {
            throw new IllegalArgumentException("odd " + i);
        }
        return Coroutine.of(i * 10);
    }

    @Async
    static Coroutine<Integer> countdown(int n) {
        int sum = 0;
        for (int i = n; i > 0; i--) {
            Await.on(Asyncio.sleep(0));
            sum += i;
            System.out.println("tick " + i);
        }
        return Coroutine.of(sum);
    }

    @Async
    static Coroutine<Void> main() {
        Task<String> task = Asyncio.createTask(fetch("task", 0.1));
        List<Object> results = Await.on(Asyncio.gather(fetch("a", 0.02), fetch("b", 0.2)));
        System.out.println("gathered " + results);
        System.out.println("task " + Await.on(task));
        for (int i = 0; i < 3; i++) {
            try {
                int v = Await.on(check(i));
                System.out.println("ok " + v);
            } catch (IllegalArgumentException e) {
                System.out.println("caught " + e.getMessage());
            } finally {
                System.out.println("finally " + i);
            }
        }
        System.out.println("sum " + Await.on(countdown(3)));
        System.out.println(Await.on(Greeter.greet("weft")));
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
