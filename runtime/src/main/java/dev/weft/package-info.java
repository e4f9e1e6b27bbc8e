/**
 * Weft: Python's {@code asyncio} for Java. {@link dev.weft.Asyncio} holds the module functions
 * ({@code run}, {@code sleep}, {@code createTask}, {@code gather}, {@code waitFor}, {@code wait},
 * {@code asCompleted}, {@code shield}, {@code openConnection}, {@code startServer}, {@code toThread}, ...);
 * every other type is one concept of {@code asyncio}, under the same name in camelCase.
 *
 * <p>A method annotated {@link dev.weft.annotations.Async @Async} returns a {@link dev.weft.Coroutine} and
 * writes {@link dev.weft.Await#on Await.on(x)} where Python writes {@code await x}; the Maven plugin or the
 * javaagent weaves it into a state machine that the event loop resumes.
 *
 * <pre>{@code
 * import dev.weft.*;
 * import dev.weft.annotations.Async;
 *
 * public class Main {
 *     @Async
 *     static Coroutine<String> greet(String name, double delay) {
 *         Await.on(Asyncio.sleep(delay));
 *         return Coroutine.of("hello " + name);
 *     }
 *
 *     @Async
 *     static Coroutine<Void> main() {
 *         List<Object> both = Await.on(Asyncio.gather(greet("a", 0.2), greet("b", 0.1)));
 *         System.out.println(both);                      // [hello a, hello b] after 0.2 s
 *         return Coroutine.done();
 *     }
 *
 *     public static void main(String[] args) {
 *         Asyncio.run(main());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Guarantees common to the package.</b>
 * <ul>
 *   <li><b>Threads.</b> An event loop runs every callback, task and coroutine of its own on one thread, one at a
 *       time; nothing here is thread-safe unless its documentation says so. From other threads, use
 *       {@link dev.weft.EventLoop#callSoonThreadsafe}, {@link dev.weft.Asyncio#runCoroutineThreadsafe} or
 *       {@link dev.weft.Future#toCompletableFuture()}; to run blocking code, {@link dev.weft.Asyncio#toThread}.</li>
 *   <li><b>Order.</b> Callbacks run in the order they were scheduled, tasks start in the order they were created,
 *       and timers fire in deadline order (ties in scheduling order), as in CPython 3.11; programs ported from
 *       Python print the same lines in the same order.</li>
 *   <li><b>Fairness.</b> Every primitive ({@link dev.weft.Lock}, {@link dev.weft.Semaphore},
 *       {@link dev.weft.Condition}, {@link dev.weft.Queue}, ...) wakes its waiters first-in, first-out, and a
 *       wake-up handed to a task that is cancelled before it runs passes to the next waiter.</li>
 *   <li><b>Cancellation.</b> {@link dev.weft.Task#cancel()} throws {@link dev.weft.CancelledError} at the point
 *       where the task is suspended; {@code finally} blocks and {@code catch} clauses run as in Python. A
 *       cancelled wait leaves the primitive as if the wait had not happened.</li>
 *   <li><b>Loops.</b> Primitives and queues may be created outside a running loop; each binds to the loop that
 *       first makes a task wait on it.</li>
 * </ul>
 *
 * <p>{@link dev.weft.Queue} and {@link dev.weft.PriorityQueue} share their names with {@code java.util}, and
 * {@link dev.weft.Future} with {@code java.util.concurrent}: with both wildcard imports, javac calls the name
 * ambiguous. Import the Weft class by name; a single-type import wins over both wildcards.
 */
package dev.weft;
