package dev.weft.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Async stack traces: after a resume, only the innermost frames of a task's await chain are on the Java stack
 * (the ones the driver resumed and what they await inline); the frames that await them are links from frame to
 * caller. Where an exception leaves the frame the driver resumed, {@link #augment} puts those callers into its
 * stack trace, each at the line of the await it is suspended in, and leaves the loop's own frames out, so the
 * trace reads as a synchronous one would. Only exceptions pay: nothing here runs while nothing is thrown.
 * Internal.
 */
public final class AsyncTraces {
    /**
     * Beyond this many elements a trace is not grown any more (a chain thousands of awaits deep is cut there, and an
     * exception re-raised in many awaiters stops collecting their chains).
     */
    private static final int MAX_ELEMENTS = 4096;

    private AsyncTraces() {
    }

    /**
     * Where a chain of frames waits, innermost first: {@code from}, its caller, and so on to the task's root;
     * frames the weaver did not generate (the runtime's own) are left out.
     *
     * @param from the innermost frame, or {@code null}
     * @param limit at most this many elements
     * @return the elements
     */
    public static List<StackTraceElement> chain(AsyncFrame<?> from, int limit) {
        List<StackTraceElement> out = new ArrayList<>();
        for (AsyncFrame<?> f = from; f != null && out.size() < limit; f = f.caller) {
            StackTraceElement e = f.stackElement();
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Rewrites {@code t}'s stack trace as the exception leaves {@code resumed}, the frame the driver resumed. Where
     * it was thrown in this step, the trace has the Java stack from the throw down to that frame's {@code invoke},
     * then the driver and the loop, then whatever started the loop ({@code Asyncio.run} and its caller): the chain
     * of frames awaiting {@code resumed} goes in place of the driver's frames. Thrown elsewhere (another task's
     * exception, rethrown at the await) it has no such frame: the chain, from {@code resumed} itself, goes where
     * that trace leaves the user's code for the loop ({@code Asyncio.run}, {@code EventLoop}), or at its end. The
     * runtime's machinery between the user's methods is dropped; the elements above the first of the user's (where
     * it was really thrown) are kept. A trace that already has the chain (the same exception leaving an outer
     * frame, or re-raised after it was caught) is left as it is.
     *
     * @param t the exception
     * @param resumed the frame the driver resumed, which threw it
     */
    public static void augment(Throwable t, AsyncFrame<?> resumed) {
        StackTraceElement[] st = t.getStackTrace();
        if (st.length == 0) {
            return;   // an exception without a stack trace stays so
        }
        String frameClass = resumed.getClass().getName();
        int cut = -1;
        for (int i = st.length - 1; i >= 0; i--) {
            if (st[i].getClassName().equals(frameClass)) {
                cut = i;
                break;
            }
        }
        List<StackTraceElement> callers = chain(cut >= 0 ? resumed.caller : resumed, Math.max(0, MAX_ELEMENTS - st.length));
        List<StackTraceElement> kept = new ArrayList<>(st.length + callers.size());
        int insertAt = -1;
        boolean user = false;
        for (int i = 0; i < st.length; i++) {
            StackTraceElement e = st[i];
            if (i == cut) {
                insertAt = kept.size();
            }
            String c = e.getClassName();
            boolean machinery = isMachinery(c);
            if (user && machinery) {
                continue;
            }
            if (user && insertAt < 0 && cut < 0 && c.startsWith("dev.weft.") && c.lastIndexOf('.') == 8) {
                insertAt = kept.size();   // the loop's entry from the synchronous world (public API, package dev.weft)
            }
            kept.add(e);
            user |= !machinery;
        }
        if (insertAt < 0) {
            insertAt = kept.size();
        }
        if (!callers.isEmpty() && kept.size() < MAX_ELEMENTS && !has(kept, callers, cut < 0)) {
            kept.addAll(insertAt, callers);
        }
        if (kept.size() != st.length || !Arrays.equals(kept.toArray(), st)) {
            t.setStackTrace(kept.toArray(new StackTraceElement[0]));
        }
    }

    /**
     * Where the running frame {@code resumed} (the one the driver resumed) and what it calls are: the calling
     * thread's stack above that frame's {@code invoke}, the runtime's machinery left out, then the chain awaiting
     * it. For {@code Task.getStack()} of the running task.
     *
     * @param resumed the frame the driver resumed, running on the calling thread
     * @param skip how many innermost elements to leave out (the caller's own)
     * @return the elements, innermost first
     */
    public static List<StackTraceElement> running(AsyncFrame<?> resumed, int skip) {
        StackTraceElement[] st = new Throwable().getStackTrace();
        String frameClass = resumed.getClass().getName();
        List<StackTraceElement> out = new ArrayList<>();
        for (int i = skip + 1; i < st.length && !st[i].getClassName().equals(frameClass); i++) {
            if (!isMachinery(st[i].getClassName())) {
                out.add(st[i]);
            }
        }
        out.addAll(chain(resumed.caller, Integer.MAX_VALUE));
        return out;
    }

    /**
     * @param className a stack trace element's class
     * @return whether it is the runtime's machinery: drivers, intrinsics, the task's steps and frame classes, which
     *     the user never wrote (the test kit leaves the same frames out of the stacks it shows)
     */
    public static boolean isMachinery(String className) {
        return className.startsWith("dev.weft.internal.") || className.contains("$weft$")
                || className.equals("dev.weft.Task") || className.startsWith("dev.weft.Task$");
    }

    /**
     * Whether {@code trace} has the chain already. With {@code anyLine}, the chain's first frame (the resumed one)
     * may be at another line: a frame that caught the exception and rethrew it after awaiting something else.
     */
    private static boolean has(List<StackTraceElement> trace, List<StackTraceElement> chain, boolean anyLine) {
        if (!anyLine) {
            return Collections.indexOfSubList(trace, chain) >= 0;
        }
        StackTraceElement first = chain.get(0);
        List<StackTraceElement> rest = chain.subList(1, chain.size());
        for (int i = 0; i + chain.size() <= trace.size(); i++) {
            StackTraceElement e = trace.get(i);
            if (e.getClassName().equals(first.getClassName()) && e.getMethodName().equals(first.getMethodName())
                    && Objects.equals(e.getFileName(), first.getFileName())
                    && trace.subList(i + 1, i + chain.size()).equals(rest)) {
                return true;
            }
        }
        return false;
    }
}
