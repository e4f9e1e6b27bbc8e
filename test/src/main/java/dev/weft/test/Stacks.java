package dev.weft.test;

import dev.weft.internal.AsyncTraces;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The stacks the kit shows: where a leaked task, coroutine or resource was made, without the machinery's frames. */
final class Stacks {
    /** The kit's own classes (only those: a user's test may live in this package). */
    private static final Set<String> KIT = Set.of(TestLoop.class.getName(), TestRun.class.getName(),
            WeftExtension.class.getName(), Stacks.class.getName());

    private Stacks() {
    }

    /**
     * @param where a throwable made at the place to show
     * @return its frames, without the runtime's internal and generated ones, up to the test framework's
     */
    static StackTraceElement[] userFrames(Throwable where) {
        List<StackTraceElement> kept = new ArrayList<>();
        for (StackTraceElement e : where.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("org.junit.") || c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")
                    || c.startsWith("sun.reflect.")) {
                break;   // below the test method: the framework calling it
            }
            if (AsyncTraces.isMachinery(c) || c.equals("dev.weft.Future") || c.startsWith("dev.weft.Future$")
                    || KIT.contains(c)) {
                continue;   // the machinery between the user's lines
            }
            kept.add(e);
        }
        return kept.toArray(new StackTraceElement[0]);
    }

    /**
     * @param title the problem
     * @param what a heading for the stack, such as "created at"
     * @param where a throwable made at the place to show, or {@code null}
     * @param cause the cause, or {@code null}
     * @return an error whose message is {@code title} and the stack, and whose own stack trace is that stack
     */
    static AssertionError problem(String title, String what, Throwable where, Throwable cause) {
        StringBuilder sb = new StringBuilder(title);
        StackTraceElement[] frames = where == null ? new StackTraceElement[0] : userFrames(where);
        if (frames.length > 0) {
            sb.append('\n').append(what).append(':');
            for (StackTraceElement e : frames) {
                sb.append("\n\tat ").append(e);
            }
        }
        AssertionError error = new AssertionError(sb.toString(), cause);
        if (frames.length > 0) {
            error.setStackTrace(frames);   // an IDE's link goes to where the thing was made
        }
        return error;
    }
}
