package dev.weft;

import dev.weft.internal.Sneaky;
import dev.weft.internal.context.ContextMap;
import dev.weft.internal.context.CurrentContext;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A mapping of {@link ContextVar}s to their values: Python's {@code contextvars.Context}.
 *
 * <p>Every thread runs in a current context: {@link ContextVar#get()} reads it and {@link ContextVar#set} changes
 * it. A thread starts in an empty one of its own (Python: each thread has its own), and the runtime switches
 * contexts for the code it runs:
 * <ul>
 *   <li>a {@link Task} runs every step in its own context: a copy of the context current where it was created
 *       ({@code createTask}, {@code ensureFuture}, {@code gather}, {@code TaskGroup.createTask}), or the context
 *       given to {@link EventLoop#createTask(Awaitable, String, Context)}; what the task sets stays in it;</li>
 *   <li>a callback of {@link EventLoop#callSoon}, {@code callSoonThreadsafe}, {@code callLater}, {@code callAt},
 *       {@code addReader}, {@code addWriter}, {@code addSignalHandler} and {@link Future#addDoneCallback} runs in a
 *       copy of the context current when it was registered (a server's connections: where it was started);</li>
 *   <li>{@link Asyncio#toThread} and {@link EventLoop#runInExecutor} run their callable, on the worker thread, in
 *       a copy of the caller's context;</li>
 *   <li>{@link #run} runs a function in this context.</li>
 * </ul>
 * Copying is O(1): the copy shares the (immutable) mapping, and a {@code set} in either makes that one a new
 * mapping. Code that never sets a variable never makes a context: a task started from it records none.
 *
 * <p>A context is changed only by code running in it ({@code set} and {@code reset} while it is current), so on one
 * thread at a time: {@link #run} refuses a context that is already entered, in any thread. The read methods may be
 * called from any thread; from another thread than the one running in the context, they see its values as of
 * some recent point.
 */
public final class Context {

    private static final VarHandle ENTERED;

    static {
        try {
            ENTERED = MethodHandles.lookup().findVarHandle(Context.class, "entered", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The mapping; replaced (never changed) by a set or a reset while the context is current. */
    ContextMap map;
    /**
     * Whether anyone but its owner can enter it: a context of the API (copyCurrent, new, copy) is guarded by
     * {@link #entered}; a task's or a callback's own copy, or the one a first set makes, can be reached by nothing
     * else, so entering it takes no atomic flag.
     */
    private final boolean shared;
    /** 1 while a thread runs in this (shared) context. */
    @SuppressWarnings("unused")   // through ENTERED
    private volatile int entered;

    /** An empty context: Python's {@code contextvars.Context()}. */
    public Context() {
        this(ContextMap.EMPTY, true);
    }

    private Context(ContextMap map, boolean shared) {
        this.map = map;
        this.shared = shared;
    }

    /**
     * A copy of the calling thread's current context: Python's {@code copy_context()}. O(1): the copy shares the
     * mapping.
     *
     * @return a new context with the current values
     */
    public static Context copyCurrent() {
        Context c = CurrentContext.ofThread().current;
        return new Context(c == null ? ContextMap.EMPTY : c.map, true);
    }

    /**
     * A copy of this context: Python's {@code Context.copy()}. O(1).
     *
     * @return a new context with the same values
     */
    public Context copy() {
        return new Context(map, true);
    }

    /**
     * Runs {@code fn} in this context, on the calling thread, and puts back the context that was current: Python's
     * {@code Context.run}. What {@code fn} sets is set in this context and stays there. An exception from
     * {@code fn} propagates as it is, a checked one included, never wrapped.
     *
     * @param fn what to run
     * @param <R> its result type
     * @return what {@code fn} returns
     * @throws IllegalStateException if this context is already entered, in this thread or any other (Python's
     *                               {@code RuntimeError: cannot enter context: ... is already entered})
     */
    public <R> R run(Callable<R> fn) {
        if (fn == null) {
            throw new NullPointerException("Context.run(null)");
        }
        CurrentContext slot = CurrentContext.ofThread();
        Context previous = enter(slot, this);
        try {
            return fn.call();
        } catch (Exception e) {
            throw Sneaky.rethrow(e);
        } finally {
            leave(slot, this, previous);
        }
    }

    /**
     * @param var a variable
     * @param <T> its type
     * @return its value in this context, or {@code null} when it has none here (its default is not looked at)
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var) {
        Object v = map.get(var);
        return v == ContextMap.ABSENT ? null : (T) v;
    }

    /**
     * @param var a variable
     * @param defaultValue what to answer when it has no value here
     * @param <T> its type
     * @return its value in this context, or {@code defaultValue}
     */
    @SuppressWarnings("unchecked")
    public <T> T get(ContextVar<T> var, T defaultValue) {
        Object v = map.get(var);
        return v == ContextMap.ABSENT ? defaultValue : (T) v;
    }

    /**
     * @param var a variable
     * @return whether it has a value in this context (Python's {@code var in ctx})
     */
    public boolean containsKey(ContextVar<?> var) {
        return map.get(var) != ContextMap.ABSENT;
    }

    /** @return how many variables have a value in this context */
    public int size() {
        return map.size();
    }

    /** @return whether no variable has a value in this context */
    public boolean isEmpty() {
        return map.size() == 0;
    }

    /** @return the variables that have a value in this context: a snapshot, in no particular order */
    public Set<ContextVar<?>> keys() {
        Set<ContextVar<?>> keys = new LinkedHashSet<>();
        map.forEach((k, v) -> keys.add((ContextVar<?>) k));
        return Collections.unmodifiableSet(keys);
    }

    /** @return the variables and their values in this context: an unmodifiable snapshot, in no particular order */
    public Map<ContextVar<?>, Object> toMap() {
        Map<ContextVar<?>, Object> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put((ContextVar<?>) k, v));
        return Collections.unmodifiableMap(m);
    }

    /** @return {@code <Context object at 0x...>}, as Python's repr */
    @Override
    public String toString() {
        return "<Context object at 0x" + Integer.toHexString(System.identityHashCode(this)) + ">";
    }

    // ---- the switches: package-private for Task, and for the machinery through Access ----

    /**
     * A task's or a callback's own copy of {@code c}: shares its mapping; nobody else can reach it. {@code null} (no
     * context: an empty one) when {@code c} is {@code null} or empty, which costs the owner nothing to store or to
     * switch to.
     */
    static Context ownCopy(Context c) {
        return c == null || c.map.size() == 0 ? null : new Context(c.map, false);
    }

    /** The context a first {@code set} makes in an empty current context: owned by whoever runs there. */
    static Context owned(ContextMap map) {
        return new Context(map, false);
    }

    /**
     * Makes {@code c} the current context in {@code slot} (the calling thread's): Python's context enter.
     *
     * @param slot the calling thread's slot
     * @param c the context, or {@code null} for a new empty one
     * @return the context that was current, for {@link #leave}
     * @throws IllegalStateException if {@code c} is a shared context already entered
     */
    static Context enter(CurrentContext slot, Context c) {
        if (c != null) {
            if (c.shared && !ENTERED.compareAndSet(c, 0, 1)) {
                throw new IllegalStateException("cannot enter context: " + c + " is already entered");
            }
            if (!CurrentContext.used) {
                CurrentContext.used = true;
            }
        }
        Context previous = slot.current;
        slot.current = c;
        rebind(previous, c);
        return previous;
    }

    /**
     * Undoes {@link #enter}: {@code previous} is current again.
     *
     * @param slot the calling thread's slot
     * @param c the context entered
     * @param previous what {@code enter} returned
     * @return the context current at the end: {@code c}, or, if {@code c} was {@code null}, the one a
     *         {@code set} made (or {@code null})
     */
    static Context leave(CurrentContext slot, Context c, Context previous) {
        Context now = slot.current;
        slot.current = previous;
        rebind(now, previous);
        if (c != null && c.shared) {
            c.entered = 0;
        }
        return now;
    }

    /**
     * The thread switched from {@code from} to {@code to} (either may be {@code null}, empty): the thread-local of
     * each bound variable that has a value in either gets its value in {@code to}, or is cleared. Nothing to do,
     * and nothing looked at beyond two counts, when neither holds a bound variable.
     */
    private static void rebind(Context from, Context to) {
        ContextMap f = from == null ? null : from.map;
        ContextMap t = to == null ? null : to.map;
        boolean fromBound = f != null && f.boundCount() != 0;
        boolean toBound = t != null && t.boundCount() != 0;
        if (!fromBound && !toBound) {
            return;
        }
        if (fromBound) {
            f.forEach((k, v) -> {
                ContextVar<?> var = (ContextVar<?>) k;
                if (var.binding != null && (t == null || t.get(k) == ContextMap.ABSENT)) {
                    var.binding.clear();
                }
            });
        }
        if (toBound) {
            t.forEach((k, v) -> ((ContextVar<?>) k).install(v));
        }
    }
}
