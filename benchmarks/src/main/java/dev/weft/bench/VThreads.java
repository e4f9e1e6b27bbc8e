package dev.weft.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads for a module compiled with {@code --release 17}: {@code Thread.ofVirtual().factory()} is looked
 * up reflectively once, and from then on starting a virtual thread is a plain {@link ThreadFactory#newThread} call.
 * On JDK 17 {@link #AVAILABLE} is false.
 *
 * <p>Every workload runs inside one "main" virtual thread (see {@link #call}), so that with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1} all of its threads share one carrier, as Weft, Kotlin's
 * {@code runBlocking} and the CompletableFuture loop each run on one thread.
 */
public final class VThreads {
    private VThreads() {
    }

    /** The system property that sets the number of carrier threads. */
    public static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private static final ThreadFactory FACTORY;
    private static final MethodHandle IS_VIRTUAL;
    private static final MethodHandle NEW_EXECUTOR;
    /** Whether this JDK has (final, non-preview) virtual threads: JDK 21 and later. */
    public static final boolean AVAILABLE;

    static {
        ThreadFactory factory = null;
        MethodHandle isVirtual = null;
        MethodHandle newExecutor = null;
        if (Runtime.version().feature() >= 21) {
            try {
                Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory")
                        .invoke(builder);
                isVirtual = MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                        MethodType.methodType(boolean.class));
                newExecutor = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                        "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                factory = null;
                isVirtual = null;
                newExecutor = null;
            }
        }
        FACTORY = factory;
        IS_VIRTUAL = isVirtual;
        NEW_EXECUTOR = newExecutor;
        AVAILABLE = factory != null;
    }

    /** Makes sure the scheduler will have one carrier, unless the command line chose otherwise. */
    public static void singleCarrierByDefault() {
        if (System.getProperty(PARALLELISM) == null) {
            System.setProperty(PARALLELISM, "1");
        }
    }

    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false;
        }
    }

    /** Starts a virtual thread running {@code task}. */
    public static Thread start(Runnable task) {
        if (FACTORY == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+, this is JDK "
                    + Runtime.version().feature());
        }
        Thread t = FACTORY.newThread(task);
        t.start();
        return t;
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}: an executor that starts a virtual thread per task. */
    public static ExecutorService newExecutor() {
        if (NEW_EXECUTOR == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+, this is JDK "
                    + Runtime.version().feature());
        }
        try {
            return (ExecutorService) NEW_EXECUTOR.invokeExact();
        } catch (Throwable e) {
            throw Check.unchecked(e);
        }
    }

    /** Joins {@code t}, turning an interruption into an unchecked exception. */
    public static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code body} in a new virtual thread, waits for it and returns its result or rethrows its failure. */
    public static <T> T call(Callable<T> body) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = start(() -> {
            try {
                result[0] = body.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        join(t);
        if (failure[0] != null) {
            throw Check.unchecked(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }
}
