package dev.weft.agent;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * How the agent makes a class unusable when its option {@code failOnWarning} is set and weaving the class warned:
 * the class is loaded unwoven, with a static initialiser that throws {@link IllegalStateException} with the
 * warnings instead of its own. A transformer cannot stop a class from loading (the JVM ignores what it throws),
 * but the first use of this one fails, with {@link ExceptionInInitializerError} whose cause says why, and every
 * later use with {@link NoClassDefFoundError}; what the warnings are about may well not reach an
 * {@code Await.on}, which is where a class the agent refuses for a misuse fails.
 */
final class FailingInitializer {
    /** The longest message kept: a constant string holds at most 65535 bytes of (modified) UTF-8. */
    private static final int MAX_MESSAGE = 16_000;

    private FailingInitializer() {
    }

    /**
     * @param classFile the class as it was compiled
     * @param message why it is refused
     * @return the class with a static initialiser that throws {@code new IllegalStateException(message)}
     */
    static byte[] apply(byte[] classFile, String message) {
        String text = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
        ClassReader reader = new ClassReader(classFile);
        // Straight-line code, so no stack map frame to compute and no class to load for one.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                // The class's own initialiser never runs: it is replaced below.
                return name.equals("<clinit>") ? null : super.visitMethod(access, name, descriptor, signature,
                        exceptions);
            }

            @Override
            public void visitEnd() {
                MethodVisitor mv = super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
                mv.visitCode();
                mv.visitTypeInsn(Opcodes.NEW, "java/lang/IllegalStateException");
                mv.visitInsn(Opcodes.DUP);
                mv.visitLdcInsn(text);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IllegalStateException", "<init>",
                        "(Ljava/lang/String;)V", false);
                mv.visitInsn(Opcodes.ATHROW);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }
}
