package dev.weft;

/**
 * Keeps a thread-local in step with a {@link ContextVar}, for code that reads the thread-local (a logging library's
 * MDC, a tracing library's current span) while tasks interleave on one thread. Made with
 * {@link ContextVar#bound}.
 *
 * <p>The variable is the source of truth; the thread-local mirrors it. On a thread, whenever the current context
 * changes to one that holds a value for the variable (a task's step begins or ends, a callback or a
 * {@link Context#run} starts or returns, {@code toThread} work starts or ends on a worker thread), {@link #set} is
 * called with that value, and where the variable has no value in the new context but had one in the old,
 * {@link #clear} is called; {@link ContextVar#set} and {@link ContextVar#reset} call them at once. So between its
 * awaits a task reads its own value through the thread-local, whatever other tasks did on the thread meanwhile.
 * A value written to the thread-local directly, not through the variable, is not seen by the variable and lasts
 * only until the next switch: write through the variable.
 *
 * <p>The calls come on the thread that switches, in the middle of the switch: they must be quick, must not throw,
 * and must not use context variables. Contexts without bound variables cost nothing more for their existence.
 *
 * <pre>{@code
 * // A hand-written MDC (SLF4J's works the same way through MDC.put and MDC.remove):
 * static final ContextVar<String> REQUEST_ID = ContextVar.bound("requestId", new ThreadLocalBinding<>() {
 *     public void set(String value) { MDC.put("requestId", value); }
 *     public void clear() { MDC.remove("requestId"); }
 * });
 * }</pre>
 *
 * @param <T> the variable's type
 */
public interface ThreadLocalBinding<T> {

    /**
     * The calling thread now runs where the variable is {@code value}: install it.
     *
     * @param value the value (may be {@code null}, a value like any other)
     */
    void set(T value);

    /** The calling thread now runs where the variable has no value: clear the thread-local. */
    void clear();

    /**
     * The binding of a plain {@link ThreadLocal}: {@code set} is {@link ThreadLocal#set}, {@code clear} is
     * {@link ThreadLocal#remove}.
     *
     * @param threadLocal the thread-local
     * @param <T> its type
     * @return the binding
     */
    static <T> ThreadLocalBinding<T> of(ThreadLocal<T> threadLocal) {
        java.util.Objects.requireNonNull(threadLocal, "threadLocal");
        return new ThreadLocalBinding<>() {
            @Override
            public void set(T value) {
                threadLocal.set(value);
            }

            @Override
            public void clear() {
                threadLocal.remove();
            }

            @Override
            public String toString() {
                return "ThreadLocalBinding.of(" + threadLocal + ")";
            }
        };
    }
}
