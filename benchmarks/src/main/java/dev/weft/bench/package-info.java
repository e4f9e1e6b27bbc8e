/**
 * Weft side by side with Java virtual threads, CompletableFuture steps on one thread and Kotlin coroutines, on the
 * same work (issue 4; W6, async generators, from the async-for issue). Each system implements {@link dev.weft.bench.Workloads}; {@link dev.weft.bench.Macro} runs
 * one system on one workload from a plain {@code main}, and the JMH classes ({@code W1Handoff}, {@code W1yYield},
 * {@code W2Spawn}, {@code W2gSpawnGather}, {@code W4Queue}, {@code W5AwaitDone}, {@code W5nAwaitChain},
 * {@code W6AsyncFor}) run the same code under JMH.
 *
 * <p>Every system runs on one thread: Weft's event loop ({@code Asyncio.run}), Kotlin's {@code runBlocking},
 * a minimal loop for the CompletableFuture steps ({@code CfLoop}), and for virtual threads one carrier
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1}) with the whole workload inside one virtual thread.
 * Items and results are {@code i & 127}, so boxing them never allocates (Integer's cache) in any system.
 *
 * <table>
 * <caption>What each workload is in each system</caption>
 * <tr><th>workload</th><th>weft</th><th>vthreads</th><th>cf</th><th>kotlin</th><th>op</th></tr>
 * <tr><td>w1 handoff, N round trips</td><td>two {@code Event}s: set, await, clear</td>
 *     <td>two {@code SynchronousQueue}s: put, take</td>
 *     <td>two events made of futures; each wait is {@code thenRunAsync(step, loop)}</td>
 *     <td>two {@code Channel<Unit>(RENDEZVOUS)}: send, receive</td><td>a switch (2 per round trip)</td></tr>
 * <tr><td>w1y yield, 2 tasks x N</td><td>{@code Asyncio.sleep(0)}</td><td>{@code Thread.yield()}</td>
 *     <td>{@code runAsync(noop, loop).thenRun(step)}</td><td>{@code yield()}</td><td>a yield</td></tr>
 * <tr><td>w2 spawn, N in batches of 10,000</td><td>{@code createTask}, then await each</td>
 *     <td>start a virtual thread, then join each</td><td>{@code supplyAsync(.., loop)}, then {@code allOf}</td>
 *     <td>{@code async {}}, then {@code awaitAll}</td><td>a task</td></tr>
 * <tr><td>w2g spawn and gather, N in batches of 10,000</td><td>{@code createTask} for each, then one
 *     {@code Await.on(Asyncio.gather(tasks))}, its results summed</td>
 *     <td>{@code invokeAll} on {@code newVirtualThreadPerTaskExecutor()}, the futures summed</td>
 *     <td>{@code supplyAsync(.., loop)}, then {@code allOf(..).thenApply(sum)}</td>
 *     <td>{@code async {}}, then {@code awaitAll().sumOf {..}} (w2 is already this)</td><td>a task</td></tr>
 * <tr><td>w3 sleepers, N x 1 s</td><td>{@code createTask} of an {@code @Async} sleeper, awaited in turn</td>
 *     <td>{@code Thread.sleep} in N virtual threads, joined in turn</td>
 *     <td>the loop's timer heap; {@code sleep(..).thenRun(count)}</td>
 *     <td>{@code launch { delay(..) }}, joined in turn</td><td>wall, peak RSS, live heap per task</td></tr>
 * <tr><td>w3g sleepers gathered, N x 1 s</td><td>one {@code gather} of the N sleepers' coroutines</td>
 *     <td>one {@code invokeAll} of N sleeping callables on {@code newVirtualThreadPerTaskExecutor()}</td>
 *     <td>one {@code allOf} of the N {@code sleep(..).thenRun(count)} futures</td>
 *     <td>N {@code async { delay(..) }}, then one {@code awaitAll}</td><td>as w3</td></tr>
 * <tr><td>w4 queue of 1,000, N items</td><td>{@code Queue(1000)} put / get</td>
 *     <td>{@code ArrayBlockingQueue(1000)}</td><td>a deque with a waiting getter and putter future</td>
 *     <td>{@code Channel<Int>(1000)}</td><td>an item</td></tr>
 * <tr><td>w5, N awaits in one loop</td><td>{@code Await.on(value(i))}, {@code value} an {@code @Async} method
 *     returning {@code Coroutine.of(..)}</td><td>a plain method call (nothing to await)</td>
 *     <td>{@code completedFuture(..)}; a done future is read at once, else {@code thenRunAsync}</td>
 *     <td>a {@code suspend fun} that returns without suspending</td><td>an await</td></tr>
 * <tr><td>w5n, N chains of 1,000</td><td>each {@code @Async} level awaits the next</td>
 *     <td>plain recursive calls</td><td>each level {@code thenApply}s the next</td>
 *     <td>each {@code suspend fun} level calls the next</td>
 *     <td>a level (1,000 per chain; {@code time_per_chain} is per chain)</td></tr>
 * <tr><td>w6 async for, N items</td><td>{@code for (int x : items(n))} in an {@code @Async} method, {@code items}
 *     an {@code @Async} method returning {@code AsyncGenerator<Integer>} that {@code Await.yield}s each item</td>
 *     <td>a for-each over a hand-written {@code Iterable<Integer>} (no generator: the baseline)</td>
 *     <td>n/a (no generator; {@code SKIP})</td>
 *     <td>{@code flow { emit(..) }.collect {..}}; system {@code kotlin-seq}: {@code sequence { yield(..) }} summed
 *     by a for loop</td><td>an item</td></tr>
 * </table>
 *
 * <p>In w5n every level but the innermost does something after its await (it counts itself), so no system can
 * turn the chain into a tail call.
 */
package dev.weft.bench;
