package dev.weft.transformer.internal;

import dev.weft.transformer.ClassFileLocator;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class hierarchy, read from class files through a {@link ClassFileLocator}: never loads a class.
 * Thread-safe; caches what it read.
 */
public final class ClassHierarchy {

    /** What the weaver needs to know of a class. */
    static final class Info {
        final String name;
        final String superName;
        final String[] interfaces;
        final boolean isInterface;
        final boolean hasClinit;

        Info(String name, String superName, String[] interfaces, boolean isInterface, boolean hasClinit) {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces;
            this.isInterface = isInterface;
            this.hasClinit = hasClinit;
        }
    }

    /** A class the hierarchy needs is not on the class path. */
    static final class MissingClassException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String className;

        MissingClassException(String className, Throwable cause) {
            super("class " + className.replace('/', '.') + " is not on the class path", cause);
            this.className = className;
        }
    }

    private static final Info MISSING = new Info("", null, new String[0], false, false);

    private final ClassFileLocator locator;
    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    public ClassHierarchy(ClassFileLocator locator) {
        this.locator = locator;
    }

    /** Records a class that is being woven or generated, so that lookups do not need its file. */
    void define(byte[] classFile) {
        Info info = read(classFile);
        cache.put(info.name, info);
    }

    Info get(String name) {
        Info info = cache.get(name);
        if (info == null) {
            info = load(name);
            cache.put(name, info);
        }
        if (info == MISSING) {
            throw new MissingClassException(name, null);
        }
        return info;
    }

    private Info load(String name) {
        byte[] bytes;
        try {
            bytes = locator.locate(name);
        } catch (IOException e) {
            throw new MissingClassException(name, e);
        }
        if (bytes == null) {
            return MISSING;
        }
        return read(bytes);
    }

    private static Info read(byte[] bytes) {
        ClassReader cr = new ClassReader(bytes);
        boolean[] clinit = new boolean[1];
        cr.accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9) {
            @Override
            public org.objectweb.asm.MethodVisitor visitMethod(int access, String name, String descriptor,
                                                               String signature, String[] exceptions) {
                if (name.equals("<clinit>")) {
                    clinit[0] = true;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new Info(cr.getClassName(), cr.getSuperName(), cr.getInterfaces(),
                (cr.getAccess() & Opcodes.ACC_INTERFACE) != 0, clinit[0]);
    }

    boolean isInterface(String name) {
        return get(name).isInterface;
    }

    String superName(String name) {
        return get(name).superName;
    }

    /** @return whether {@code name} or one of its superclasses has a static initialiser (unknown: true) */
    boolean mayRunStaticInitializer(String name) {
        String n = name;
        while (n != null && !n.equals("java/lang/Object")) {
            Info info;
            try {
                info = get(n);
            } catch (MissingClassException e) {
                return true;
            }
            if (info.hasClinit) {
                return true;
            }
            n = info.superName;
        }
        return false;
    }

    /** @return whether a value of class {@code sub} is assignable to {@code sup} (both internal names) */
    boolean isAssignableFrom(String sup, String sub) {
        if (sup.equals(sub) || sup.equals("java/lang/Object")) {
            return true;
        }
        Info info = get(sub);
        if (sup.equals(info.superName)) {
            return true;
        }
        for (String itf : info.interfaces) {
            if (isAssignableFrom(sup, itf)) {
                return true;
            }
        }
        return info.superName != null && isAssignableFrom(sup, info.superName);
    }

    /** ASM's {@code getCommonSuperClass}, from class files. */
    String commonSuperClass(String type1, String type2) {
        if (type1.equals(type2)) {
            return type1;
        }
        if (isAssignableFrom(type1, type2)) {
            return type1;
        }
        if (isAssignableFrom(type2, type1)) {
            return type2;
        }
        if (isInterface(type1) || isInterface(type2)) {
            return "java/lang/Object";
        }
        String t = type1;
        do {
            t = superName(t);
            if (t == null) {
                return "java/lang/Object";
            }
        } while (!isAssignableFrom(t, type2));
        return t;
    }
}
