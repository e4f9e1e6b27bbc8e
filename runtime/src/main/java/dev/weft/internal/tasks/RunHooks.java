package dev.weft.internal.tasks;

import dev.weft.Task;
import dev.weft.internal.loop.BaseEventLoop;

/**
 * How the runs ({@code Asyncio.run}, an {@code @Async void} entry point) of one thread go while a test kit watches
 * them: it makes their loop, and it looks at the loop when the main task is done, before the tasks still pending
 * are cancelled, and again before the loop closes. The test kit ({@code weft-test}) installs one around a test
 * method; nothing else does. A run reads the thread's hooks once: with none installed it costs one thread-local
 * read per run. Internal.
 */
public abstract class RunHooks {
    private static final ThreadLocal<RunHooks> INSTALLED = new ThreadLocal<>();

    /** @return the hooks of this thread's runs, or {@code null} */
    public static RunHooks installed() {
        return INSTALLED.get();
    }

    /**
     * Installs {@code hooks} for the runs of this thread, until {@link #uninstall} gives back the previous ones.
     *
     * @param hooks the hooks
     * @return the hooks installed before, to give back
     */
    public static RunHooks install(RunHooks hooks) {
        RunHooks previous = INSTALLED.get();
        INSTALLED.set(hooks);
        return previous;
    }

    /** @param previous what {@link #install} returned */
    public static void uninstall(RunHooks previous) {
        if (previous == null) {
            INSTALLED.remove();
        } else {
            INSTALLED.set(previous);
        }
    }

    /** @return a new loop for a run that did not ask for a particular one */
    protected abstract BaseEventLoop newLoop();

    /**
     * Every run's loop, before its main task is created: its own ({@link #newLoop}) or the one the run was given.
     *
     * @param loop the loop, not yet running
     */
    protected void loopMade(BaseEventLoop loop) {
    }

    /**
     * The main task is done (or the run was interrupted); the tasks still pending are about to be cancelled.
     *
     * @param loop the run's loop, stopped
     * @param main the main task
     */
    protected void mainDone(BaseEventLoop loop, Task<?> main) {
    }

    /**
     * The run has cancelled the tasks left over, closed the async generators and shut the executor down; the loop
     * closes next.
     *
     * @param loop the run's loop, stopped
     */
    protected void beforeClose(BaseEventLoop loop) {
    }
}
