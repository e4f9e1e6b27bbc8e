package dev.weft.internal.loop;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * A loop's signal handlers: Python's {@code add_signal_handler} and {@code remove_signal_handler} of the Unix
 * event loop. The JVM delivers a signal on a thread of its own; the handler only queues the callback on the loop
 * ({@code callSoonThreadsafe}), so the callback runs on the loop's thread, between other callbacks. Removing a
 * handler puts back what the signal had before the loop took it (for SIGINT, SIGTERM and SIGHUP: the JVM's own,
 * which shuts it down).
 */
final class SignalHandlers {
    /** One signal's handler: the loop's callback, and what to put back. */
    private static final class Entry implements Runnable {
        final Signal signal;
        final Runnable callback;
        final SignalHandler previous;
        volatile boolean cancelled;

        Entry(Signal signal, Runnable callback, SignalHandler previous) {
            this.signal = signal;
            this.callback = callback;
            this.previous = previous;
        }

        @Override
        public void run() {
            if (!cancelled) {
                callback.run();
            }
        }

        @Override
        public String toString() {
            return "<signal handler SIG" + signal.getName() + " " + callback + ">";
        }
    }

    /**
     * Whether {@code sun.misc.Signal} can be reached: it is in the module {@code jdk.unsupported}, which a class path
     * application always has, but an application run as a named module only when some module requires it.
     */
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.unsupported").isPresent();

    private final BaseEventLoop loop;
    private final Map<String, Entry> handlers = new HashMap<>();

    SignalHandlers(BaseEventLoop loop) {
        this.loop = loop;
    }

    void add(String name, Runnable callback) {
        if (!AVAILABLE) {
            throw new UnsupportedOperationException("addSignalHandler(\"" + name + "\") needs the module"
                    + " jdk.unsupported (sun.misc.Signal), which this JVM did not load: add 'requires jdk.unsupported;'"
                    + " to your module-info.java, or run with --add-modules jdk.unsupported");
        }
        Signal signal;
        try {
            signal = new Signal(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown signal " + name + " (names as INT, TERM, HUP, USR1)", e);
        }
        Entry old = handlers.get(name);
        Entry[] current = {null};
        SignalHandler taken;
        try {
            taken = Signal.handle(signal, s -> {
                Entry e = current[0];
                if (e != null && !loop.isClosed()) {
                    try {
                        loop.callSoonThreadsafe(e);
                    } catch (IllegalStateException closedMeanwhile) {
                        // the loop closed between the check and the call: nothing to run
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("sig " + name + " cannot be caught: " + e.getMessage(), e);
        }
        Entry entry = new Entry(signal, callback, old != null ? old.previous : taken);
        current[0] = entry;
        handlers.put(name, entry);
        if (old != null) {
            old.cancelled = true;
        }
    }

    boolean remove(String name) {
        Entry entry = handlers.remove(name);
        if (entry == null) {
            return false;
        }
        entry.cancelled = true;
        Signal.handle(entry.signal, entry.previous);
        return true;
    }

    void removeAll() {
        for (String name : new ArrayList<>(handlers.keySet())) {
            remove(name);
        }
    }
}
