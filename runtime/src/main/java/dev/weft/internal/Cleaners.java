package dev.weft.internal;

import java.lang.ref.Cleaner;

/** The runtime's one {@link Cleaner} (one daemon thread, started on first use). Internal. */
public final class Cleaners {
    private Cleaners() {
    }

    /** Runs the runtime's garbage-collection reports: unretrieved exceptions, coroutines never awaited. */
    public static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "weft-cleaner");
        t.setDaemon(true);
        return t;
    });
}
