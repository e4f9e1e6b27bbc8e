package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A task finished; the event spans its life, from its first step (or from its first step a recording saw). Off by
 * default, as the JDK's {@code jdk.VirtualThreadEnd} is.
 */
@Name("dev.weft.TaskEnd")
@Label("Task End")
@Category("Weft")
@Description("A task finished: the event's duration is the task's life, from its first step to its end")
@Enabled(false)
@StackTrace(false)
final class TaskEndEvent extends Event {
    @Label("Task")
    String task;

    @Label("Coroutine")
    @Description("The task's coroutine: its outermost frame")
    String coroutine;

    @Label("Loop Thread")
    String loop;

    @Label("Suspensions")
    @Description("How many times the task suspended: its steps but the first")
    int suspensions;

    @Label("Outcome")
    @Description("finished, failed or cancelled")
    String outcome;

    @Label("Exception")
    @Description("The class of a failed task's exception")
    String exception;

    @Label("Start Recorded")
    @Description("Whether the recording saw the task's first step; if not, the duration and the suspensions count "
            + "from the first step it saw")
    boolean startRecorded;
}
