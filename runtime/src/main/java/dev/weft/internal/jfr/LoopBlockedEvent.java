package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One pass of a loop ran its callbacks for 100 ms or longer, without looking at its timers or its channels in between.
 * Committed as the pass ends, with how long it took in {@code took} (see {@link SlowCallbackEvent}).
 */
@Name("dev.weft.LoopBlocked")
@Label("Loop Blocked")
@Category("Weft")
@Description("A pass of the loop ran its ready callbacks for 100 ms or longer, polling no I/O meanwhile")
@StackTrace(false)
final class LoopBlockedEvent extends Event {
    @Label("Callbacks")
    @Description("How many callbacks and task steps the pass ran")
    int callbacks;

    @Label("Took")
    @Description("How long the pass ran its callbacks")
    @Timespan(Timespan.NANOSECONDS)
    long took;

    @Label("Loop Thread")
    String loop;
}
