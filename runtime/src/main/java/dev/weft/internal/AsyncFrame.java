package dev.weft.internal;

import dev.weft.Coroutine;
import dev.weft.Task;

/**
 * The frame of one call of a coroutine: the base class of every state machine the weaver
 * generates (one subclass per {@code @Async} method, with one typed field per value that lives
 * across a suspension point) and of the runtime's hand-written coroutines.
 *
 * <p>Internal: the members are public only because woven code in other packages uses them.
 *
 * @param <T> the coroutine's result type
 */
public abstract class AsyncFrame<T> extends Coroutine<T> {

    /** {@link #label} of a coroutine not yet awaited nor wrapped in a task. */
    public static final int NEW = -1;
    /** {@link #label} of a coroutine that returned or threw. */
    public static final int DONE = -2;
    /**
     * {@link #label} of a coroutine suspended in {@code return c;} (a tail await): resumed, it ends with the value
     * (or the exception) it is resumed with, without running its body again (its {@link #invoke} checks for it
     * where it refuses a bad label, off the usual path). See {@link Rt#awaitTail}. A method whose tail awaits are
     * on several lines stores {@code TAIL - k} before the one on its k-th such line, so any label up to
     * {@code TAIL} means a tail await.
     */
    public static final int TAIL = -3;

    /**
     * The resume point, written by woven code: 0 = start of the body, k = suspension point k; also
     * {@link #NEW} before the coroutine is claimed and {@link #DONE} after it ended (one field, so that a
     * frame with nothing to save is as small as an object can be).
     */
    public int label = NEW;
    /** The frame that awaits this one inline, or {@code null} for the task's root. */
    public AsyncFrame<?> caller;
    /** The task that runs this frame, set when it is claimed. */
    public Task<?> task;

    /** For generated subclasses. */
    protected AsyncFrame() {
        NeverAwaited.created(this);
    }

    /**
     * Runs the body from {@link #label} until it returns (the result), suspends ({@link Rt#SUSPEND}),
     * or throws.
     *
     * @return the result or {@link Rt#SUSPEND}
     */
    protected abstract Object invoke();

    /**
     * Runs the body: the one entry the task driver uses.
     *
     * @return the result or {@link Rt#SUSPEND}
     */
    public final Object step() {
        return invoke();
    }

    /**
     * Clears the fields that hold the body's saved references, so that a frame suspended in a tail await, where
     * nothing of its body is live, retains nothing. Generated frames with such fields override it.
     */
    protected void clearSaved() {
    }

    /**
     * Marks the coroutine as taken by an await or a task. A coroutine can be awaited once.
     *
     * @throws IllegalStateException when it was already awaited or wrapped in a task
     */
    public final void claim() {
        if (label != NEW) {
            throw reused();   // out of line: claim stays small enough to inline everywhere
        }
        label = 0;
        NeverAwaited.claimed(this);
    }

    private IllegalStateException reused() {
        return new IllegalStateException("cannot reuse already awaited coroutine " + this
                + ": a coroutine can be awaited (or wrapped in a task) only once");
    }

    /** @return the name of the user's method this frame belongs to, e.g. {@code com.acme.Shop.fetch} */
    public String methodName() {
        String n = getClass().getName();
        int w = n.indexOf("$weft$");
        if (w < 0) {
            return n;
        }
        String m = n.substring(w + 6);
        int dollar = m.lastIndexOf('$');
        if (dollar > 0) {
            m = m.substring(0, dollar);
        }
        return n.substring(0, w) + "." + m;
    }

    /**
     * Where the resume points are in the source: the source file's name, a newline, then one char per label
     * (0 is the method's first line), the line of that resume point or 0 where unknown, and last the lines of the
     * tail awaits, last to first (the last char is label {@code TAIL}'s, the one before it {@code TAIL - 1}'s).
     * Generated for every woven method; {@code null} for the runtime's hand-written frames.
     *
     * @return the table, or {@code null}
     */
    protected String lineTable() {
        return null;
    }

    /**
     * Where this frame is: the user's method and the line of the await it is suspended in (its first line before
     * it starts). Read by async stack traces and task dumps, never on the path where nothing is thrown.
     *
     * @return the element, or {@code null} for a frame the weaver did not generate
     */
    public StackTraceElement stackElement() {
        String table = lineTable();
        if (table == null) {
            return null;
        }
        int nl = table.indexOf('\n');
        int at = label <= TAIL ? table.length() - 1 - (TAIL - label) : nl + 1 + Math.max(label, 0);
        int line = at > nl && at < table.length() ? table.charAt(at) : 0;
        String method = methodName();
        int dot = method.lastIndexOf('.');
        // The frame class is generated next to the user's class: same loader, same module. Named as the JVM names
        // its own elements when printed: the module and its version, a class loader only when not a built-in one.
        Class<?> c = getClass();
        Module module = c.getModule();
        ClassLoader loader = c.getClassLoader();
        String loaderName = loader == null || loader == ClassLoader.getSystemClassLoader()
                || loader == ClassLoader.getPlatformClassLoader() ? null : loader.getName();
        return new StackTraceElement(loaderName, module.getName(),
                module.isNamed() ? module.getDescriptor().rawVersion().orElse(null) : null,
                method.substring(0, dot), method.substring(dot + 1),
                nl == 0 ? null : table.substring(0, nl), line == 0 ? -1 : line);
    }

    @Override
    public String toString() {
        return "<coroutine " + methodName() + (label == DONE ? " done" : label == NEW ? "" : " running") + ">";
    }
}
