package dev.weft.internal.loop;

/**
 * The event loop a synchronisation primitive or queue belongs to: Python's
 * {@code mixins._LoopBoundMixin}, by composition.
 *
 * <p>A primitive may be constructed anywhere (no loop needs to run); it binds to the running loop the
 * first time it needs one (to create a waiter future), and using it from another loop afterwards is an
 * error, as in Python.
 */
public final class LoopBinding {
    /** Python's {@code mixins._global_lock}: two threads racing to bind the same primitive. */
    private static final Object GLOBAL_LOCK = new Object();

    private volatile BaseEventLoop loop;

    /** Unbound: the primitive binds on first use. */
    public LoopBinding() {
    }

    /**
     * Python's {@code _get_loop()}: the running loop, after binding to it if nothing is bound yet.
     *
     * @param owner the primitive, named in the error
     * @return the running loop
     * @throws IllegalStateException when no loop is running, or when the primitive is bound to another
     */
    public BaseEventLoop get(Object owner) {
        return get(owner, BaseEventLoop.running());
    }

    /**
     * {@link #get(Object)} when the caller knows the running loop (the loop of the running task).
     *
     * @param owner the primitive, named in the error
     * @param running the running loop
     * @return the running loop
     */
    public BaseEventLoop get(Object owner, BaseEventLoop running) {
        if (loop == running && running != null) {
            return running;
        }
        if (loop == null) {
            synchronized (GLOBAL_LOCK) {
                if (loop == null) {
                    loop = running;
                }
            }
        }
        if (running != loop) {
            throw new IllegalStateException(owner + " is bound to a different event loop");
        }
        return running;
    }

    /** The start of every primitive's {@code toString()}: {@code <Lock at 0x1b6d3586}. */
    public static StringBuilder reprStart(Object owner) {
        return new StringBuilder("<").append(owner.getClass().getSimpleName()).append(" at 0x")
                .append(Integer.toHexString(System.identityHashCode(owner)));
    }
}
