package dev.weft.internal.tasks;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.internal.VirtualClock;
import dev.weft.internal.loop.BaseEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A thread's RunHooks see each run's loop at the points the test kit needs, in this order, and only that thread's. */
class RunHooksTest {
    private final List<String> log = new ArrayList<>();
    private BaseEventLoop made;

    private final RunHooks hooks = new RunHooks() {
        @Override
        protected BaseEventLoop newLoop() {
            made = new BaseEventLoop(new VirtualClock());
            log.add("newLoop");
            return made;
        }

        @Override
        protected void loopMade(BaseEventLoop loop) {
            log.add("loopMade " + (loop == made ? "own" : "given"));
        }

        @Override
        protected void mainDone(BaseEventLoop loop, Task<?> main) {
            log.add("mainDone " + main.isDone() + ", pending " + loop.allTasks().size());
        }

        @Override
        protected void beforeClose(BaseEventLoop loop) {
            log.add("beforeClose, pending " + loop.allTasks().size() + ", closed " + loop.isClosed());
        }
    };

    @AfterEach
    void uninstall() {
        RunHooks.uninstall(null);
    }

    @Async
    Coroutine<Void> lingers() {
        try {
            Await.on(Asyncio.sleep(3600));
        } catch (CancelledError e) {
            log.add("leftover cancelled");
            throw e;
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Double> main() {
        log.add("main");
        Asyncio.createTask(lingers());
        Await.on(Asyncio.sleep(5));
        return Coroutine.of(Asyncio.getRunningLoop().time());
    }

    @Test
    void aRunTakesItsLoopFromTheHooksAndShowsItBeforeCancellingAndBeforeClosing() {
        assertNull(RunHooks.install(hooks));
        assertEquals(5.0, Asyncio.run(main()));   // virtual time: the hooks' loop
        assertEquals(List.of("newLoop", "loopMade own", "main", "mainDone true, pending 1", "leftover cancelled",
                "beforeClose, pending 0, closed false"), log);
    }

    @Test
    void aRunGivenItsLoopKeepsItAndTheHooksStillSeeIt() {
        RunHooks.install(hooks);
        BaseEventLoop given = new BaseEventLoop(new VirtualClock());
        assertEquals(5.0, Runners.run(main(), null, () -> given));
        assertEquals("loopMade given", log.get(0));
    }

    @Test
    void installAndUninstallNest() {
        RunHooks.install(hooks);
        RunHooks other = new RunHooks() {
            @Override
            protected BaseEventLoop newLoop() {
                return new BaseEventLoop();
            }
        };
        RunHooks previous = RunHooks.install(other);
        assertSame(hooks, previous);
        RunHooks.uninstall(previous);
        assertSame(hooks, RunHooks.installed());
    }
}
