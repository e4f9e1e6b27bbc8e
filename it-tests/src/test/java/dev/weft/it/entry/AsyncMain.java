package dev.weft.it.entry;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;

import java.util.List;

/**
 * A program whose {@code main} is {@code @Async}: the port of this Python program, which ends with
 * {@code asyncio.run(main())} (what CPython 3.11.7 prints is in {@link AsyncVoidTest#PYTHON_TRACE}):
 * <pre>
 * import asyncio
 *
 * async def worker(name, delay):
 *     print(f"{name} started")
 *     try:
 *         await asyncio.sleep(delay)
 *         print(f"{name} done")
 *         return name.upper()
 *     finally:
 *         print(f"{name} finally")
 *
 * async def leftover():
 *     print("leftover started")
 *     try:
 *         await asyncio.sleep(10)
 *         print("leftover unreached")
 *     except asyncio.CancelledError:
 *         print("leftover cancelled")
 *         raise
 *     finally:
 *         await asyncio.sleep(0)
 *         print("leftover cleaned up")
 *
 * async def main():
 *     print("main start")
 *     a = asyncio.create_task(worker("a", 1))
 *     results = await asyncio.gather(worker("b", 2), worker("c", 3))
 *     print(f"gathered {results}")
 *     print(f"a returned {await a}")
 *     asyncio.create_task(leftover())
 *     await asyncio.sleep(0)
 *     print("main end")
 *
 * asyncio.run(main())
 * print("after run")
 * </pre>
 */
public class AsyncMain {

    @Async
    static Coroutine<String> worker(String name, double delay) {
        System.out.println(name + " started");
        try {
            Await.on(Asyncio.sleep(delay));
            System.out.println(name + " done");
            return Coroutine.of(name.toUpperCase());
        } finally {
            System.out.println(name + " finally");
        }
    }

    @Async
    static Coroutine<Void> leftover() {
        System.out.println("leftover started");
        try {
            Await.on(Asyncio.sleep(10));
            System.out.println("leftover unreached");
        } catch (CancelledError e) {
            System.out.println("leftover cancelled");
            throw e;
        } finally {
            Await.on(Asyncio.sleep(0));
            System.out.println("leftover cleaned up");
        }
        return Coroutine.done();
    }

    /** Runs on a loop of its own, as {@code asyncio.run(main())} does. */
    @Async
    public static void main(String[] args) {
        System.out.println("main start");
        Task<String> a = Asyncio.createTask(worker("a", 1));
        List<Object> results = Await.on(Asyncio.gather(worker("b", 2), worker("c", 3)));
        System.out.println("gathered ['" + results.get(0) + "', '" + results.get(1) + "']");
        System.out.println("a returned " + Await.on(a));
        Asyncio.createTask(leftover());
        Await.on(Asyncio.sleep(0));
        System.out.println("main end");
    }
}
