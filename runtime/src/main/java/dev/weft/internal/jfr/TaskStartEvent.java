package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A task's first step begins. Off by default, as the JDK's {@code jdk.VirtualThreadStart} is: a program may start
 * millions of tasks.
 */
@Name("dev.weft.TaskStart")
@Label("Task Start")
@Category("Weft")
@Description("A task's first step begins")
@Enabled(false)
@StackTrace(false)
final class TaskStartEvent extends Event {
    @Label("Task")
    String task;

    @Label("Coroutine")
    @Description("The task's coroutine: its outermost frame")
    String coroutine;

    @Label("Loop Thread")
    String loop;
}
