package dev.weft;

/**
 * What {@link ContextVar#set} returns: the variable and the value it replaced, for {@link ContextVar#reset} to
 * put back. Python's {@code contextvars.Token}. A token can be used once, in the context it was made in (the
 * same task, callback or {@link Context#run}); {@link ContextVar#reset} throws {@link IllegalStateException} for a
 * token used already and {@link IllegalArgumentException} in another context.
 * Immutable but for being used; meant for the thread that made it.
 *
 * @param <T> the variable's type
 */
public final class Token<T> {

    /** {@link #oldValue()} of a token whose {@code set} replaced no value. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<Token.MISSING>";
        }
    };

    private final ContextVar<T> var;
    private final Object oldValue;
    /** The context the set was made in: reset must run in the same one. */
    final Context context;
    boolean used;

    Token(ContextVar<T> var, Object oldValue, Context context) {
        this.var = var;
        this.oldValue = oldValue;
        this.context = context;
    }

    /** @return the variable whose {@code set} made this token */
    public ContextVar<T> var() {
        return var;
    }

    /** @return the value the {@code set} replaced, or {@link #MISSING} when there was none */
    public Object oldValue() {
        return oldValue;
    }

    /** @return {@code <Token var=... at 0x...>} ({@code <Token used var=...>} once used), as Python's repr */
    @Override
    public String toString() {
        return "<Token " + (used ? "used " : "") + "var=" + var + " at 0x"
                + Integer.toHexString(System.identityHashCode(this)) + ">";
    }
}
