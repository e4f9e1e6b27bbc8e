package dev.weft.internal;

import dev.weft.AsyncGenerator;
import dev.weft.Await;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.GeneratorExit;
import dev.weft.StopAsyncIteration;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.internal.loop.BaseEventLoop;
import dev.weft.internal.loop.Driver;
import dev.weft.internal.tasks.Gather;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one async generator (PEP 525), behind the public {@link AsyncGenerator}: the woven body's frame and
 * whether a step runs or the generator has finished. Internal.
 *
 * <p>Each {@code anext()}, {@code asend()}, {@code athrow()} and {@code aclose()} is a {@link Step}: a small frame
 * that resumes the body inline, in the awaiting task, until its next {@code Await.yield} (the step's result), its
 * end ({@link StopAsyncIteration}) or an exception. The body's frame keeps its own label across steps: a yield is a
 * suspension point of the body whose value goes to the step (see {@link Rt#yieldValue}), not to the loop.
 *
 * <p>Nothing here refers to the public object, so that an abandoned generator can be collected and then closed on
 * its loop (PEP 525's finalizer) through this state alone.
 */
public final class AsyncGen {
    /** Step kinds. */
    static final byte ANEXT = 0;
    static final byte ATHROW = 1;
    static final byte ACLOSE = 2;
    /** The one step of an {@code async for} over the generator: gives whether there is an item, never throws at the end. */
    static final byte FOR = 3;

    private static final Access A = Access.get();

    /** The woven body's frame: label 0 until it first runs. */
    final AsyncFrame<?> body;
    private boolean running;
    private boolean finished;
    /** The loop whose {@code shutdownAsyncgens} closes this generator, set at its first iteration on a loop. */
    private BaseEventLoop loop;
    private boolean hooked;
    private Cleaner.Cleanable cleanable;

    /**
     * @param body the woven body's frame, not yet run
     */
    public AsyncGen(AsyncFrame<?> body) {
        this.body = body;
        body.claim();   // a generator is not a coroutine to await: never "never awaited"
    }

    /** @return the state of a generator whose body ends at once (what {@code AsyncGenerator.done()} gives) */
    public static AsyncGen empty() {
        return new AsyncGen(new AsyncFrame<Object>() {
            @Override
            protected Object invoke() {
                return null;
            }

            @Override
            public String methodName() {
                return "AsyncGenerator.done";
            }
        });
    }

    /** @return the generator's method, e.g. {@code com.acme.Feed.items} */
    public String methodName() {
        return body.methodName();
    }

    /** @return whether the body has ended (returned, thrown, or closed) */
    public boolean isFinished() {
        return finished;
    }

    /** @return whether a step runs the body now (Python's {@code ag_running}) */
    public boolean isRunning() {
        return running;
    }

    /**
     * Python's first-iteration hook: the generator joins the running loop's set of generators to close at
     * {@code shutdownAsyncgens}, and is closed on that loop if it is collected unfinished.
     *
     * @param owner the public generator, whose collection the cleaner watches
     */
    public void firstIteration(Object owner) {
        if (hooked) {
            return;
        }
        hooked = true;
        BaseEventLoop l = BaseEventLoop.runningOrNull();
        if (l == null || finished) {
            return;
        }
        loop = l;
        l.addAsyncgen(this);
        cleanable = Cleaners.CLEANER.register(owner, new Finalizer(this, l));
    }

    /**
     * A new step of the given kind.
     *
     * @param kind {@link #ANEXT} (with {@code send}), {@link #ATHROW} (with {@code thrown}) or {@link #ACLOSE}
     * @return the step, not yet claimed
     */
    Step newStep(byte kind, Object send, Throwable thrown) {
        Step s = new Step(this);
        s.set(kind, send, thrown);
        return s;
    }

    /**
     * @param cached the step last handed out, or {@code null}
     * @return {@code cached} again when it has finished (so that iterating allocates nothing), else a new step
     */
    public Coroutine<Object> anext(Coroutine<Object> cached) {
        return reuse(cached, ANEXT, null, null);
    }

    /** @return the coroutine of {@code asend(value)}, reusing {@code cached} when it has finished */
    public Coroutine<Object> asend(Coroutine<Object> cached, Object value) {
        return reuse(cached, ANEXT, value, null);
    }

    /** @return the coroutine of {@code athrow(error)} */
    public Coroutine<Object> athrow(Throwable error) {
        if (error == null) {
            throw new NullPointerException("athrow(null): there is nothing to throw");
        }
        return newStep(ATHROW, null, error);
    }

    /** @return the coroutine of {@code aclose()} */
    public Coroutine<Object> aclose() {
        return newStep(ACLOSE, null, null);
    }

    private Coroutine<Object> reuse(Coroutine<Object> cached, byte kind, Object send, Throwable thrown) {
        if (cached instanceof Step) {
            Step s = (Step) cached;
            if (s.label == AsyncFrame.DONE) {
                s.label = AsyncFrame.NEW;
                s.set(kind, send, thrown);
                return s;
            }
        }
        return newStep(kind, send, thrown);
    }

    private void finish() {
        running = false;
        if (!finished) {
            finished = true;
            if (loop != null) {
                loop.removeAsyncgen(this);
                loop = null;
                Cleaner.Cleanable c = cleanable;
                cleanable = null;
                c.clean();
            }
        }
    }

    /**
     * {@code shutdownAsyncgens}: closes the generators concurrently; a failure goes to the loop's exception handler.
     *
     * @param loop the loop shutting its generators down
     * @param closing the generators, in the order they were first iterated
     * @return the coroutine to await
     */
    @Async
    public static Coroutine<Void> closeAll(BaseEventLoop loop, List<AsyncGen> closing) {
        if (closing.isEmpty()) {
            return Coroutine.done();
        }
        Awaitable<?>[] closes = new Awaitable<?>[closing.size()];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = closing.get(i).aclose();
        }
        List<Object> results = Await.on(Gather.gather(true, closes));
        for (int i = 0; i < closes.length; i++) {
            Object r = results.get(i);
            if (r instanceof Exception) {
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("message", "an error occurred during closing of asynchronous generator " + closing.get(i));
                context.put("exception", r);
                context.put("asyncgen", closing.get(i));
                loop.callExceptionHandler(context);
            }
        }
        return Coroutine.done();
    }

    private static String kindName(byte kind) {
        return kind == ATHROW ? "athrow" : kind == ACLOSE ? "aclose" : "anext";   // async for steps with anext
    }

    /**
     * {@code async for} over the generator (its {@code __aiter__} is itself): the loop's iterator, one step for the
     * whole loop.
     *
     * @param owner the public generator
     * @return the iterator woven code steps with {@code Rt.asyncForStep}
     */
    public Iterator<Object> forLoop(Object owner) {
        firstIteration(owner);
        Step s = new Step(this);
        s.set(FOR, null, null);
        s.claim();
        s.label = AsyncFrame.DONE;
        return s;
    }

    @Override
    public String toString() {
        return "<async_generator " + methodName() + (finished ? " finished" : running ? " running" : "") + ">";
    }

    /**
     * One {@code anext}/{@code asend}/{@code athrow}/{@code aclose}: resumes the body in the awaiting task. Label 0:
     * not started; 1: the body runs or waits (when the driver resumes this step, the body has yielded, returned or
     * thrown). An {@code async for} over the generator has one step of kind {@link #FOR} for the whole loop, which is
     * also the loop's iterator: woven code runs it through {@link #forStep}, without awaiting a coroutine.
     */
    static final class Step extends AsyncFrame<Object> implements Iterator<Object> {
        private final AsyncGen gen;
        private byte kind;
        private Object send;
        private Throwable thrown;
        /** Set by {@link #yielded}: the body reached {@code Await.yield} in this step. */
        private boolean hasValue;
        private Object value;
        /** A {@link #FOR} step's item, until woven code takes it. */
        private Object item;
        /** The driver of the loop the step runs on: a {@link #FOR} step keeps it for the loop's whole run. */
        private Driver driver;

        Step(AsyncGen gen) {
            this.gen = gen;
        }

        void set(byte kind, Object send, Throwable thrown) {
            this.kind = kind;
            this.send = send;
            this.thrown = thrown;
        }

        /** The body yielded {@code v} ({@link Rt#yieldValue}): if the driver runs the body, it comes back here. */
        void yielded(Object v) {
            hasValue = true;
            value = v;
            driver.waitKind = Driver.WAIT_YIELDED;
        }

        @Override
        protected Object invoke() {
            if (label == 0) {
                label = 1;
                Driver d = kind == FOR && driver != null ? driver : A.loopOf(task).driver;
                return begin(d);
            }
            // Resumed by the driver: the body, which ran there, yielded, returned or threw.
            Object r;
            try {
                r = Rt.resume(this);
            } catch (Throwable t) {
                return ended(t);
            }
            return hasValue ? yieldValue() : returned(r);
        }

        /**
         * One step of {@code async for}, run by woven code in the awaiting frame {@code self} (what awaiting the step
         * would do, without the await): {@code TRUE} with an item for {@link #take}, {@code FALSE} at the end, or
         * {@link Rt#SUSPEND} with this step linked to {@code self} while the body waits.
         */
        Object forStep(AsyncFrame<?> self) {
            if (label != DONE) {
                throw new IllegalStateException("async for over " + gen + ": a step is already under way");
            }
            Driver d = driver;
            if (d == null) {
                d = driver = A.loopOf(self.task).driver;
            }
            int saved = d.inlineDepth;
            if (saved >= Rt.MAX_DEPTH) {
                label = NEW;
                return Rt.await(this, self, saved);   // too deep: the driver starts the step from the bottom
            }
            d.inlineDepth = saved + 3;
            Task<?> t = self.task;
            if (task != t) {
                task = t;
            }
            Object r;
            try {
                r = begin(d);
            } catch (Throwable e) {
                d.inlineDepth = saved;
                throw e;
            }
            d.inlineDepth = saved;
            if (r == Rt.SUSPEND) {
                // The body waits: this step is the await in self that the driver resumes it through.
                label = 1;
                caller = self;
            }
            return r;
        }

        /** @return the item of the last {@link #forStep}, once */
        Object take() {
            Object v = item;
            item = null;
            return v;
        }

        private Object begin(Driver d) {
            AsyncGen g = gen;
            AsyncFrame<?> b = g.body;
            if (g.running || g.finished || b.label == 0 || kind == ATHROW || kind == ACLOSE || send != null) {
                return beginOtherwise(d, g, b);
            }
            return run(d, g, b, null, null, true);   // the usual step: resume the body at its yield with null
        }

        private Object beginOtherwise(Driver d, AsyncGen g, AsyncFrame<?> b) {
            if (g.running) {
                throw new IllegalStateException(kindName(kind) + "(): asynchronous generator is already running");
            }
            if (g.finished) {
                if (kind == ANEXT) {
                    throw new StopAsyncIteration();
                }
                return kind == FOR ? Boolean.FALSE : null;   // athrow() and aclose() of a finished one do nothing
            }
            Throwable exc = thrown;
            Object sent = send;
            thrown = null;
            send = null;
            if (b.label == 0) {
                // Not started: closing or throwing into it ends it without running its body.
                if (kind == ACLOSE) {
                    g.finish();
                    return null;
                }
                if (kind == ATHROW) {
                    g.finish();
                    throw Sneaky.rethrow(exc);
                }
                if (sent != null) {
                    throw new IllegalArgumentException("can't send non-null value to a just-started async generator"
                            + " (asend(" + sent + ") before its first step)");
                }
                return run(d, g, b, null, null, false);
            }
            return run(d, g, b, sent, kind == ACLOSE ? new GeneratorExit() : exc, true);
        }

        /** Runs the body until it yields, waits, returns or throws; {@code resume}: it resumes at a yield. */
        private Object run(Driver d, AsyncGen g, AsyncFrame<?> b, Object sent, Throwable exc, boolean resume) {
            g.running = true;
            // Written only when they change: an async for's every step would store the same references.
            if (driver != d) {
                driver = d;
            }
            Task<?> t = task;
            if (b.task != t) {
                b.task = t;
            }
            if (b.caller != this) {
                b.caller = this;
            }
            if (resume && (sent != null || exc != null)) {
                d.resumeValue = sent;   // what Await.yield gives, or throws, in the body (null is what the driver holds)
                d.resumeExc = exc;
            }
            Object r;
            try {
                r = b.invoke();
            } catch (Throwable e) {
                b.label = AsyncFrame.DONE;
                b.caller = null;
                return ended(e);
            }
            if (r == Rt.SUSPEND) {
                d.suspendedFrame = null;   // the body is linked to this step already
                if (hasValue) {
                    d.waitKind = 0;
                    return yieldValue();   // the body stays linked to this step, which resumes it next
                }
                return Rt.SUSPEND;   // the body waits inside this step
            }
            b.label = AsyncFrame.DONE;
            b.caller = null;
            return returned(r);
        }

        private Object yieldValue() {
            Object v = value;
            value = null;
            hasValue = false;
            gen.running = false;
            if (kind == FOR) {
                item = v;
                return Boolean.TRUE;
            }
            if (kind == ACLOSE) {
                throw new IllegalStateException("async generator ignored GeneratorExit: " + gen.methodName()
                        + " yielded while being closed");
            }
            return v;
        }

        private Object returned(Object r) {
            gen.finish();
            if (kind == ACLOSE) {
                return null;
            }
            if (kind == FOR) {
                return Boolean.FALSE;
            }
            throw new StopAsyncIteration();
        }

        private Object ended(Throwable e) {
            gen.finish();
            if (e instanceof StopAsyncIteration) {
                throw new IllegalStateException("async generator raised StopAsyncIteration", e);
            }
            if (kind == ACLOSE && e instanceof GeneratorExit) {
                return null;
            }
            throw Sneaky.rethrow(e);
        }

        /** Not for use: woven code steps with {@link #forStep}. @throws IllegalStateException always */
        @Override
        public boolean hasNext() {
            throw new IllegalStateException("async for over " + gen + " stepped without awaiting: weaver and runtime"
                    + " versions differ");
        }

        /** Not for use: woven code takes the item with {@link #take}. @throws IllegalStateException always */
        @Override
        public Object next() {
            throw new IllegalStateException("async for over " + gen + " stepped without awaiting: weaver and runtime"
                    + " versions differ");
        }

        @Override
        public String methodName() {
            return gen.methodName() + "." + kindName(kind);
        }

        @Override
        public String toString() {
            return "<" + kindName(kind) + " of " + gen + ">";
        }
    }

    /** PEP 525's finalizer: an unfinished generator collected after its first iteration is closed on its loop. */
    private static final class Finalizer implements Runnable {
        private final AsyncGen gen;
        private final BaseEventLoop loop;

        Finalizer(AsyncGen gen, BaseEventLoop loop) {
            this.gen = gen;
            this.loop = loop;
        }

        @Override
        public void run() {
            if (gen.finished || loop.isClosed()) {
                return;
            }
            try {
                loop.callSoonThreadsafe(() -> {
                    if (loop.removeAsyncgen(gen)) {
                        loop.createTask(gen.aclose());
                    }
                });
            } catch (IllegalStateException closed) {
                // The loop closed meanwhile: nothing runs there any more.
            }
        }
    }
}
