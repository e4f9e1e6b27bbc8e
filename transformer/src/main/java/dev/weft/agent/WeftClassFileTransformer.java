package dev.weft.agent;

import dev.weft.weaver.ClassFileLocator;
import dev.weft.weaver.WeaveException;
import dev.weft.weaver.WeaveOptions;
import dev.weft.weaver.WeaveProblem;
import dev.weft.weaver.WeaveResult;
import dev.weft.weaver.Weaver;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.lang.ref.WeakReference;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The agent's one transformer: filters, delegates to one {@link Weaver} per class loader, defines the
 * generated frame classes, and logs every failure (the JVM would swallow it) and every warning. It never
 * throws: a class that cannot be woven is loaded as it is, marked with the problems found
 * ({@code @dev.weft.internal.WeaveRefused}), so that its first {@code Await.on} fails with them; with the option
 * {@code failOnWarning}, a class whose weaving warned is loaded as it is too, and its initialisation fails with the
 * warnings.
 */
final class WeftClassFileTransformer implements ClassFileTransformer {
    private static final System.Logger LOG = System.getLogger("dev.weft.agent");

    private final WeaveOptions options;
    private final ClassDefiner definer;
    /** One weaver (and so one class hierarchy cache) per loader; weak keys, so loaders can be collected. */
    private final Map<ClassLoader, Weaver> weavers = Collections.synchronizedMap(new WeakHashMap<>());
    /** Generated classes this thread is defining right now: they are not woven again. */
    private final ThreadLocal<Set<String>> defining = ThreadLocal.withInitial(HashSet::new);

    WeftClassFileTransformer(WeaveOptions options, ClassDefiner definer) {
        this.options = options;
        this.definer = definer;
    }

    /**
     * Whether a class is looked at at all: not the JDK's (boot loader), not the weaver's own, not the
     * shaded ASM.
     *
     * @param loader the defining loader, {@code null} for the boot loader
     * @param className the internal name
     * @return whether to look at it
     */
    static boolean isCandidate(ClassLoader loader, String className) {
        return loader != null && className != null
                && !className.startsWith("dev/weft/weaver/")
                && !className.startsWith("dev/weft/shaded/");
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        try {
            if (!isCandidate(loader, className) || defining.get().contains(className)
                    || !Weaver.mayNeedWeaving(classfileBuffer)) {
                return null;
            }
            WeaveResult result = weaverFor(loader).weave(classfileBuffer);
            if (!result.warnings().isEmpty()) {
                if (options.failOnWarning()) {
                    return refuse(className, classfileBuffer, result.warnings());
                }
                for (WeaveProblem w : result.warnings()) {
                    log(System.Logger.Level.WARNING, "Weft agent: " + w, null);
                }
            }
            if (!result.isChanged()) {
                return null;
            }
            defineGenerated(loader, protectionDomain, result.generatedClasses());
            if (options.verbose()) {
                String dotted = className.replace('/', '.');
                for (String method : result.wovenMethods()) {
                    log(System.Logger.Level.INFO, "Weft agent: woven " + dotted + "." + method, null);
                }
            }
            return result.bytes();
        } catch (WeaveException e) {
            log(System.Logger.Level.ERROR, "Weft agent cannot weave " + dotted(className)
                    + ", it is loaded unwoven:\n" + e.getMessage(), null);
            return markRefused(classfileBuffer, e.getMessage());
        } catch (Throwable t) {
            log(System.Logger.Level.ERROR, "Weft agent failed on class " + dotted(className)
                    + ", it is loaded unwoven", t);
            return null;
        }
    }

