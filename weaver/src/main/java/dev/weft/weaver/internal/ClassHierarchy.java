package dev.weft.weaver.internal;

import dev.weft.weaver.ClassFileLocator;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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
        final int access;
        /**
         * Whether the class file was woven already, by a weaver whose bodies have the same calling convention
         * ({@code Woven(protocol = Names.PROTOCOL)}): only then can a caller call its bodies directly.
         */
        final boolean woven;
        /** The {@code @Async} methods, by name + descriptor: their access flags and frame class ordinal. */
        final Map<String, AsyncMethod> asyncMethods;
        /** Every method the class declares, by name + descriptor. */
        final Set<String> declared;

        Info(String name, String superName, String[] interfaces, boolean isInterface, boolean hasClinit) {
            this(name, superName, interfaces, isInterface, hasClinit, 0, false, Map.of(), Set.of());
        }

        Info(String name, String superName, String[] interfaces, boolean isInterface, boolean hasClinit,
             int access, boolean woven, Map<String, AsyncMethod> asyncMethods, Set<String> declared) {
            this.declared = declared;
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces;
            this.isInterface = isInterface;
            this.hasClinit = hasClinit;
            this.access = access;
            this.woven = woven;
            this.asyncMethods = asyncMethods;
        }
    }

    /** An {@code @Async} method as its class file declares it. */
    static final class AsyncMethod {
        final int access;
        /** Its position among the class's {@code @Async} methods of the same name: names its frame class. */
        final int ordinal;
        /** Its generic signature, which decides whether its body returns a primitive; or {@code null}. */
        final String signature;

        AsyncMethod(int access, int ordinal, String signature) {
            this.access = access;
            this.ordinal = ordinal;
            this.signature = signature;
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
        boolean[] flags = new boolean[2]; // clinit, woven
        Map<String, AsyncMethod> async = new HashMap<>();
        Map<String, Integer> perName = new HashMap<>();
        Set<String> declared = new HashSet<>();
        cr.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                if (!descriptor.equals(Names.WOVEN_DESC)) {
                    return null;
                }
                return new AnnotationVisitor(Opcodes.ASM9) {
                    @Override
                    public void visit(String name, Object value) {
                        if (name.equals(Names.WOVEN_PROTOCOL) && Integer.valueOf(Names.PROTOCOL).equals(value)) {
                            flags[1] = true;
                        }
                    }
                };
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                                                               String signature, String[] exceptions) {
                if (name.equals("<clinit>")) {
                    flags[0] = true;
                }
                declared.add(name + descriptor);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String d, boolean visible) {
                        if (d.equals(Names.ASYNC_DESC)) {
                            int ordinal = perName.merge(name, 1, Integer::sum) - 1;
                            async.put(name + descriptor, new AsyncMethod(access, ordinal, signature));
                        }
                        return null;
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new Info(cr.getClassName(), cr.getSuperName(), cr.getInterfaces(),
                (cr.getAccess() & Opcodes.ACC_INTERFACE) != 0, flags[0], cr.getAccess(), flags[1],
                async.isEmpty() ? Map.of() : async, declared);
    }

    /**
     * The body descriptor of an {@code @Async} method that a call can invoke directly, or {@code null}. The
     * call must be one that no override can redirect (static, private, final method or final class), and
     * the callee's class must be woven: already, or by the same run ({@code wovenAlongside}).
     *
     * @param opcode the invoke opcode
     * @param owner the call's owner
     * @param name the method's name
     * @param desc the method's descriptor
     * @param current the class being woven
     * @param wovenAlongside the classes the same run weaves
     * @return the body descriptor, or {@code null} when the call is not direct
     */
    String directBody(int opcode, String owner, String name, String desc, String current,
                      Predicate<String> wovenAlongside) {
        if (!desc.endsWith(")" + Names.COROUTINE_DESC) || owner.startsWith("[")) {
            return null;
        }
        String key = name + desc;
        Info ownerInfo;
        Info info;
        AsyncMethod m;
        try {
            ownerInfo = get(owner);
            info = ownerInfo;
            // The method the call resolves to: declared by the owner or inherited from a superclass.
            while (!info.declared.contains(key)) {
                if (info.isInterface || info.superName == null) {
                    return null;
                }
                info = get(info.superName);
            }
            m = info.asyncMethods.get(key);
        } catch (MissingClassException e) {
            return null;
        }
        if (m == null || (m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                || (info != ownerInfo && (m.access & Opcodes.ACC_PRIVATE) != 0)) {
            return null;
        }
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        if (opcode == Opcodes.INVOKESTATIC) {
            if (!isStatic) {
                return null;
            }
        } else if (isStatic || ((m.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL)) == 0
                && (ownerInfo.access & Opcodes.ACC_FINAL) == 0 && (info.access & Opcodes.ACC_FINAL) == 0)) {
            return null;
        }
        if (!info.name.equals(current) && !info.woven && !wovenAlongside.test(info.name)) {
            return null;
        }
        return MethodShape.bodyDescriptor(desc, MethodShape.frameClassName(info.name, name, m.ordinal),
                PrimitiveResult.ofSignature(m.signature));
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
