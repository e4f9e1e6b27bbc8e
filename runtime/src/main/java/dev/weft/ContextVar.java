package dev.weft;

import dev.weft.internal.context.ContextMap;
import dev.weft.internal.context.CurrentContext;

import java.util.Objects;

/**
 * A context variable: Python's {@code contextvars.ContextVar}. Its value is looked up in the calling thread's
 * current {@link Context}, so each task (each callback, each {@link Context#run}) sees its own: what a task sets
 * is seen by that task and by the tasks it starts afterwards, never by its parent or its siblings.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("requestId");
 *
 * @Async
 * static Coroutine<Void> handle(Request r) {
 *     REQUEST_ID.set(r.id());                 // this task only
 *     Await.on(Asyncio.gather(load(r), audit(r)));   // both children see r.id()
 *     return Coroutine.done();
 * }
 * }</pre>
 *
 * <p>A variable is immutable and may be shared by any threads: {@link #get}, {@link #set} and {@link #reset} act on
 * the calling thread's current context. {@code get} costs a thread-local lookup and a lookup in a small map;
 * nothing else in the runtime costs anything until some code sets a variable.
 *
 * <p>A variable made by {@link #bound} also keeps a thread-local (a {@link ThreadLocal}, or a library's
 * thread-bound state such as a logging MDC) in step with its value, for code that reads the thread-local rather
 * than the variable: see {@link ThreadLocalBinding}.
 *
 * @param <T> the type of its values
 */
public final class ContextVar<T> {

    /** The default of a variable made without one. */
    private static final Object NO_DEFAULT = new Object();

    private final String name;
    private final Object defaultValue;
    /** {@code System.identityHashCode(this)}, kept: a lookup in a context's map then does not ask for it. */
    private final int hash;
    /** The thread-local kept in step with this variable, or {@code null}: read by Context's switches. */
    final ThreadLocalBinding<? super T> binding;

    /**
     * A variable without a default: {@link #get()} throws {@link LookupError} where it has no value.
     *
     * @param name its name, for messages
     */
    public ContextVar(String name) {
        this(name, NO_DEFAULT, null);
    }

    /**
     * A variable with a default: {@link #get()} answers {@code defaultValue} where it has no value. A
     * {@code null} default is a default.
     *
     * @param name its name, for messages
     * @param defaultValue what {@code get()} answers where it has no value
     */
    public ContextVar(String name, T defaultValue) {
        this(name, (Object) defaultValue, null);
    }

    private ContextVar(String name, Object defaultValue, ThreadLocalBinding<? super T> binding) {
        this.name = Objects.requireNonNull(name, "a context variable needs a name");
        this.defaultValue = defaultValue;
        this.binding = binding;
        this.hash = System.identityHashCode(this);
    }

    /**
     * A variable without a default whose value {@code binding} installs in its thread-local, on every thread and
     * every switch of context, as {@link ThreadLocalBinding} describes.
     *
     * @param name its name
     * @param binding what installs and clears the thread-local
     * @param <T> the type of its values
     * @return the variable
     */
    public static <T> ContextVar<T> bound(String name, ThreadLocalBinding<? super T> binding) {
        return new ContextVar<>(name, NO_DEFAULT, Objects.requireNonNull(binding, "binding"));
    }

    /**
     * {@link #bound(String, ThreadLocalBinding)} with a default (which {@code get()} answers where the variable has
     * no value; the thread-local is cleared there, not set to the default).
     *
     * @param name its name
     * @param defaultValue what {@code get()} answers where it has no value
     * @param binding what installs and clears the thread-local
     * @param <T> the type of its values
     * @return the variable
     */
    public static <T> ContextVar<T> bound(String name, T defaultValue, ThreadLocalBinding<? super T> binding) {
        return new ContextVar<>(name, defaultValue, Objects.requireNonNull(binding, "binding"));
    }

    /**
     * A variable without a default kept in {@code threadLocal}: {@code bound(name, ThreadLocalBinding.of(threadLocal))}.
     *
     * @param name its name
     * @param threadLocal the thread-local that holds its value wherever the runtime switched contexts
     * @param <T> the type of its values
     * @return the variable
     */
    public static <T> ContextVar<T> bound(String name, ThreadLocal<T> threadLocal) {
        return bound(name, ThreadLocalBinding.of(threadLocal));
    }

