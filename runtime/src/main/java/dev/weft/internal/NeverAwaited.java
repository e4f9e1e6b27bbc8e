package dev.weft.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Debug mode's "coroutine was never awaited": while a loop runs in debug mode, every coroutine created
 * is watched, with the stack where it was created; if it is garbage collected without having been
 * awaited or wrapped in a task, a warning is logged through {@link System.Logger}. Outside debug mode
 * this costs one volatile read per coroutine. Internal.
 */
public final class NeverAwaited implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static volatile int debugLoops;
    private static volatile boolean anyWatched;
    private static final Map<AsyncFrame<?>, NeverAwaited> WATCHED = Collections.synchronizedMap(new WeakHashMap<>());


    private final Throwable createdAt;
    private volatile boolean awaited;

    private NeverAwaited(Throwable createdAt) {
        this.createdAt = createdAt;
    }

    /** A loop in debug mode starts (or stops) running. */
    public static synchronized void debugLoop(boolean starts) {
        debugLoops += starts ? 1 : -1;
    }

    static void created(AsyncFrame<?> frame) {
        if (debugLoops == 0) {
            return;
        }
        NeverAwaited n = new NeverAwaited(new Throwable("coroutine created here"));
        anyWatched = true;
        WATCHED.put(frame, n);
        dev.weft.internal.Cleaners.CLEANER.register(frame, n);
    }

    static void claimed(AsyncFrame<?> frame) {
        if (!anyWatched) {
            return;
        }
        NeverAwaited n = WATCHED.remove(frame);
        if (n != null) {
            n.awaited = true;
        }
    }

    @Override
    public void run() {
        if (!awaited) {
            LOG.log(System.Logger.Level.WARNING, "coroutine " + describe() + " was never awaited", createdAt);
        }
    }

    private String describe() {
        StackTraceElement[] st = createdAt.getStackTrace();
        for (StackTraceElement e : st) {
            if (!e.getClassName().startsWith("dev.weft.internal.") && !e.getClassName().contains("$weft$")) {
                return "'" + e.getClassName() + "." + e.getMethodName() + "'";
            }
        }
        return "'<unknown>'";
    }
}
