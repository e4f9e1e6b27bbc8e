package dev.weft.internal.loop;

/**
 * A channel's reader or writer on the loop: Python's reader or writer {@code Handle} in a selector key's data.
 * The loop queues the same object each pass the channel is ready, so watching a channel allocates nothing per
 * readiness; once removed or replaced it is cancelled, and a run already queued does nothing.
 */
public final class IoCallback implements Runnable {
    private final Runnable callback;
    private final boolean reader;
    private boolean cancelled;

    IoCallback(Runnable callback, boolean reader) {
        this.callback = callback;
        this.reader = reader;
    }

    /** @return whether it was removed or replaced */
    public boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    @Override
    public void run() {
        if (!cancelled) {
            callback.run();
        }
    }

    @Override
    public String toString() {
        return (reader ? "<reader " : "<writer ") + callback + (cancelled ? " cancelled>" : ">");
    }
}
