package dev.weft.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Debug mode's "coroutine was never awaited": while a loop runs in debug mode, every coroutine created
 * is watched, with the stack where it was created; if it is garbage collected without having been
 * awaited or wrapped in a task, a warning is logged through {@link System.Logger}. A test kit can also watch
 * one thread ({@link #watchThread}): every coroutine created in it is kept, with that stack, until it is claimed,
 * so that the coroutines still unclaimed when the test ends are known at once, without waiting for the garbage
 * collector. With neither, this costs one volatile read per coroutine. Internal.
 */
public final class NeverAwaited implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    /** Loops running in debug mode plus threads watched: the one field every coroutine's creation reads. */
    private static volatile int watchers;
    private static volatile int debugLoops;
    private static volatile boolean anyWatched;
    /** The coroutines created in a watched thread and not claimed yet, oldest first, with where each was made. */
    private static final ThreadLocal<Map<AsyncFrame<?>, Throwable>> THREAD_WATCH = new ThreadLocal<>();
    private static final Map<AsyncFrame<?>, NeverAwaited> WATCHED = Collections.synchronizedMap(new WeakHashMap<>());


    private final Throwable createdAt;
    private volatile boolean awaited;

    private NeverAwaited(Throwable createdAt) {
        this.createdAt = createdAt;
    }

    /** A loop in debug mode starts (or stops) running. */
    public static synchronized void debugLoop(boolean starts) {
        debugLoops += starts ? 1 : -1;
        watchers += starts ? 1 : -1;
    }

    /**
     * Starts keeping every coroutine created in this thread until it is claimed; {@link #unwatchThread} stops
     * and says which were not.
     *
     * @throws IllegalStateException when this thread is watched already
     */
    public static synchronized void watchThread() {
        if (THREAD_WATCH.get() != null) {
            throw new IllegalStateException("this thread's coroutines are watched already");
        }
        THREAD_WATCH.set(new LinkedHashMap<>());
        anyWatched = true;
        watchers++;
    }

    /**
     * Stops watching this thread.
     *
     * @return the coroutines created in it since {@link #watchThread} and never awaited nor wrapped in a task,
     *     oldest first, each with the stack where it was created; empty when the thread was not watched
     */
    public static synchronized List<Map.Entry<AsyncFrame<?>, Throwable>> unwatchThread() {
        Map<AsyncFrame<?>, Throwable> kept = THREAD_WATCH.get();
        if (kept == null) {
            return List.of();
        }
        THREAD_WATCH.remove();
        watchers--;
        List<Map.Entry<AsyncFrame<?>, Throwable>> unclaimed = new ArrayList<>();
        for (Map.Entry<AsyncFrame<?>, Throwable> e : kept.entrySet()) {
            // Claimed in another thread (its claim did not see this thread's map): not a leak.
            if (e.getKey().label == AsyncFrame.NEW) {
                unclaimed.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        return unclaimed;
    }

    static void created(AsyncFrame<?> frame) {
        if (watchers == 0) {
            return;
        }
        watch(frame);
    }

    private static void watch(AsyncFrame<?> frame) {
        Throwable where = new Throwable("coroutine created here");
        Map<AsyncFrame<?>, Throwable> kept = THREAD_WATCH.get();
        if (kept != null) {
            kept.put(frame, where);
        }
        if (debugLoops == 0) {
            return;
        }
        NeverAwaited n = new NeverAwaited(where);
        anyWatched = true;
        WATCHED.put(frame, n);
        dev.weft.internal.Cleaners.CLEANER.register(frame, n);
    }

    static void claimed(AsyncFrame<?> frame) {
        if (!anyWatched) {
            return;
        }
        Map<AsyncFrame<?>, Throwable> kept = THREAD_WATCH.get();
        if (kept != null) {
            kept.remove(frame);
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
