package dev.weft.it;

import dev.weft.internal.AsyncFrame;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.CheckClassAdapter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * In build-time mode ({@code -Dweft.mode=build}), the class files the Maven plugin wrote are checked with
 * ASM's verifier, and every {@code Await.on} call must have been replaced. Under the javaagent the
 * class files on disk are not woven, so the test is skipped.
 */
class WovenClassesVerifyTest {

    private static final String AWAIT = "dev/weft/Await";
    private static final String ASYNC_FRAME = "dev/weft/internal/AsyncFrame";

    private static boolean buildMode() {
        return "build".equals(System.getProperty("weft.mode"));
    }

    private static Path testClassesDir() throws URISyntaxException {
        return Path.of(WovenClassesVerifyTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Path> classFiles() throws URISyntaxException, IOException {
        Path testClasses = testClassesDir();
        List<Path> roots = new ArrayList<>();
        roots.add(testClasses);
        Path classes = testClasses.resolveSibling("classes");
        if (Files.isDirectory(classes)) {
            roots.add(classes);
        }
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                files.addAll(s.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList()));
            }
        }
        return files;
    }

    @Test
    void everyClassFilePassesAsmVerification() throws Exception {
        assumeTrue(buildMode(), "class files are woven on disk only in build-time mode (weft.mode=build)");
        ClassLoader loader = WovenClassesVerifyTest.class.getClassLoader();
        List<Path> files = classFiles();
        assertTrue(files.size() > 10, "expected the it-tests class files, found " + files);
        StringBuilder problems = new StringBuilder();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            StringWriter out = new StringWriter();
            try (PrintWriter pw = new PrintWriter(out)) {
                CheckClassAdapter.verify(new ClassReader(bytes), loader, false, pw);
            } catch (RuntimeException e) {
                out.append("verifier crashed: ").append(String.valueOf(e));
            }
            if (out.getBuffer().length() > 0) {
                problems.append("== ").append(file).append('\n').append(out).append('\n');
            }
        }
        assertEquals("", problems.toString(), "ASM verification problems");
    }

    /** Whether the class extends AsyncFrame, directly or through a generated base class. */
    private static boolean isFrameClass(ClassReader reader) {
        if (ASYNC_FRAME.equals(reader.getSuperName())) {
            return true;
        }
        try {
            Class<?> c = Class.forName(reader.getClassName().replace('/', '.'), false,
                    WovenClassesVerifyTest.class.getClassLoader());
            return AsyncFrame.class.isAssignableFrom(c);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Test
    void noAwaitCallIsLeftAndFrameClassesWereGenerated() throws Exception {
        assumeTrue(buildMode(), "class files are woven on disk only in build-time mode (weft.mode=build)");
        List<String> leftovers = new ArrayList<>();
        int frameClasses = 0;
        for (Path file : classFiles()) {
            ClassReader reader = new ClassReader(Files.readAllBytes(file));
            String className = reader.getClassName();
            if (isFrameClass(reader)) {
                frameClasses++;
            }
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String mname, String mdesc,
                                                    boolean isInterface) {
                            if (AWAIT.equals(owner)) {
                                leftovers.add(className + "." + name + descriptor + " calls Await." + mname);
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_FRAMES);
        }
        assertEquals(List.of(), leftovers, "Await.on calls left in woven class files");
        assertTrue(frameClasses > 50, "expected one frame class (extending " + ASYNC_FRAME
                + ") per woven method, found " + frameClasses);
    }
}
