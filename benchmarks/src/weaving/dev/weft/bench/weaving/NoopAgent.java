package dev.weft.bench.weaving;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The baseline of the javaagent start-up benchmark: an agent whose transformer sees every class and changes
 * none, so that the JVM's own cost of {@code -javaagent} is told apart from the Weft agent's.
 */
public final class NoopAgent {
    private NoopAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                    ProtectionDomain protectionDomain, byte[] classfileBuffer) {
                return null;
            }
        }, false);
    }
}
