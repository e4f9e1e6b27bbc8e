package dev.weft.weaver.internal;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;

import java.util.Set;

/**
 * The last pass: runs ASM's {@link BasicVerifier} (which needs no class loading) over the woven
 * methods of the written class, so that a weaver bug surfaces as a clear error at weave time instead
 * of a {@code VerifyError} when the class loads.
 */
final class WovenCodeVerifier {
    private WovenCodeVerifier() {
    }

    /**
     * @param classFile the written class
     * @param methods the woven methods, as {@code name + descriptor}
     * @throws IllegalStateException naming the method and the instruction when the code is inconsistent
     */
    static void verify(byte[] classFile, Set<String> methods) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, ClassReader.SKIP_DEBUG);
        for (MethodNode m : cn.methods) {
            if (!methods.contains(m.name + m.desc)) {
                continue;
            }
            try {
                new Analyzer<BasicValue>(new BasicVerifier()).analyze(cn.name, m);
            } catch (AnalyzerException e) {
                throw new IllegalStateException("woven method " + cn.name.replace('/', '.') + "." + m.name + m.desc
                        + " does not verify: " + e.getMessage(), e);
            }
        }
    }
}
