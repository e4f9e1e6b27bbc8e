package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One callback or task step held the loop for longer than the threshold: by default debug mode's 100 ms (Python's
 * {@code slow_callback_duration}); a recording's settings can change it.
 */
@Name("dev.weft.SlowCallback")
@Label("Slow Callback")
@Category("Weft")
@Description("A callback or a task step that ran longer than the threshold, holding up its loop")
@Threshold("100 ms")
@StackTrace(false)
final class SlowCallbackEvent extends Event {
    @Label("Callback")
    @Description("The callback's handle, or the task whose step it was")
    String callback;

    @Label("Task")
    @Description("The name of the task whose step it was, if it was one")
    String task;

    @Label("Loop Thread")
    String loop;
}
