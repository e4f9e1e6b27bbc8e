package dev.weft.weaver;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compiles Java sources in memory, weaves the classes, checks every woven and generated class with
 * ASM's {@link CheckClassAdapter}, and loads them in a fresh class loader.
 */
final class WeaveHarness {
    private WeaveHarness() {
    }

    /** Compiles {@code sources} (class name to source) with javac's {@code options}; returns internal name to bytes. */
    static Map<String, byte[]> compile(Map<String, String> sources, String... options) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diags, null, StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> out = new LinkedHashMap<>();
        JavaFileManager fm = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                       FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        out.put(className.replace('.', '/'), b);
                        return b;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            units.add(new SimpleJavaFileObject(URI.create("string:///" + e.getKey().replace('.', '/') + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return e.getValue();
                }
            });
        }
        List<String> opts = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"), "-g",
                "-Xlint:-options"));
        opts.addAll(List.of(options));
        boolean ok = javac.getTask(null, fm, diags, opts, null, units).call();
        if (!ok) {
            fail("compilation failed: " + diags.getDiagnostics());
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        out.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return classes;
    }

    /** The compilers whose class files the weaver must accept alike. */
    enum Compiler {
        JAVAC, ECJ;

        Map<String, byte[]> compile(Map<String, String> sources) {
            return this == JAVAC ? WeaveHarness.compile(sources) : compileWithEcj(sources);
        }
    }

    /**
     * Compiles {@code sources} (class name to source) with the Eclipse compiler, {@code --release 17} and full
     * debug information, as Eclipse and ECJ-based builds do; returns internal name to bytes.
     */
    static Map<String, byte[]> compileWithEcj(Map<String, String> sources) {
        try {
            Path dir = Files.createTempDirectory("weft-ecj");
            try {
                Path src = dir.resolve("src");
                Path out = dir.resolve("classes");
                List<String> args = new ArrayList<>(List.of("--release", "17", "-g", "-nowarn",
                        "-encoding", "UTF-8", "-classpath", System.getProperty("java.class.path"), "-d", out.toString()));
                for (Map.Entry<String, String> e : sources.entrySet()) {
                    Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue());
                    args.add(file.toString());
                }
                StringWriter diagnostics = new StringWriter();
                boolean ok = BatchCompiler.compile(args.toArray(new String[0]), new PrintWriter(diagnostics),
                        new PrintWriter(diagnostics), null);
                if (!ok) {
                    fail("ECJ compilation failed: " + diagnostics);
                }
                Map<String, byte[]> classes = new LinkedHashMap<>();
                try (Stream<Path> files = Files.walk(out)) {
                    for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class")).sorted()::iterator) {
                        String name = out.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                        classes.put(name.substring(0, name.length() - ".class".length()), Files.readAllBytes(f));
                    }
                }
                return classes;
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Weaves every class; returns the woven classes plus the generated frame classes. */
    static Map<String, byte[]> weave(Map<String, byte[]> classes) {
        return weave(classes, WeaveOptions.defaults());
    }

    /** Weaves every class with the options; returns the woven classes plus the generated frame classes. */
    static Map<String, byte[]> weave(Map<String, byte[]> classes, WeaveOptions options) {
        Weaver weaver = new Weaver(locator(classes), options, classes::containsKey);
        Map<String, byte[]> result = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            WeaveResult r = weaver.weave(e.getValue());
            result.put(e.getKey(), r.bytes());
            result.putAll(r.generatedClasses());
        }
        return result;
    }

    static ClassFileLocator locator(Map<String, byte[]> classes) {
        return ClassFileLocator.firstOf(classes::get,
                ClassFileLocator.ofClassLoader(WeaveHarness.class.getClassLoader()));
    }

    /** Runs ASM's CheckClassAdapter (with data-flow verification) on every class. */
    static void verify(Map<String, byte[]> classes) {
        ClassLoader loader = load(classes);
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            StringWriter sw = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(e.getValue()), loader, false, new PrintWriter(sw));
            assertEquals("", sw.toString(), "CheckClassAdapter on " + e.getKey());
        }
    }

    static ClassLoader load(Map<String, byte[]> classes) {
        return new ClassLoader(WeaveHarness.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name.replace('.', '/'));
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
    }

    /** Compiles, weaves, verifies and loads; returns the loader. */
    static ClassLoader build(Map<String, String> sources, String... options) {
        Map<String, byte[]> woven = weave(compile(sources, options));
        verify(woven);
        return load(woven);
    }

    /** Calls the static method {@code name} of {@code className} with no arguments. */
    static Object call(ClassLoader loader, String className, String name) throws Throwable {
        Method m = loader.loadClass(className).getDeclaredMethod(name);
        m.setAccessible(true);
        try {
            return m.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
