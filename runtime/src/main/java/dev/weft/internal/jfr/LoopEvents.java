package dev.weft.internal.jfr;

/**
 * Whether a JFR recording wants the loops' events: the loop asks once per pass, and only then times its callbacks
 * and makes its {@link LoopRecorder}.
 *
 * <p>Nothing of {@code jdk.jfr} is touched unless the module is there: a runtime image without it (jlink), or an
 * application module that does not read it, just records nothing. Until a recording starts, each event class's
 * {@code isEnabled()} is the JDK's plain {@code return false}, which the JIT folds away; once JFR has started, it is
 * a few loads per pass.
 */
public final class LoopEvents {

    /** A callback or a pass this long or longer is slow: debug mode's 100 ms (Python's slow_callback_duration). */
    public static final long SLOW_NANOS = 100_000_000L;

    /** Whether {@code jdk.jfr} can be loaded from here. */
    private static final boolean AVAILABLE = available();

    private LoopEvents() {
    }

    private static boolean available() {
        try {
            // The runtime is an unnamed or an automatic module: it reads jdk.jfr whenever the module is loaded.
            Class.forName("jdk.jfr.Event", false, LoopEvents.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            System.getLogger("dev.weft").log(System.Logger.Level.DEBUG,
                    "jdk.jfr is not available: the loops record no JFR events", e);
            return false;
        }
    }

    /**
     * Loop thread, once per pass.
     *
     * @return whether a recording has one of the loops' events on: the pass's callbacks are then timed and recorded
     */
    public static boolean on() {
        return AVAILABLE && Probes.anyEnabled();
    }

    /**
     * @param callback a callback that ran
     * @param handle its handle, or {@code null}
     * @return the handle as it was before the loop took its callback out ({@code Handle[callback]}), or the callback
     */
    public static String describe(Object callback, Object handle) {
        return handle == null ? String.valueOf(callback)
                : handle.getClass().getSimpleName() + "[" + callback + "]";
    }

    /** The event instances whose {@code isEnabled()} says whether each event type is on; apart, so that they load only with {@code jdk.jfr}. */
    static final class Probes {
        static final TaskStartEvent TASK_START = new TaskStartEvent();
        static final TaskEndEvent TASK_END = new TaskEndEvent();
        static final SlowCallbackEvent SLOW_CALLBACK = new SlowCallbackEvent();
        static final LoopBlockedEvent LOOP_BLOCKED = new LoopBlockedEvent();
        static final IoReadyEvent IO_READY = new IoReadyEvent();

        private Probes() {
        }

        static boolean anyEnabled() {
            return SLOW_CALLBACK.isEnabled() || LOOP_BLOCKED.isEnabled() || TASK_END.isEnabled()
                    || TASK_START.isEnabled() || IO_READY.isEnabled();
        }
    }
}
