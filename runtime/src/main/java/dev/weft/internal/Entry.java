package dev.weft.internal;

import dev.weft.Coroutine;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.tasks.Runners;

/**
 * What a woven {@code @Async void} method does: it is an entry point, like
 * {@code public static void main(String[] args) { Asyncio.run(main()); }} written in one method. The weaver
 * moves the method's body into a coroutine of its own and makes the method call {@link #run} with it.
 * Internal: the weaver emits the call; user code calls {@code Asyncio.run}.
 */
public final class Entry {
    private Entry() {
    }

    /**
     * Runs {@code body} to the end on a new event loop in this thread, exactly as {@code Asyncio.run} does
     * (on exit the tasks still pending are cancelled and awaited, the default executor is shut down and the
     * loop closed), and rethrows whatever the body threw: the same object, checked or not, never wrapped. While a
     * test kit has installed {@link dev.weft.internal.tasks.RunHooks} in this thread, the loop is the kit's.
     *
     * @param body the coroutine of the {@code @Async void} method's body
     * @throws IllegalStateException when an event loop is running in this thread
     */
    public static void run(Coroutine<?> body) {
        if (BaseEventLoop.runningOrNull() != null) {
            throw calledFromALoop(body);
        }
        Runners.run(body, null, null);
    }

    private static IllegalStateException calledFromALoop(Coroutine<?> body) {
        String method = "method";
        if (body instanceof AsyncFrame) {
            AsyncFrame<?> frame = (AsyncFrame<?>) body;
            method = frame.methodName();
            // The coroutine is the weaver's, not the caller's: it must not be reported as never awaited too.
            frame.claim();
        }
        return new IllegalStateException("@Async void " + method + " cannot be called from a running event loop:"
                + " an @Async void method is an entry point, which runs its own loop as Asyncio.run() does; to call"
                + " it from async code, make it return Coroutine and await it");
    }
}
