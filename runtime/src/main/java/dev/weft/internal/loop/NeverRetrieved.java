package dev.weft.internal.loop;

import dev.weft.Future;
import dev.weft.internal.Access;
import dev.weft.internal.Cleaners;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Python's "Task exception was never retrieved": when a future that failed is garbage collected and
 * nobody called {@code result()} or {@code exception()} on it (or awaited it), the exception is passed
 * to its loop's exception handler, which by default logs it through {@link System.Logger}. Only failed
 * futures are watched, so this costs nothing on the normal path.
 */
public final class NeverRetrieved implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    private static final Access ACCESS = Access.get();


    private final Throwable exception;
    private final String future;
    private final BaseEventLoop loop;
    private volatile boolean retrieved;

    private NeverRetrieved(Future<?> f, Throwable exception) {
        this.exception = exception;
        this.future = f.toString();
        this.loop = ACCESS.loopOf(f);
    }

    /**
     * Watches a future that just failed.
     *
     * @param f the future
     * @param exception its exception
     * @return what the future keeps as its outcome until someone retrieves the exception
     */
    public static NeverRetrieved watch(Future<?> f, Throwable exception) {
        NeverRetrieved n = new NeverRetrieved(f, exception);
        Cleaners.CLEANER.register(f, n);
        BaseEventLoop l = n.loop;
        if (l != null && l.watch != null) {
            l.watch.failed(n);   // a test kit watches the loop
        }
        return n;
    }

    /** @return the exception, now retrieved: nothing is reported when the future is collected */
    public Throwable retrieve() {
        retrieved = true;
        return exception;
    }

    /** @return whether someone has retrieved the exception (then nothing is reported) */
    public boolean isRetrieved() {
        return retrieved;
    }

    /** @return the failed future, as it described itself when it failed */
    public String future() {
        return future;
    }

    /** @return the exception, without retrieving it */
    public Throwable exception() {
        return exception;
    }

    @Override
    public void run() {
        if (retrieved) {
            return;
        }
        retrieved = true;   // reported once: a test kit that watches the loop sees it handled
        Map<String, Object> ctx = new LinkedHashMap<>();
        String kind = future.startsWith("<Task") ? "Task" : "Future";
        ctx.put("message", kind + " exception was never retrieved");
        ctx.put("exception", exception);
        ctx.put("future", future);
        BaseEventLoop l = loop;
        if (l != null && !l.isClosed()) {
            try {
                l.callSoonThreadsafe(() -> l.callExceptionHandler(ctx));
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // fall through to logging directly
            }
        }
        if (l != null) {
            l.defaultExceptionHandler(ctx);
        } else {
            LOG.log(System.Logger.Level.ERROR, ctx.get("message") + "\nfuture: " + future, exception);
        }
    }
}
