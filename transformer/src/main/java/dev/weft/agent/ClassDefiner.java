package dev.weft.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;

/** Defines a class in a given class loader: how the agent adds the weaver's generated frame classes. */
@FunctionalInterface
interface ClassDefiner {

    /**
     * @param loader the loader of the class the generated class belongs to
     * @param binaryName the dotted name
     * @param bytes the class file
     * @param domain the protection domain of the class it belongs to
     * @throws Exception when the class cannot be defined
     */
    void define(ClassLoader loader, String binaryName, byte[] bytes, ProtectionDomain domain) throws Exception;

    /**
     * Calls {@code ClassLoader.defineClass(String, byte[], int, int, ProtectionDomain)}; needs
     * {@code java.lang} open to this module (done by {@link WeftAgent}).
     *
     * @return the definer
     * @throws ReflectiveOperationException when the method cannot be made accessible
     */
    static ClassDefiner reflective() throws ReflectiveOperationException {
        Method defineClass = ClassLoader.class.getDeclaredMethod("defineClass", String.class, byte[].class,
                int.class, int.class, ProtectionDomain.class);
        defineClass.setAccessible(true);
        return (loader, name, bytes, domain) -> {
            try {
                defineClass.invoke(loader, name, bytes, 0, bytes.length, domain);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception) {
                    throw (Exception) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw e;
            }
        };
    }
}
