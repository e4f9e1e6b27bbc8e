package dev.weft.it.seeds;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/32_async_range_iterator.py: an asynchronous iterator consumed with
 * {@code async for}. Weft has no async-iteration API yet, so the protocol is spelled out: {@code aiter()}
 * is {@code __aiter__}, the @Async {@code anext()} is {@code __anext__}, the end is signalled by throwing
 * {@link StopAsyncIteration}, and {@code main} runs the loop that {@code async for} runs.
 */
public class S32AsyncRangeIterator {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    /** Python's StopAsyncIteration. */
    static final class StopAsyncIteration extends RuntimeException {
        StopAsyncIteration() {
            super(null, null, false, false);
        }
    }

    static class AsyncRange {
        final int start;
        final int end;
        int current;

        AsyncRange(int start, int end) {
            this.start = start;
            this.end = end;
        }

        AsyncRange aiter() {
            this.current = this.start;
            return this;
        }

        @Async
        Coroutine<Integer> anext() {
            if (this.current >= this.end) {
                throw new StopAsyncIteration();
            }
            Await.on(Asyncio.sleep(1.0 / SCALE)); // Simulating async I/O operation
            this.current += 1;
            return Coroutine.of(this.current - 1);
        }
    }

    @Async
    static Coroutine<Void> main() {
        // async for number in AsyncRange(1, 5):
        AsyncRange iterator = new AsyncRange(1, 5).aiter();
        while (true) {
            int number;
            try {
                number = Await.on(iterator.anext());
            } catch (StopAsyncIteration e) {
                break;
            }
            System.out.println(number);
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
