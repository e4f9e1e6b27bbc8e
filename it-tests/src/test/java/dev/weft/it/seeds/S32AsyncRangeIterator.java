package dev.weft.it.seeds;

import dev.weft.AsyncIterator;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.StopAsyncIteration;
import dev.weft.annotations.Async;

/**
 * Port of seed-programs/32_async_range_iterator.py: an asynchronous iterator consumed with {@code async for}.
 * {@code aiter()} is {@code __aiter__}, the {@code @Async anext()} is {@code __anext__}, the end is
 * {@link StopAsyncIteration}, and the for-each over it in {@code main} is {@code async for}.
 */
public class S32AsyncRangeIterator {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    static class AsyncRange implements AsyncIterator<Integer> {
        final int start;
        final int end;
        int current;

        AsyncRange(int start, int end) {
            this.start = start;
            this.end = end;
        }

        @Override
        public AsyncRange aiter() {
            this.current = this.start;
            return this;
        }

        @Override
        @Async
        public Coroutine<Integer> anext() {
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
        for (int number : new AsyncRange(1, 5)) {
            System.out.println(number);
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        Asyncio.run(main());
    }
}
