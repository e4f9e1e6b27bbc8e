package dev.weft.internal.tasks;

import dev.weft.Task;
import dev.weft.internal.loop.BaseEventLoop;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C during {@code Asyncio.run}: Python 3.11's {@code Runner._on_sigint}. The first SIGINT cancels the main
 * task (on the loop's thread), so that its {@code finally} blocks run; a second one does what SIGINT did before
 * (the JVM's own handler shuts the JVM down), as Python's second Ctrl-C raises KeyboardInterrupt at once.
 */
final class Sigint {
    private static final Signal INT = new Signal("INT");

    private final BaseEventLoop loop;
    private final Task<?> main;
    private final AtomicInteger interrupts = new AtomicInteger();
    private final SignalHandler handler = this::onSigint;
    private SignalHandler previous;

    private Sigint(BaseEventLoop loop, Task<?> main) {
        this.loop = loop;
        this.main = main;
    }

    /**
     * Takes SIGINT for {@code main}, as Python does only in the main thread.
     *
     * @return the handler, or {@code null} when not on the main thread or SIGINT cannot be taken
     */
    static Sigint install(BaseEventLoop loop, Task<?> main) {
        Thread t = Thread.currentThread();
        if (!"main".equals(t.getName()) || t.getThreadGroup() == null || !"main".equals(t.getThreadGroup().getName())) {
            return null;
        }
        Sigint s = new Sigint(loop, main);
        try {
            s.previous = Signal.handle(INT, s.handler);
        } catch (IllegalArgumentException e) {
            return null;   // the JVM keeps SIGINT (for example under -Xrs on some systems)
        }
        if (s.previous == SignalHandler.SIG_IGN) {
            // The process ignores SIGINT (started in the background): the JVM took nothing, and Python's runner
            // leaves an ignored SIGINT alone too.
            Signal.handle(INT, SignalHandler.SIG_IGN);
            return null;
        }
        return s;
    }

    /** @return how many SIGINTs came */
    int interrupts() {
        return interrupts.get();
    }

    /** Puts back what SIGINT had, unless someone else took it meanwhile. */
    void uninstall() {
        SignalHandler current = Signal.handle(INT, previous);
        if (current != handler) {
            Signal.handle(INT, current);   // not ours any more: leave it
        }
    }

    /** On the JVM's signal thread. */
    private void onSigint(Signal signal) {
        if (interrupts.incrementAndGet() == 1) {
            try {
                loop.callSoonThreadsafe(() -> {
                    if (!main.isDone()) {
                        main.cancel();
                    }
                });
                return;
            } catch (IllegalStateException closed) {
                // the loop is closing: fall through to the JVM's own handling
            }
        }
        uninstall();
        Signal.raise(signal);
    }
}
