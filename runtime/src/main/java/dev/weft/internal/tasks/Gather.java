package dev.weft.internal.tasks;

import dev.weft.Awaitable;
import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.internal.Access;
import dev.weft.internal.AsyncFrame;
import dev.weft.internal.FutureListener;
import dev.weft.internal.loop.BaseEventLoop;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * {@code Asyncio.gather}: Python's {@code asyncio.gather} and its {@code _GatheringFuture}.
 *
 * <p>Cheap per child: the gathering future listens to every child through one {@link FutureListener}, so a
 * child costs no callback object and its completion no runnable; finished children wait in an array sized
 * once. The order of events is Python's: each child's completion runs the gather's bookkeeping on a later
 * pass, in the order the children finished, where Python's done callback would run.
 */
public final class Gather {
    private static final Access ACCESS = Access.get();

    private Gather() {
    }

    /**
     * Python's {@code gather(*aws, return_exceptions=...)}.
     *
     * @param returnExceptions whether failures are results instead of propagated
     * @param awaitables coroutines (wrapped in tasks now, in argument order) and futures
     * @return the gathering future
     */
    public static Future<List<Object>> gather(boolean returnExceptions, Awaitable<?>... awaitables) {
        if (awaitables.length == 0) {
            Future<List<Object>> outer = BaseEventLoop.forThread().createFuture();
            outer.setResult(new ArrayList<>());
            return outer;
        }
        Future<?>[] children = new Future<?>[awaitables.length];
        // Python maps each argument to its future, so that one given twice is one child. Without a map: a pending
        // future, or the task made for a coroutine, that already has this gather's listener was seen before.
        // Others (a done future, a coroutine that is not a frame) go through a map, made only for them.
        IdentityHashMap<Awaitable<?>, Future<?>> argToFut = null;
        BaseEventLoop loop = null;
        GatheringFuture outer = new GatheringFuture(children, returnExceptions);
        FutureListener listener = outer.listener;
        for (int i = 0; i < awaitables.length; i++) {
            Awaitable<?> arg = awaitables[i];
            boolean byListener = byListener(arg);
            Future<?> seen = byListener ? seenBefore(arg, listener) : null;
            if (seen == null && !byListener) {
                if (argToFut == null) {
                    argToFut = new IdentityHashMap<>();
                }
                seen = argToFut.get(arg);
            }
            if (seen != null) {
                children[i] = seen;
                continue;
            }
            if (loop == null) {
                BaseEventLoop bound = arg instanceof Future ? ACCESS.loopOf((Future<?>) arg) : null;
                loop = bound != null ? bound : BaseEventLoop.forThread();
            }
            Future<?> fut = loop.ensureFuture(arg);
            outer.nfuts++;
            if (!byListener) {
                argToFut.put(arg, fut);
            }
            ACCESS.addListener(fut, listener);
            children[i] = fut;
        }
        ACCESS.bind(outer, loop);
        return outer;
    }

    /** @return whether a repeat of {@code arg} shows in its future's callbacks: a pending future, or a coroutine frame */
    private static boolean byListener(Awaitable<?> arg) {
        return arg instanceof Future ? !((Future<?>) arg).isDone() : arg instanceof AsyncFrame;
    }

    /** @return the child {@code arg} became earlier in this gather, if {@link #byListener} can tell; else null */
    private static Future<?> seenBefore(Awaitable<?> arg, FutureListener listener) {
        if (arg instanceof Future) {
            Future<?> f = (Future<?>) arg;
            return !f.isDone() && ACCESS.hasCallback(f, listener) ? f : null;
        }
        if (arg instanceof AsyncFrame) {
            Task<?> t = ((AsyncFrame<?>) arg).task;
            return t != null && !t.isDone() && ACCESS.hasCallback(t, listener) ? t : null;
        }
        return null;
    }

    /** gather's result future: Python's {@code _GatheringFuture}. */
    private static final class GatheringFuture extends Future<List<Object>> {
        /** The children in argument order; a child given twice is here twice. */
        private final Future<?>[] children;
        private final boolean returnExceptions;
        private final Listener listener = new Listener();
        private boolean cancelRequested;
        /** How many distinct children there are. */
        int nfuts;
        private int nfinished;

        GatheringFuture(Future<?>[] children, boolean returnExceptions) {
            this.children = children;
            this.returnExceptions = returnExceptions;
        }

        @Override
        public boolean cancel(String msg) {
            if (isDone()) {
                return false;
            }
            boolean ret = false;
            for (Future<?> child : children) {
                if (child.cancel(msg)) {
                    ret = true;
                }
            }
            if (ret) {
                cancelRequested = true;
            }
            return ret;
        }

        /** Python's {@code _done_callback}, for the child that finished next. */
        void childDone(Future<?> fut) {
            nfinished++;
            if (isDone()) {
                if (!fut.isCancelled()) {
                    fut.exception();   // retrieved: its failure is not reported as never retrieved
                }
                return;
            }
            if (!returnExceptions) {
                if (fut.isCancelled()) {
                    setException(ACCESS.makeCancelledError(fut));
                    return;
                }
                Throwable exc = fut.exception();
                if (exc != null) {
                    setException(exc);
                    return;
                }
            }
            if (nfinished == nfuts) {
                List<Object> results = new ArrayList<>(children.length);
                for (Future<?> f : children) {
                    Object res;
                    if (f.isCancelled()) {
                        String msg = ACCESS.cancelMessage(f);
                        res = new CancelledError(msg == null ? "" : msg);   // CPython: CancelledError('')
                    } else {
                        res = f.exception();
                        if (res == null) {
                            res = f.result();
                        }
                    }
                    results.add(res);
                }
                if (cancelRequested) {
                    // CPython calls fut._make_cancelled_error() on the last child to finish, which need not be
                    // cancelled: one that caught its cancellation and returned, or failed, gives a CancelledError()
                    // with no message (its result or exception is no cancel message).
                    setException(fut.isCancelled() ? ACCESS.makeCancelledError(fut) : new CancelledError());
                } else {
                    setResult(results);
                }
            }
        }

        /** Hears the children finish: a FIFO of them, sized for all, and one run of childDone each. */
        private final class Listener extends FutureListener {
            private Future<?>[] finished;
            private int head;
            private int tail;

            @Override
            public void futureDone(Future<?> future) {
                if (finished == null) {
                    finished = new Future<?>[children.length];   // nfuts is still counting: a done child calls at once
                }
                finished[tail++] = future;
            }

            @Override
            public void run() {
                Future<?> f = finished[head];
                finished[head++] = null;
                childDone(f);
            }
        }
    }
}
