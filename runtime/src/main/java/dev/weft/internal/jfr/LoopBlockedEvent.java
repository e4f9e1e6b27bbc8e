package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * One pass of a loop ran its callbacks for longer than the threshold (by default 100 ms), without looking at its
 * timers or its channels in between.
 */
@Name("dev.weft.LoopBlocked")
@Label("Loop Blocked")
@Category("Weft")
@Description("A pass of the loop ran its ready callbacks for longer than the threshold, polling no I/O meanwhile")
@Threshold("100 ms")
@StackTrace(false)
final class LoopBlockedEvent extends Event {
    @Label("Callbacks")
    @Description("How many callbacks and task steps the pass ran")
    int callbacks;

    @Label("Loop Thread")
    String loop;
}
