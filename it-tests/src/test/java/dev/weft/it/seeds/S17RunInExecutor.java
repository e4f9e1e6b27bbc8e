package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/17_run_in_executor.py: getEventLoop in a coroutine, runInExecutor(null, fn) on the
 * default executor (the print comes from a worker thread).
 */
public class S17RunInExecutor {

    // Returns Void (Python's implicit None) so that it is a Callable, as run_in_executor expects.
    static Void blockingOperation() {
        System.out.println("Blocking operation");
        return null;
    }

    @Async
    static Coroutine<Void> main() {
        EventLoop loop = Asyncio.getEventLoop();
        Await.on(loop.runInExecutor(null, S17RunInExecutor::blockingOperation));
        System.out.println("Back in the event loop");
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
