package dev.weft.test;

import dev.weft.internal.AsyncFrame;
import dev.weft.internal.NeverAwaited;
import dev.weft.internal.tasks.RunHooks;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JUnit 5 extension behind {@link WeftTest}: what that annotation promises, for each test method (plain, or a
 * template's invocation such as a {@code @RepeatedTest} or {@code @ParameterizedTest}).
 *
 * <p>For as long as the test method runs, in the thread it runs in (JUnit's, or the separate thread of a
 * {@code @Timeout} that asks for one), every run of a main coroutine ({@code Asyncio.run}, an {@code @Async void}
 * method) gets a new loop made as the annotation says, and the coroutines the thread creates are tracked. A run's
 * loop is checked when its main task is done, before the tasks still pending are cancelled, and again before it
 * closes; the coroutines when the method returns. Runs in other threads are not watched. Registered with
 * {@code @ExtendWith(WeftExtension.class)} instead of the annotation, it works as {@code @WeftTest()} does.
 *
 * <p>It also resolves a test method's {@link TestLoop} parameter: a new one for each invocation, checked as a run's
 * loop and closed when the method returns (unless the test closed it).
 */
public final class WeftExtension implements InvocationInterceptor, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WeftExtension.class);

    /** JUnit makes it. */
    public WeftExtension() {
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        watch(invocation, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        watch(invocation, extensionContext);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestLoop.class
                && parameterContext.getDeclaringExecutable() instanceof Method
                && extensionContext.getTestMethod().map(m -> m.equals(parameterContext.getDeclaringExecutable()))
                        .orElse(false);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return run(extensionContext).newTestLoop();
    }

    private void watch(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        TestRun run = run(context);
        context.getStore(NAMESPACE).remove(TestRun.class);
        RunHooks previous = RunHooks.install(run);
        NeverAwaited.watchThread();
        Throwable failure = null;
        List<Map.Entry<AsyncFrame<?>, Throwable>> unclaimed;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            failure = t;
        } finally {
            RunHooks.uninstall(previous);
            unclaimed = NeverAwaited.unwatchThread();
        }
        try {
            run.closeTestLoops();
        } catch (Throwable t) {
            if (failure == null) {
                failure = t;
            } else {
                failure.addSuppressed(t);
            }
        }
        run.checkUnclaimed(unclaimed);
        run.finish(failure);
    }

    /** The test's run: made by the first of its parameters or its interception that asks. */
    private static TestRun run(ExtensionContext context) {
        WeftTest config = config(context);
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestRun.class,
                k -> new TestRun(config != null && config.virtualTime(), config == null || config.debug()),
                TestRun.class);
    }

    /** @return the nearest {@code @WeftTest}: the method's, else the class's or an enclosing class's */
    private static WeftTest config(ExtensionContext context) {
        Optional<ExtensionContext> c = Optional.of(context);
        while (c.isPresent()) {
            Optional<AnnotatedElement> element = c.get().getElement();
            if (element.isPresent()) {
                Optional<WeftTest> found = AnnotationSupport.findAnnotation(element.get(), WeftTest.class);
                if (found.isPresent()) {
                    return found.get();   // also through a composed annotation, or inherited from a superclass
                }
            }
            c = c.get().getParent();
        }
        return null;
    }
}
