package dev.weft.internal.context;

import dev.weft.Context;
import dev.weft.internal.Access;

/**
 * A callback that runs in a copy of the context that was current when it was registered: what Python's
 * {@code Handle} does with its {@code _context} ({@code callSoon}, {@code callLater}, {@code callAt},
 * {@code callSoonThreadsafe}, a channel's reader or writer). The copy is the callback's own: what the callback
 * sets stays in it, for its next run (a reader runs many times), and goes nowhere else.
 */
public final class ContextRunnable implements Runnable {
    private static final Access ACCESS = Access.get();

    private final Runnable callback;
    private final Context context;

    private ContextRunnable(Runnable callback, Context context) {
        this.callback = callback;
        this.context = context;
    }

    /**
     * @param callback a callback
     * @param caller the registering thread's current-context slot
     * @return {@code callback} itself when the caller's context is empty (it then runs in the loop's empty
     *         context, which is the same), else {@code callback} bound to a copy of the caller's context
     */
    public static Runnable bind(Runnable callback, CurrentContext caller) {
        Context c = caller.current;
        if (c == null) {
            return callback;
        }
        Context copy = ACCESS.ownCopy(c);
        return copy == null ? callback : new ContextRunnable(callback, copy);
    }

    @Override
    public void run() {
        CurrentContext slot = CurrentContext.ofThread();
        Context previous = ACCESS.enterContext(slot, context);
        try {
            callback.run();
        } finally {
            ACCESS.leaveContext(slot, context, previous);
        }
    }

    /** @return the callback's own text: a handle shows what it runs */
    @Override
    public String toString() {
        return callback.toString();
    }
}
