package dev.weft.agent;

import dev.weft.Asyncio;
import dev.weft.Coroutine;
import dev.weft.weaver.WeaveOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeftClassFileTransformerTest {
    private static final String FIXTURE = "dev.weft.agenttest.";

    /**
     * Loads the fixture package itself (child first) and runs each class file through the transformer, as
     * the JVM does for an agent. Exposes defineClass to the test's ClassDefiner.
     */
    static final class AgentLikeLoader extends ClassLoader {
        final ClassFileTransformer transformer;
        final ProtectionDomain domain = new ProtectionDomain(null, null);
        final List<String> defined = new ArrayList<>();

        AgentLikeLoader(ClassFileTransformer transformer) {
            super(WeftClassFileTransformerTest.class.getClassLoader());
            this.transformer = transformer;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(FIXTURE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes;
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
            byte[] woven;
            try {
                woven = transformer.transform(this, name.replace('.', '/'), null, domain, bytes);
            } catch (Exception e) {
                throw new AssertionError("transform() threw", e);
            }
            byte[] b = woven != null ? woven : bytes;
            return define(name, b, domain);
        }

        Class<?> define(String name, byte[] b, ProtectionDomain pd) {
            defined.add(name);
            return defineClass(name, b, 0, b.length, pd);
        }
    }

    private static byte[] classFile(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void weavesAtLoadTimeAndDefinesFramesInTheSameLoaderAndDomain() throws Exception {
        List<Object[]> definitions = new ArrayList<>();
        WeftClassFileTransformer[] holder = new WeftClassFileTransformer[1];
        holder[0] = new WeftClassFileTransformer(WeaveOptions.parse("verbose"), (loader, name, bytes, pd) -> {
            definitions.add(new Object[] {loader, name, pd});
            ((AgentLikeLoader) loader).define(name, bytes, pd);
        });
        AgentLikeLoader loader = new AgentLikeLoader(holder[0]);
        Class<?> hello = loader.loadClass(FIXTURE + "Hello");
        assertFalse(definitions.isEmpty(), "no generated class was defined");
        for (Object[] d : definitions) {
            assertSame(loader, d[0]);
            assertTrue(((String) d[1]).startsWith(FIXTURE + "Hello$"), (String) d[1]);
            assertSame(loader.domain, d[2]);
        }
        // Generated classes came first, then the woven class.
        assertEquals(FIXTURE + "Hello", loader.defined.get(loader.defined.size() - 1));
        Coroutine<?> main = (Coroutine<?>) hello.getMethod("main").invoke(null);
        assertEquals("hello a, hello b", Asyncio.run(main));
    }

    @Test
    void aClassWithAMisuseLoadsUnwovenAndItsAwaitsSayWhy() throws Exception {
        WeftClassFileTransformer t = new WeftClassFileTransformer(WeaveOptions.defaults(),
                (loader, name, bytes, pd) -> {
                    throw new AssertionError("nothing to define");
                });
        AgentLikeLoader loader = new AgentLikeLoader(t);
        Class<?> broken = loader.loadClass(FIXTURE + "Broken");
        String problem = "Broken.java:11: dev.weft.agenttest.Broken.run: Await.on(...) in method run, which is not"
                + " @Async: annotate the method with @Async (from dev.weft.annotations) and make it return"
                + " dev.weft.Coroutine";
        assertEquals(problem, broken.getAnnotation(dev.weft.internal.WeaveRefused.class).value());
        Throwable e = assertThrows(java.lang.reflect.InvocationTargetException.class,
                () -> broken.getMethod("fine").invoke(null)).getCause();
        assertEquals(IllegalStateException.class, e.getClass());
        assertEquals("Await.on(...) was called in dev.weft.agenttest.Broken.fine, which is not woven: the Weft"
                + " javaagent refused to weave dev.weft.agenttest.Broken when it was loaded, because of:\n" + problem
                + "\nFix these and the agent weaves the whole class.", e.getMessage());
    }

    /** Collects what the agent logs: System.Logger's default backend is java.util.logging. */
    static final class AgentLog extends java.util.logging.Handler implements AutoCloseable {
        final List<String> records = new ArrayList<>();
        private final java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.weft.agent");

        AgentLog() {
            logger.addHandler(this);
        }

        @Override
        public void publish(java.util.logging.LogRecord r) {
            records.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    private static final String DROPPED_WARNING = "Dropped.java:20: dev.weft.agenttest.Dropped.run: coroutine"
            + " dev.weft.agenttest.Dropped.work was never awaited: its result is dropped, so its body never runs;"
            + " await it (Await.on(...)), or start it with Asyncio.createTask(...)";

    @Test
    void aWarningIsLoggedAndTheClassWoven() throws Exception {
        List<String> defined = new ArrayList<>();
        WeftClassFileTransformer t = new WeftClassFileTransformer(WeaveOptions.defaults(), (loader, name, bytes, pd) -> {
            defined.add(name);
            ((AgentLikeLoader) loader).define(name, bytes, pd);
        });
        try (AgentLog log = new AgentLog()) {
            Class<?> dropped = Class.forName(FIXTURE + "Dropped", true, new AgentLikeLoader(t));
            assertEquals("initialised", dropped.getMethod("run").invoke(null));
            assertEquals(List.of(FIXTURE + "Dropped$weft$work$0"), defined);
            assertEquals(List.of("WARNING Weft agent: " + DROPPED_WARNING), log.records);
        }
    }

    @Test
    void withFailOnWarningAClassThatWarnsCannotBeInitialised() throws Exception {
        List<String> defined = new ArrayList<>();
        WeftClassFileTransformer t = new WeftClassFileTransformer(WeaveOptions.parse("failOnWarning"),
                (loader, name, bytes, pd) -> {
                    defined.add(name);
                    ((AgentLikeLoader) loader).define(name, bytes, pd);
                });
        try (AgentLog log = new AgentLog()) {
            AgentLikeLoader loader = new AgentLikeLoader(t);
            Class<?> dropped = loader.loadClass(FIXTURE + "Dropped");
            ExceptionInInitializerError e = assertThrows(ExceptionInInitializerError.class,
                    () -> Class.forName(dropped.getName(), true, loader));
            String message = "the Weft javaagent refused dev.weft.agenttest.Dropped because weaving it warned and"
                    + " failOnWarning is set:\n" + DROPPED_WARNING + "\nFix these (or start the agent without"
                    + " failOnWarning).";
            assertEquals(IllegalStateException.class, e.getCause().getClass());
            assertEquals(message, e.getCause().getMessage());
            assertThrows(NoClassDefFoundError.class, () -> dropped.getMethod("run").invoke(null));
            assertEquals(List.of("SEVERE Weft agent: " + message), log.records);
            assertEquals(List.of(), defined, "a refused class has no frame class");

            // A class without warnings is woven as usual.
            Class<?> hello = loader.loadClass(FIXTURE + "Hello");
            assertEquals("hello a, hello b", Asyncio.run((Coroutine<?>) hello.getMethod("main").invoke(null)));
            assertTrue(defined.size() > 0);
        }
        assertTrue(WeaveOptions.parse("failOnWarning=true").failOnWarning());
        assertFalse(WeaveOptions.parse("failOnWarning=false,verbose").failOnWarning());
        assertFalse(WeaveOptions.defaults().failOnWarning());
    }

    @Test
    void neverThrows() {
        WeftClassFileTransformer t = new WeftClassFileTransformer(WeaveOptions.defaults(),
                (loader, name, bytes, pd) -> {
                    throw new IllegalStateException("boom");
                });
        ClassLoader l = getClass().getClassLoader();
        // Not a class file, but it mentions dev/weft/Await.
        byte[] garbage = "\u00ca\u00fe\u00ba\u00be dev/weft/Await".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertNull(t.transform(l, "x/Garbage", null, null, garbage));
        assertNull(t.transform(l, "x/Empty", null, null, new byte[0]));
        assertNull(t.transform(l, null, null, null, null));
    }

    @Test
    void definerFailureLeavesTheClassUnwoven() throws Exception {
        WeftClassFileTransformer t = new WeftClassFileTransformer(WeaveOptions.defaults(),
                (loader, name, bytes, pd) -> {
                    throw new IllegalStateException("cannot define " + name);
                });
        assertNull(t.transform(getClass().getClassLoader(), "dev/weft/agenttest/Hello", null, null,
                classFile(dev.weft.agenttest.Hello.class)));
    }

    @Test
    void filtersTheJdkAndItself() {
        ClassLoader l = getClass().getClassLoader();
        assertFalse(WeftClassFileTransformer.isCandidate(null, "com/acme/Shop"));
        assertFalse(WeftClassFileTransformer.isCandidate(l, "dev/weft/weaver/Weaver"));
        assertFalse(WeftClassFileTransformer.isCandidate(l, "dev/weft/shaded/asm/ClassReader"));
        assertFalse(WeftClassFileTransformer.isCandidate(l, null));
        assertTrue(WeftClassFileTransformer.isCandidate(l, "com/acme/Shop"));
        assertTrue(WeftClassFileTransformer.isCandidate(l, "dev/weft/it/Foo"));
    }

    @Test
    void unchangedClassesAreReturnedAsNull() throws Exception {
        WeftClassFileTransformer t = new WeftClassFileTransformer(WeaveOptions.defaults(),
                (loader, name, bytes, pd) -> {
                    throw new AssertionError();
                });
        assertNull(t.transform(getClass().getClassLoader(), "dev/weft/agent/WeftClassFileTransformerTest",
                null, null, classFile(WeftClassFileTransformerTest.class)));
        assertNull(t.transform(null, "dev/weft/agenttest/Hello", null, null,
                classFile(dev.weft.agenttest.Hello.class)));
    }

    /** An Instrumentation that records addTransformer and refuses module changes. */
    private static Instrumentation recordingInstrumentation(List<ClassFileTransformer> added) {
        return (Instrumentation) Proxy.newProxyInstance(Instrumentation.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "addTransformer":
                            added.add((ClassFileTransformer) args[0]);
                            return null;
                        case "isModifiableModule":
                            return false;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    @Test
    void badOptionsInstallNothingAndDoNotThrow() {
        List<ClassFileTransformer> added = new ArrayList<>();
        assertNull(WeftAgent.install("verbose,colour=blue", recordingInstrumentation(added), false));
        assertNull(WeftAgent.install("verbose=maybe", recordingInstrumentation(added), false));
        assertNull(WeftAgent.install("skip", recordingInstrumentation(added), false));
        assertEquals(List.of(), added);
    }

    @Test
    void installEitherAddsOneTransformerOrLogsAndAddsNone() {
        List<ClassFileTransformer> added = new ArrayList<>();
        // This test JVM has not opened java.lang to this module, and the fake Instrumentation cannot open it, so
        // install fails softly (logged, nothing added) -- unless the JVM was started with java.lang open, in
        // which case it installs exactly one transformer. It never throws.
        WeftClassFileTransformer t = WeftAgent.install("verbose", recordingInstrumentation(added), false);
        assertEquals(t == null ? List.of() : List.of(t), added);
    }
}
