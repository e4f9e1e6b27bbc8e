package dev.weft.internal.context;

import dev.weft.Context;
import dev.weft.internal.Access;

import java.util.function.Consumer;

/**
 * A future's done callback that runs in a copy of the context current when it was added: Python's
 * {@code add_done_callback(fn)}, whose handle copies the context. {@code removeDoneCallback} looks through it at
 * the callback it wraps.
 *
 * @param <T> what the callback receives
 */
public final class ContextConsumer<T> implements Consumer<T> {
    private static final Access ACCESS = Access.get();

    private final Consumer<T> callback;
    private final Context context;

    private ContextConsumer(Consumer<T> callback, Context context) {
        this.callback = callback;
        this.context = context;
    }

    /**
     * @param callback a done callback
     * @param caller the registering thread's current-context slot
     * @param <T> what it receives
     * @return {@code callback} itself when the caller's context is empty, else {@code callback} bound to a copy
     *         of it
     */
    public static <T> Consumer<T> bind(Consumer<T> callback, CurrentContext caller) {
        Context c = caller.current;
        if (c == null) {
            return callback;
        }
        Context copy = ACCESS.ownCopy(c);
        return copy == null ? callback : new ContextConsumer<>(callback, copy);
    }

    /**
     * @param callback a registered callback
     * @return the callback it wraps, if it is one of these; else itself
     */
    public static Object unwrap(Object callback) {
        return callback instanceof ContextConsumer ? ((ContextConsumer<?>) callback).callback : callback;
    }

    @Override
    public void accept(T value) {
        CurrentContext slot = CurrentContext.ofThread();
        Context previous = ACCESS.enterContext(slot, context);
        try {
            callback.accept(value);
        } finally {
            ACCESS.leaveContext(slot, context, previous);
        }
    }

    @Override
    public String toString() {
        return callback.toString();
    }
}
