package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One callback or task step held the loop for 100 ms or longer: debug mode's threshold (Python's
 * {@code slow_callback_duration}). The loop times its callbacks with its own clock, one read per callback, and makes
 * the event only for a slow one; so the event is committed as the callback ends, and says how long it took in
 * {@code took}, not in JFR's own duration, which would take two more clock reads per callback.
 */
@Name("dev.weft.SlowCallback")
@Label("Slow Callback")
@Category("Weft")
@Description("A callback or a task step that ran for 100 ms or longer (debug mode's threshold), holding up its loop")
@StackTrace(false)
final class SlowCallbackEvent extends Event {
    @Label("Callback")
    @Description("The callback's handle, or the task whose step it was")
    String callback;

    @Label("Task")
    @Description("The name of the task whose step it was, if it was one")
    String task;

    @Label("Took")
    @Description("How long the callback ran")
    @Timespan(Timespan.NANOSECONDS)
    long took;

    @Label("Loop Thread")
    String loop;
}