    /** @return the name given */
    public String name() {
        return name;
    }

    /**
     * The value in the current context: Python's {@code var.get()}.
     *
     * @return the value, or the default where it has none
     * @throws LookupError where it has no value and no default
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Context c = CurrentContext.ofThread().current;
        if (c != null) {
            Object v = c.map.get(this, hash);
            if (v != ContextMap.ABSENT) {
                return (T) v;
            }
        }
        if (defaultValue == NO_DEFAULT) {
            throw new LookupError(toString());
        }
        return (T) defaultValue;
    }

    /**
     * The value in the current context, or {@code defaultValue} where it has none (the variable's own default is
     * not looked at): Python's {@code var.get(default)}.
     *
     * @param defaultValue what to answer where it has no value
     * @return the value or {@code defaultValue}
     */
    @SuppressWarnings("unchecked")
    public T get(T defaultValue) {
        Context c = CurrentContext.ofThread().current;
        if (c != null) {
            Object v = c.map.get(this, hash);
            if (v != ContextMap.ABSENT) {
                return (T) v;
            }
        }
        return defaultValue;
    }

    /**
     * Sets the value in the current context: Python's {@code var.set(value)}. Only code running in this context
     * sees it (and contexts copied from it later). A bound variable's thread-local gets {@code value} at once.
     *
     * @param value the new value ({@code null} is a value)
     * @return a token for {@link #reset}, holding the value it replaced
     */
    public Token<T> set(T value) {
        CurrentContext slot = CurrentContext.ofThread();
        Context c = slot.current;
        Object old;
        if (c == null) {
            // The first set in an empty context makes it: from now on it is this thread's, task's or callback's.
            if (!CurrentContext.used) {
                CurrentContext.used = true;
            }
            c = Context.owned(ContextMap.EMPTY.with(this, value, binding != null));
            slot.current = c;
            old = Token.MISSING;
        } else {
            ContextMap m = c.map;
            Object o = m.get(this);
            old = o == ContextMap.ABSENT ? Token.MISSING : o;
            c.map = m.with(this, value, binding != null);
        }
        if (binding != null) {
            binding.set(value);
        }
        return new Token<>(this, old, c);
    }

    /**
     * Puts back the value that {@code token}'s {@link #set} replaced (or removes the value, if there was none):
     * Python's {@code var.reset(token)}. A bound variable's thread-local follows at once. A task keeps its context
     * across its awaits, so a task may reset after awaiting what it set:
     *
     * <pre>{@code
     * Token<String> token = REQUEST_ID.set("r-42");
     * try {
     *     Await.on(handle());                 // sees "r-42", as do the tasks it starts
     * } finally {
     *     REQUEST_ID.reset(token);            // the value before, or none
     * }
     * }</pre>
     *
     * @param token what {@code set} returned, in this context
     * @throws IllegalStateException if the token was used already (Python's {@code RuntimeError})
     * @throws IllegalArgumentException if it comes from another variable's {@code set}, or was made in another
     *                                  context (Python's {@code ValueError})
     */
    @SuppressWarnings("unchecked")
    public void reset(Token<T> token) {
        Objects.requireNonNull(token, "reset(null): a Token is required");
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        if (token.var() != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        Context c = CurrentContext.ofThread().current;
        if (c != token.context) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        token.used = true;
        Object old = token.oldValue();
        if (old == Token.MISSING) {
            c.map = c.map.without(this, binding != null);
            if (binding != null) {
                binding.clear();
            }
        } else {
            c.map = c.map.with(this, old, binding != null);
            if (binding != null) {
                binding.set((T) old);
            }
        }
    }

    /** A context switch made {@code value} this variable's: install it in the thread-local, if bound. */
    @SuppressWarnings("unchecked")
    void install(Object value) {
        if (binding != null) {
            binding.set((T) value);
        }
    }

    /** @return {@code <ContextVar name='x' default=... at 0x...>}, as Python's repr */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<ContextVar name='").append(name).append('\'');
        if (defaultValue != NO_DEFAULT) {
            sb.append(" default=");
            if (defaultValue instanceof CharSequence) {
                sb.append('\'').append(defaultValue).append('\'');
            } else {
                sb.append(defaultValue);
            }
        }
        return sb.append(" at 0x").append(Integer.toHexString(System.identityHashCode(this))).append('>').toString();
    }
}
