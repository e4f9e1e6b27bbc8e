package dev.weft.weaver.internal;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;

/**
 * A {@link ClassWriter} that computes frames from class files instead of loading classes. Its limits on the
 * work of computing frames are above ASM's defaults (10 MB, 10^8 operations), which a woven body of javac's
 * 64 KB with many exception handlers and suspension points can exceed: the weaver reads the user's own classes.
 */
final class HierarchyClassWriter extends ClassWriter {
    private static final int MEMORY_LIMIT = 256 << 20;
    private static final long OPERATIONS_LIMIT = 4_000_000_000L;

    private final ClassHierarchy hierarchy;

    HierarchyClassWriter(ClassReader reader, int flags, ClassHierarchy hierarchy) {
        super(reader, flags);
        this.hierarchy = hierarchy;
        setComputeLimits(MEMORY_LIMIT, OPERATIONS_LIMIT);
    }

    HierarchyClassWriter(int flags, ClassHierarchy hierarchy) {
        super(flags);
        this.hierarchy = hierarchy;
        setComputeLimits(MEMORY_LIMIT, OPERATIONS_LIMIT);
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return hierarchy.commonSuperClass(type1, type2);
    }

    @Override
    protected ClassLoader getClassLoader() {
        throw new IllegalStateException("the weaver must not load classes");
    }
}
