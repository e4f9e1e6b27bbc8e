package dev.weft.internal.loop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a test kit asks a loop to keep while a test runs ({@link BaseEventLoop#watch(LoopWatch)}): every future of
 * the loop that failed, so that an exception nobody retrieved is known when the test ends rather than when the
 * garbage collector finds the future; and every server and transport opened and not closed yet, with the stack
 * where it was opened. A loop without a watch keeps nothing: a failure, an open and a close read one field more.
 * Internal.
 */
public final class LoopWatch {
    private final List<NeverRetrieved> failed = new ArrayList<>();
    private final Map<Object, Throwable> open = new LinkedHashMap<>();

    synchronized void failed(NeverRetrieved f) {
        failed.add(f);
    }

    synchronized void opened(Object resource, Object task) {
        // The Java stack of a resource opened in a callback, or in a task resumed deep in its awaits, shows little
        // of the user's code: the task, whose coroutine names the method that awaited, says more.
        open.put(resource, new Throwable(task != null ? "opened in " + task : "opened here"));
    }

    synchronized void closed(Object resource) {
        open.remove(resource);
    }

    /**
     * @return the failures of the loop's futures whose exception nobody has retrieved yet (by awaiting the future,
     *     or calling its {@code result()} or {@code exception()}), in the order the futures failed
     */
    public synchronized List<NeverRetrieved> unretrieved() {
        List<NeverRetrieved> found = new ArrayList<>();
        for (NeverRetrieved f : failed) {
            if (!f.isRetrieved()) {
                found.add(f);
            }
        }
        return found;
    }

    /**
     * @return the servers and transports still open, oldest first, each with the stack where it was opened (whose
     *     message names the task that ran then, if one did: "opened in &lt;Task ...&gt;")
     */
    public synchronized Map<Object, Throwable> stillOpen() {
        return new LinkedHashMap<>(open);
    }
}
