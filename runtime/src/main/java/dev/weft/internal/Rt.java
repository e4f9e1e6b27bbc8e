package dev.weft.internal;

import dev.weft.AsyncGenerator;
import dev.weft.AsyncIterable;
import dev.weft.AsyncIterator;
import dev.weft.Awaitable;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Task;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * What woven code calls at its suspension points. Internal: the weaver emits these calls; user code
 * must not.
 *
 * <p>The protocol: a woven body returns its result, or {@link #SUSPEND} after saving its live values
 * in its frame. At an await it calls {@link #await}; a result other than {@code SUSPEND} is the
 * awaited value, got without suspending (and without allocating). After a suspension the driver
 * invokes the frame again, which jumps to the suspension point and calls {@link #resume} for the
 * value (or the exception) it was resumed with.
 */
public final class Rt {

    /** Returned by a body (and by {@link #await}) when the frame suspended. */
    public static final Object SUSPEND = new Object() {
        @Override
        public String toString() {
            return "SUSPEND";
        }
    };

    private static final Access A = Access.get();

    private Rt() {
    }

    /**
     * How deep direct calls and inline awaits may nest on the Java stack; deeper, a coroutine is started
     * from the bottom of the stack by the task's driver (a trampoline), so recursion of any depth never
     * overflows it. A direct call counts 1 (one Java frame), an inline await of a coroutine object 3 (three
     * frames). 1024 by default, so that the deepest nesting, a few hundred bytes per frame, fits in a
     * thread's default stack (1 MiB on 64-bit Linux). The system property {@code dev.weft.maxDepth} (8 to
     * 100000) changes it, for threads with smaller or larger stacks.
     */
    public static final int MAX_DEPTH = Math.max(8, Math.min(100_000, Integer.getInteger("dev.weft.maxDepth", 1024)));

    /**
     * {@code Await.on(awaitable)} inside the frame {@code self}, at inline depth 0.
     *
     * @param awaitable what is awaited
     * @param self the awaiting frame
     * @return the value, or {@link #SUSPEND}
     */
    public static Object await(Awaitable<?> awaitable, AsyncFrame<?> self) {
        return await(awaitable, self, 0);
    }

    /**
     * {@code Await.on(awaitable)} inside the frame {@code self}.
     *
     * @param awaitable what is awaited
     * @param self the awaiting frame
     * @param depth the awaiting body's depth of direct calls
     * @return the value, or {@link #SUSPEND}
     */
    public static Object await(Awaitable<?> awaitable, AsyncFrame<?> self, int depth) {
        // Kept small, so that the JIT inlines it into every await, and a Parking (sleep, Event.await) it is
        // handed does not even get allocated.
        if (awaitable instanceof Parking) { // sleep(), Event.await(): park self, no frame of their own
            return ((Parking<?>) awaitable).awaitFrom(self);
        }
        if (awaitable instanceof AsyncFrame) {
            return awaitFrame((AsyncFrame<?>) awaitable, self, self.task, depth);
        }
        return awaitOther(awaitable, self);
    }

    private static Object awaitOther(Awaitable<?> awaitable, AsyncFrame<?> self) {
        if (awaitable instanceof Future) {
            Future<?> f = (Future<?>) awaitable;
            if (f.isDone()) {
                return A.resultOf(f);
            }
            A.park(self.task, self, f);
            return SUSPEND;
        }
        if (awaitable instanceof Completed) {
            return ((Completed<?>) awaitable).take();
        }
        if (awaitable == null) {
            throw new NullPointerException("Await.on(null) in " + self.methodName() + ": there is nothing to await");
        }
        throw new IllegalStateException("cannot await " + awaitable + " (" + awaitable.getClass().getName() + ")");
    }

    /**
     * Awaits a coroutine frame inline, on this Java stack (or, too deep, started by the driver). With no awaiting
     * frame ({@code self} null: a tail await in a body called directly without one), the suspended child is
     * published for the body's caller to link itself to, as a suspended direct call is.
     */
    private static Object awaitFrame(AsyncFrame<?> child, AsyncFrame<?> self, Task<?> task, int depth) {
        child.claim();
        child.task = task;
        child.caller = self;
        int saved = A.enterInline(task, depth);
        if (saved < 0) {
            A.startChild(task, child);
            if (self == null) {
                A.setSuspended(task, child);
            }
            return SUSPEND;
        }
        Object r;
        try {
            r = child.invoke();
        } catch (Throwable t) {
            child.label = AsyncFrame.DONE;
            child.caller = null;
            throw t;
        } finally {
            A.exitInline(task, saved);
        }
        if (r == SUSPEND) {
            if (self == null) {
                A.setSuspended(task, child); // a runtime coroutine, such as a sleep, does not publish itself
            } else {
                A.takeSuspended(task); // the child is linked already
            }
            return SUSPEND;
        }
        child.label = AsyncFrame.DONE;
        child.caller = null;
        return r;
    }

    /**
     * Claims a frame that a body running as a direct call creates when it first needs one: at its first
     * await that is not itself a direct call, or when a direct call it made suspended.
     *
     * @param frame the new frame
     * @param task the task running the body
     */
    public static void lazy(AsyncFrame<?> frame, Task<?> task) {
        frame.claim();
        frame.task = task;
    }

    /**
     * A body called directly when the depth is exhausted: its new frame is started by the driver, from
     * the bottom of the Java stack, and the caller links itself to it as to any suspended direct call.
     *
     * @param frame the new frame, which has not run
     * @param task the task running the body
     * @return {@link #SUSPEND}
     */
    public static Object bounce(AsyncFrame<?> frame, Task<?> task) {
        lazy(frame, task);
        A.startChild(task, frame);
        A.setSuspended(task, frame);
        return SUSPEND;
    }

    /**
     * Called by a body right before it returns {@link #SUSPEND}: publishes its frame, so that a caller that
     * called it directly can link itself to it ({@link #adopt}).
     *
     * @param self the suspending frame
     */
    public static void suspended(AsyncFrame<?> self) {
        A.setSuspended(self.task, self);
    }

    /**
     * A direct call returned {@link #SUSPEND}: links the frame it suspended in (published by
     * {@link #suspended}) to {@code self}, its caller, which then suspends too.
     *
     * @param self the calling frame
     */
    public static void adopt(AsyncFrame<?> self) {
        AsyncFrame<?> child = A.takeSuspended(self.task);
        if (child == null) {
            throw new IllegalStateException("a direct call in " + self.methodName()
                    + " suspended without publishing its frame: weaver and runtime versions differ");
        }
        child.caller = self;
    }

    /**
     * Published in place of a suspended frame when a body that returns a primitive (see below) ends with
     * {@code null}, which its primitive return cannot carry.
     */
    private static final AsyncFrame<Object> NULL_RESULT = new AsyncFrame<>() {
        {
            claim();   // a marker, never awaited: not a coroutine a watch should report as forgotten
        }

        @Override
        protected Object invoke() {
            throw new IllegalStateException("the null-result marker is not a coroutine");
        }

        @Override
        public String toString() {
            return "NULL_RESULT";
        }
    };

    /**
     * After a call of a body that returns a primitive: whether the primitive is not the result. A method
     * declared to return {@code Coroutine<Integer>} (or another boxed type) has a body returning {@code int},
     * so that a direct call and its await box nothing; when such a body suspends (it has published its frame,
     * {@link #suspended}) or ends with {@code null}, it returns its type's marker value (the weaver's choice: a
     * value rarely a result, such as a large negative int) and this is {@code true}: then {@link #signal} tells
     * which. Woven code asks only when the primitive is the marker; a real result equal to it leaves this
     * {@code false}.
     *
     * @param task the running task
     * @return whether the body suspended or returned {@code null}
     */
    public static boolean signalled(Task<?> task) {
        return A.peekSuspended(task) != null;
    }

    /**
     * What a body returning a primitive meant when {@link #signalled} says its primitive is not the result.
     *
     * @param task the running task
     * @return {@link #SUSPEND} (its frame stays published for {@link #adopt}), or {@code null}, its result
     */
    public static Object signal(Task<?> task) {
        if (A.peekSuspended(task) == NULL_RESULT) {
            A.setSuspended(task, null);
            return null;
        }
        return SUSPEND;
    }

    /**
     * {@code return Coroutine.of(value)} in a body that returns a primitive, where {@code value} is not boxed
     * right there: a {@code null} value is published (see {@link #signal}) and the body returns its marker; any
     * other the body unboxes and returns.
     *
     * @param value the coroutine's result
     * @param task the running task
     * @return whether {@code value} is {@code null}
     */
    public static boolean returnsNull(Object value, Task<?> task) {
        if (value != null) {
            return false;
        }
        A.setSuspended(task, NULL_RESULT);
        return true;
    }

    /**
     * Where an awaited result is unboxed at once ({@code int v = Await.on(m())}), a {@code null} result
     * fails as the unboxing would, naming the method whose result it is.
     *
     * @param value the awaited result
     * @param method the awaited method, e.g. {@code com.acme.Shop.count}
     * @return {@code value}, not {@code null}
     */
    public static Object unboxable(Object value, String method) {
        if (value == null) {
            throw new NullPointerException("cannot unbox the result of " + method + ": it is null");
        }
        return value;
    }

    /**
     * After a direct call whose primitive result is unboxed at once ({@code int v = Await.on(m())}) signalled:
     * {@link #SUSPEND}, or a {@code null} result, which fails as the unboxing would, naming the method.
     *
     * @param task the running task
     * @param method the awaited method, e.g. {@code com.acme.Shop.count}
     * @return {@link #SUSPEND}
     */
    public static Object signalUnboxed(Task<?> task, String method) {
        return unboxable(signal(task), method);
    }

    /**
     * {@link #resume} at a point whose awaited result is unboxed at once: the value, unboxed; a {@code null}
     * fails naming the method.
     *
     * @param self the resumed frame
     * @param method the awaited method
     * @return the value
     */
    public static int resumeInt(AsyncFrame<?> self, String method) {
        return (Integer) unboxable(resume(self), method);
    }

    /** @param self the resumed frame @param method the awaited method @return the value; see {@link #resumeInt} */
    public static long resumeLong(AsyncFrame<?> self, String method) {
        return (Long) unboxable(resume(self), method);
    }

    /** @param self the resumed frame @param method the awaited method @return the value; see {@link #resumeInt} */
    public static double resumeDouble(AsyncFrame<?> self, String method) {
        return (Double) unboxable(resume(self), method);
    }

    /** @param self the resumed frame @param method the awaited method @return the value; see {@link #resumeInt} */
    public static float resumeFloat(AsyncFrame<?> self, String method) {
        return (Float) unboxable(resume(self), method);
    }

    /** @param self the resumed frame @param method the awaited method @return the value; see {@link #resumeInt} */
    public static boolean resumeBoolean(AsyncFrame<?> self, String method) {
        return (Boolean) unboxable(resume(self), method);
    }

    /** @param self the resumed frame @param method the awaited method @return the value; see {@link #resumeInt} */
    public static char resumeCharacter(AsyncFrame<?> self, String method) {
        return (Character) unboxable(resume(self), method);
    }

    /** @param self the resumed frame @param method the awaited method @return the value; see {@link #resumeInt} */
    public static short resumeShort(AsyncFrame<?> self, String method) {
        return (Short) unboxable(resume(self), method);
    }

    /** @param self the resumed frame @param method the awaited method @return the value; see {@link #resumeInt} */
    public static byte resumeByte(AsyncFrame<?> self, String method) {
        return (Byte) unboxable(resume(self), method);
    }

    /**
     * The depth a frame's body runs at when the driver or an inline await invokes it.
     *
     * @param frame the frame being invoked
     * @return its depth
     */
    public static int depth(AsyncFrame<?> frame) {
        Task<?> t = frame.task;
        return t == null ? 0 : A.inlineDepth(t);
    }

    /**
     * {@code Await.on(Asyncio.sleep(delay))} as the weaver writes it: no coroutine object, the frame parks
     * itself. It always suspends (even {@code sleep(0)} gives up one pass of the loop): the woven code does not
     * check its result for {@link #SUSPEND}.
     *
     * @param delay seconds
     * @param self the awaiting frame
     * @return {@link #SUSPEND}
     */
    public static Object sleep(double delay, AsyncFrame<?> self) {
        return sleep(delay, null, self);
    }

    /**
     * {@code Await.on(Asyncio.sleep(delay, result))} as the weaver writes it.
     *
     * @param delay seconds
     * @param result what the await gives
     * @param self the awaiting frame
     * @return {@link #SUSPEND}
     */
    public static Object sleep(double delay, Object result, AsyncFrame<?> self) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("sleep: delay must not be NaN");
        }
        return A.sleep(self, delay, result);
    }

    /**
     * Gives up exactly one pass of the loop ({@code sleep(0)}): the frame resumes on the next pass.
     *
     * @param self the yielding frame, whose label is already set to its resume point
     * @return {@link #SUSPEND}
     */
    public static Object yieldOnce(AsyncFrame<?> self) {
        A.yieldOnce(self.task, self);
        return SUSPEND;
    }

    /**
     * {@code return c;} of a coroutine other than {@code Coroutine.of(...)}: the result is what
     * awaiting {@code c} gives. {@code null} ends the coroutine with {@code null}.
     *
     * @param returned the returned coroutine
     * @param self the returning frame
     * @param depth the returning body's depth of direct calls
     * @return the value, or {@link #SUSPEND}
     */
    public static Object awaitReturn(Coroutine<?> returned, AsyncFrame<?> self, int depth) {
        if (returned == null) {
            return null;
        }
        return await(returned, self, depth);
    }

    /**
     * {@code return c;} of a coroutine other than {@code Coroutine.of(...)} (a tail await): the result is what
     * awaiting {@code c} gives, and nothing of the returning body runs after it. A body with a frame suspends in
     * it with the label {@link AsyncFrame#TAIL} (resumed, the frame ends with the value it is given); a body
     * called directly that has made no frame needs none: the coroutine it returns (every awaitable coroutine but a
     * finished one is a frame) runs inline and, suspended, is published in its place, so that its caller awaits
     * that coroutine itself. {@code null} ends the coroutine with {@code null}.
     *
     * @param returned the returned coroutine
     * @param self the returning frame, or {@code null} in a body called directly that has not made it
     * @param task the running task
     * @param depth the returning body's depth of direct calls
     * @return the value, or {@link #SUSPEND}
     */
    public static Object awaitTail(Coroutine<?> returned, AsyncFrame<?> self, Task<?> task, int depth) {
        if (returned == null) {
            return null;
        }
        if (self != null) {
            Object r = await(returned, self, depth);
            if (r == SUSPEND) {
                suspendInTail(self, task);
            }
            return r;
        }
        if (returned instanceof Completed) {
            return ((Completed<?>) returned).take();
        }
        if (!(returned instanceof AsyncFrame)) {
            throw new IllegalStateException("cannot await " + returned + " (" + returned.getClass().getName() + ")");
        }
        // The coroutine waits in its own frame, which the caller awaits in this body's place.
        return awaitFrame((AsyncFrame<?>) returned, null, task, depth);
    }

    // The values a body returning a primitive returns when it signals: the weaver's PrimitiveResult.marker().
    private static final int INT_MARKER = 0x8000_5EF7;
    private static final long LONG_MARKER = 0x8000_0000_0000_5EF7L;
    private static final char CHAR_MARKER = '\uFFFF';
    private static final short SHORT_MARKER = (short) 0x8A51;
    private static final byte BYTE_MARKER = (byte) 0x81;

    /**
     * {@code return m(...);} of a direct call of a body returning an object, in a body returning an object: the
     * call's result is the result. When it suspended and this body has a frame, the frame suspends in a tail
     * await of it; without a frame, the callee's frame stays published for this body's caller.
     *
     * @param value what the call returned
     * @param self the returning frame, or {@code null}
     * @return {@code value}
     */
    public static Object tail(Object value, AsyncFrame<?> self) {
        if (value == SUSPEND && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /** {@link #tail} for a body returning {@code int}. @param value the result @param self the frame @return value */
    public static int tailInt(int value, AsyncFrame<?> self) {
        if (value == INT_MARKER && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /** {@link #tail} for a body returning {@code long}. @param value the result @param self the frame @return value */
    public static long tailLong(long value, AsyncFrame<?> self) {
        if (value == LONG_MARKER && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /** {@link #tail} for a body returning {@code float}. @param value the result @param self the frame @return value */
    public static float tailFloat(float value, AsyncFrame<?> self) {
        if (Float.floatToRawIntBits(value) == INT_MARKER && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /** {@link #tail} for a body returning {@code double}. @param value the result @param self the frame @return value */
    public static double tailDouble(double value, AsyncFrame<?> self) {
        if (Double.doubleToRawLongBits(value) == LONG_MARKER && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /** {@link #tail} for a body returning {@code boolean}. @param value the result @param self the frame @return value */
    public static boolean tailBoolean(boolean value, AsyncFrame<?> self) {
        if (!value && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /** {@link #tail} for a body returning {@code char}. @param value the result @param self the frame @return value */
    public static char tailCharacter(char value, AsyncFrame<?> self) {
        if (value == CHAR_MARKER && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /** {@link #tail} for a body returning {@code short}. @param value the result @param self the frame @return value */
    public static short tailShort(short value, AsyncFrame<?> self) {
        if (value == SHORT_MARKER && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /** {@link #tail} for a body returning {@code byte}. @param value the result @param self the frame @return value */
    public static byte tailByte(byte value, AsyncFrame<?> self) {
        if (value == BYTE_MARKER && self != null) {
            adoptInTail(self);
        }
        return value;
    }

    /**
     * A direct call returned {@code SUSPEND} (or a primitive body's marker, which may mean it): if it suspended
     * (its frame is published; not a {@code null} result, nor a real result equal to the marker), the frame
     * links itself to it and suspends in a tail await.
     */
    private static void adoptInTail(AsyncFrame<?> self) {
        Task<?> task = self.task;
        AsyncFrame<?> child = A.peekSuspended(task);
        if (child == null || child == NULL_RESULT) {
            return;
        }
        adopt(self);
        suspendInTail(self, task);
    }

    private static void suspendInTail(AsyncFrame<?> self, Task<?> task) {
        self.clearSaved();
        if (self.label > AsyncFrame.TAIL) {
            self.label = AsyncFrame.TAIL;   // TAIL - k is kept: the body stored which tail await's line it is
        }
        A.setSuspended(task, self);
    }

    /**
     * {@code Await.on(stage)} inside the frame {@code self}. A completed {@link CompletableFuture}
     * does not suspend. Failures are rethrown as their original cause.
     *
     * @param stage what is awaited
     * @param self the awaiting frame
     * @return the value, or {@link #SUSPEND}
     */
    public static Object awaitStage(CompletionStage<?> stage, AsyncFrame<?> self) {
        if (stage == null) {
            throw new NullPointerException("Await.on(null) in " + self.methodName() + ": there is nothing to await");
        }
        if (stage instanceof CompletableFuture) {
            CompletableFuture<?> cf = (CompletableFuture<?>) stage;
            if (cf.isDone()) {
                try {
                    return cf.join();
                } catch (CompletionException | CancellationException e) {
                    throw Sneaky.rethrow(unwrap(e));
                }
            }
        }
        Future<?> f = A.wrapStage(self.task, stage);
        A.park(self.task, self, f);
        return SUSPEND;
    }

    /**
     * The stub of an {@code @Async} method returning {@code AsyncGenerator}: the generator over its body's new frame.
     *
     * @param body the body's frame, not run
     * @param <T> the items
     * @return the generator
     */
    public static <T> AsyncGenerator<T> generator(AsyncFrame<?> body) {
        return A.newGenerator(new AsyncGen(body));
    }

    /**
     * {@code Await.yield(value)} as the weaver first rewrites it, {@code Await.on(Rt.yieldPoint(value))}, before it
     * turns that into {@link #yieldValue}; never called.
     *
     * @param value the yielded value
     * @return never
     */
    public static Awaitable<Object> yieldPoint(Object value) {
        throw new IllegalStateException("Await.yield(" + value + ") reached the runtime unwoven");
    }

    /**
     * {@code Await.yield(value)} in an async generator's body: the value is the result of the step that runs the
     * body, and the body suspends at this point until the next step resumes it (with what {@code asend} sent, or
     * throwing what {@code athrow}/{@code aclose} threw). Always suspends.
     *
     * @param value the yielded value
     * @param self the body's frame
     * @return {@link #SUSPEND}
     */
    public static Object yieldValue(Object value, AsyncFrame<?> self) {
        AsyncFrame<?> step = self.caller;
        if (!(step instanceof AsyncGen.Step)) {
            throw new IllegalStateException("Await.yield in " + self.methodName()
                    + " outside a step of its async generator: weaver and runtime versions differ");
        }
        ((AsyncGen.Step) step).yielded(value);
        return SUSPEND;
    }

    /**
     * {@code for (T x : iterable)} over an {@link AsyncIterable} in woven code ({@code async for}): the loop's
     * iterator, stepped by {@link #asyncForStep} and read by {@link #asyncForNext}.
     *
     * @param iterable what the loop iterates
     * @return the loop's iterator
     */
    public static Iterator<Object> asyncFor(AsyncIterable<?> iterable) {
        if (iterable == null) {
            throw new NullPointerException("async for over null: there is nothing to iterate");
        }
        if (iterable instanceof AsyncGenerator) {
            return A.forLoop((AsyncGenerator<?>) iterable);   // its __aiter__ is itself: step its body directly
        }
        AsyncIterator<?> it = iterable.aiter();
        if (it == null) {
            throw new NullPointerException("async for: " + iterable + ".aiter() returned null");
        }
        return new AsyncFor(it);
    }

    /**
     * The loop's condition as the weaver first writes it, {@code Await.on(Rt.asyncForStep(it))}, before it turns it
     * into {@link #asyncForStep(Iterator, AsyncFrame)}: a coroutine giving {@code true} when {@code anext()} gave an
     * item, {@code false} at its {@link StopAsyncIteration}.
     *
     * @param iterator the loop's iterator from {@link #asyncFor}
     * @return the coroutine to await
     */
    public static Awaitable<Boolean> asyncForStep(Iterator<?> iterator) {
        return ((AsyncFor) iterator).nextStep();
    }

    /**
     * The loop's condition in woven code: over an async generator its body runs right here, otherwise
     * {@code anext()} is awaited.
     *
     * @param iterator the loop's iterator from {@link #asyncFor}
     * @param self the awaiting frame
     * @return {@code Boolean.TRUE} (an item, for {@link #asyncForNext}), {@code Boolean.FALSE} (the end), or
     *     {@link #SUSPEND}
     */
    public static Object asyncForStep(Iterator<?> iterator, AsyncFrame<?> self) {
        if (iterator instanceof AsyncGen.Step) {
            return ((AsyncGen.Step) iterator).forStep(self);
        }
        return await(((AsyncFor) iterator).nextStep(), self, 0);
    }

    /**
     * @param iterator the loop's iterator from {@link #asyncFor}
     * @return the item the last step gave
     */
    public static Object asyncForNext(Iterator<?> iterator) {
        if (iterator instanceof AsyncGen.Step) {
            return ((AsyncGen.Step) iterator).take();
        }
        return ((AsyncFor) iterator).take();
    }

    /**
     * The value the frame was resumed with; throws the exception it was resumed with (for example
     * {@code CancelledError} at a cancelled task's suspension point).
     *
     * @param self the resumed frame
     * @return the value
     */
    public static Object resume(AsyncFrame<?> self) {
        return A.takeResume(self.task);
    }

    /**
     * The error for a frame whose label matches no suspension point: a corrupted or foreign frame.
     *
     * @param frame the frame
     * @return the error to throw
     */
    public static IllegalStateException badLabel(AsyncFrame<?> frame) {
        return new IllegalStateException("invalid resume point " + frame.label + " in " + frame.methodName());
    }

    /**
     * Runs the static initialiser of {@code c} where the source says {@code new C(...)}: the weaver
     * moves the allocation after the constructor's arguments when one of them awaits.
     *
     * @param c the class being instantiated
     */
    public static void ensureInitialized(Class<?> c) {
        INIT.get(c);
    }

    private static final ClassValue<Boolean> INIT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(type.getName());
            }
            return Boolean.TRUE;
        }
    };

    /**
     * The original failure behind the wrappers that {@link CompletableFuture} and executors add.
     *
     * @param t a failure
     * @return its cause, unwrapped
     */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            dev.weft.CancelledError c = new dev.weft.CancelledError(t.getMessage());
            c.initCause(t);
            return c;
        }
        return t;
    }
}
