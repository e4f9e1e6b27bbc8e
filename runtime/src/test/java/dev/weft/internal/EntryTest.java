package dev.weft.internal;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.EventLoop;
import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Entry#run}, what a woven {@code @Async void} method calls with its body's coroutine: {@code Asyncio.run}
 * without a result. (The weaver's side is in the transformer's EntryPointTest; the it-tests have
 * {@code @Test @Async void} methods.)
 */
class EntryTest {
    private final List<String> log = new ArrayList<>();
    private EventLoop loop;

    @Async
    Coroutine<Void> leftover() {
        try {
            log.add("leftover started");
            Await.on(Asyncio.sleep(3600));
        } finally {
            log.add("leftover finally");
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> body(Throwable toThrow) {
        loop = Asyncio.getRunningLoop();
        Asyncio.createTask(leftover());
        Await.on(Asyncio.sleep(0));
        log.add("body ends");
        if (toThrow != null) {
            throw Sneaky.rethrow(toThrow);
        }
        return Coroutine.done();
    }

    @Test
    void runsTheBodyOnANewLoopThenCancelsWhatIsLeftAndClosesIt() {
        Entry.run(body(null));
        assertEquals(List.of("leftover started", "body ends", "leftover finally"), log);
        assertTrue(loop.isClosed());
        assertNull(BaseEventLoop.runningOrNull());
    }

    @Test
    void rethrowsTheBodysExceptionAsItIsCheckedOrNot() {
        IOException checked = new IOException("checked");
        Throwable thrown = assertThrows(IOException.class, () -> Entry.run(body(checked)));
        assertSame(checked, thrown);
        assertEquals(List.of("leftover started", "body ends", "leftover finally"), log);
        assertTrue(loop.isClosed());
    }

    @Async
    Coroutine<String> callsAnEntryPoint() {
        Await.on(Asyncio.sleep(0));
        try {
            Entry.run(body(null));
            return Coroutine.of("ran");
        } catch (IllegalStateException e) {
            return Coroutine.of(e.getMessage());
        }
    }

    @Test
    void fromARunningLoopItThrowsAndRunsNothing() {
        assertEquals("@Async void dev.weft.internal.EntryTest.body cannot be called from a running event loop: an"
                + " @Async void method is an entry point, which runs its own loop as Asyncio.run() does; to call it"
                + " from async code, make it return Coroutine and await it", Asyncio.run(callsAnEntryPoint()));
        assertEquals(List.of(), log);
    }
}