    /**
     * With {@code failOnWarning}, a class whose weaving warned is refused as one with a misuse is, and more: it
     * is loaded unwoven (no frame class is defined) and cannot even be initialised ({@link FailingInitializer}).
     */
    static byte[] refuse(String className, byte[] classFile, List<WeaveProblem> warnings) {
        StringBuilder problems = new StringBuilder();
        for (WeaveProblem w : warnings) {
            problems.append('\n').append(w);
        }
        String message = "the Weft javaagent refused " + dotted(className) + " because weaving it warned and"
                + " failOnWarning is set:" + problems + "\nFix these (or start the agent without failOnWarning).";
        log(System.Logger.Level.ERROR, "Weft agent: " + message, null);
        try {
            return FailingInitializer.apply(classFile, message);
        } catch (RuntimeException e) {
            log(System.Logger.Level.ERROR, "Weft agent cannot rewrite the class it refused, it is loaded unwoven", e);
            return null;
        }
    }

    /** The runtime annotation that tells an unwoven {@code Await.on} why the agent refused its class. */
    static final String WEAVE_REFUSED_DESC = "Ldev/weft/internal/WeaveRefused;";

    /**
     * The class as it is, plus {@code @WeaveRefused(problems)}, so that an {@code Await.on} in any of its methods
     * fails with the problems instead of saying to install the agent; {@code null} (load it as it is) if even
     * that cannot be written.
     */
    static byte[] markRefused(byte[] classFile, String problems) {
        try {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, 0);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public void visit(int version, int access, String name, String signature, String superName,
                                  String[] interfaces) {
                    super.visit(version, access, name, signature, superName, interfaces);
                    AnnotationVisitor a = super.visitAnnotation(WEAVE_REFUSED_DESC, true);
                    a.visit("value", problems);
                    a.visitEnd();
                }
            }, 0);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            log(System.Logger.Level.WARNING, "Weft agent cannot mark the class it refused", e);
            return null;
        }
    }

    private Weaver weaverFor(ClassLoader loader) {
        Weaver w = weavers.get(loader);
        if (w == null) {
            w = new Weaver(locatorFor(loader), options, name -> true);
            Weaver previous = weavers.putIfAbsent(loader, w);
            if (previous != null) {
                w = previous;
            }
        }
        return w;
    }

    /**
     * The class files visible to {@code loader} (as resources), then the JDK's. The loader is held
     * weakly: the weaver is the value of a weak-keyed map and must not keep its key alive.
     *
     * @param loader the loader
     * @return the locator
     */
    static ClassFileLocator locatorFor(ClassLoader loader) {
        WeakReference<ClassLoader> ref = new WeakReference<>(loader);
        ClassFileLocator ofLoader = name -> {
            ClassLoader l = ref.get();
            return l == null ? null : ClassFileLocator.ofClassLoader(l).locate(name);
        };
        return ClassFileLocator.firstOf(ofLoader, ClassFileLocator.ofClassLoader(null));
    }

    private void defineGenerated(ClassLoader loader, ProtectionDomain domain, Map<String, byte[]> generated)
            throws Exception {
        if (generated.isEmpty()) {
            return;
        }
        Set<String> mine = defining.get();
        // Each generated class extends AsyncFrame, in the runtime: none needs another defined first.
        for (String name : generated.keySet()) {
            mine.add(name);
            try {
                definer.define(loader, name.replace('/', '.'), generated.get(name), domain);
            } catch (LinkageError e) {
                // Already defined: the class is being redefined, or another thread wove it at the same time.
                if (!isLoaded(loader, name)) {
                    throw e;
                }
            } finally {
                mine.remove(name);
            }
        }
    }

    private static boolean isLoaded(ClassLoader loader, String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String dotted(String className) {
        return className == null ? "<unnamed class>" : className.replace('/', '.');
    }

    /** Logs through {@link System.Logger}; never throws (nothing may escape premain or transform). */
    static void log(System.Logger.Level level, String message, Throwable t) {
        try {
            if (t == null) {
                LOG.log(level, message);
            } else {
                LOG.log(level, message, t);
            }
        } catch (Throwable ignored) {
            // Logging must not make premain or transform() throw.
        }
    }
}
