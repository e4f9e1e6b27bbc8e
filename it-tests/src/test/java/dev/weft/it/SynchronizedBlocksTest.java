package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code synchronized} blocks that hold no monitor at any await weave and run, in every mode (plugin, agent,
 * and ECJ's class files under the agent): before and after awaits, nested, in loops, in try-with-resources and
 * inside the {@code try} of a {@code finally} that awaits. The steps show each await resumes where it stood.
 */
class SynchronizedBlocksTest extends AsyncTestBase {

    private static final Object LOCK = new Object();
    private static final Object OTHER = new Object();
    private int x;

    private final class Resource implements AutoCloseable {
        Resource() {
            expect(2);
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                expect(5);
            }
        }
    }

    /** The program: the block's monitorexit lies inside the try whose finally awaits. */
    @Async
    Coroutine<Void> finallyAwaitsAfterABlock() {
        try {
            synchronized (LOCK) {
                x++;
                expect(1);
            }
        } finally {
            Await.on(Asyncio.sleep(0));
            expect(2);
        }
        return Coroutine.done();
    }

    @Test
    void anAwaitInAFinallyAroundASynchronizedBlock() {
        Asyncio.run(finallyAwaitsAfterABlock());
        assertEquals(1, x);
        finish(3);
    }

    @Async
    Coroutine<Integer> blocksAroundAwaits() {
        int sum = 0;
        for (int i = 0; i < 3; i++) {
            synchronized (LOCK) {
                synchronized (OTHER) {
                    if (i == 1) {
                        continue;
                    }
                    sum += i;
                }
            }
            sum += Await.on(Asyncio.sleep(0, 10));
        }
        expect(1);
        try (Resource r = new Resource()) {
            synchronized (r) {
                sum += 100;
            }
            expect(3);
            sum += Await.on(Asyncio.sleep(0, 1000));
            expect(4);
        } finally {
            synchronized (LOCK) {
                sum *= 2;
            }
            Await.on(Asyncio.sleep(0));
            expect(6);
        }
        return Coroutine.of(sum);
    }

    @Test
    void blocksInLoopsNestedAndInTryWithResources() {
        // (0 + 10, i == 1 skipped, 2 + 10) + 100 + 1000, doubled in the finally
        assertEquals(2244, Asyncio.run(blocksAroundAwaits()));
        finish(7);
    }
}
