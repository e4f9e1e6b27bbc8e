package dev.weft.weaver.internal;

import dev.weft.weaver.ClassFileLocator;
import dev.weft.weaver.CodeGrowth;
import dev.weft.weaver.WeaveException;
import dev.weft.weaver.WeaveProblem;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The weaving pipeline behind {@code dev.weft.weaver.Weaver}: scan, check for misuse, rewrite each
 * async method ({@link AsyncMethodWeaver}), generate its frame class ({@link FrameClassGenerator}) and
 * write the class with frames computed from the class-file hierarchy. Internal.
 */
public final class WeavePipeline {
    private static final byte[] WEFT = "dev/weft/".getBytes(StandardCharsets.UTF_8);

    private final ClassHierarchy hierarchy;
    private final Predicate<String> wovenAlongside;

    public WeavePipeline(ClassFileLocator locator) {
        this(locator, name -> false);
    }

    /**
     * @param locator where to read the class hierarchy
     * @param wovenAlongside the classes (internal names) that the same run weaves too, so that calls into
     *     their {@code @Async} methods can be direct calls of the woven bodies
     */
    public WeavePipeline(ClassFileLocator locator, Predicate<String> wovenAlongside) {
        this.hierarchy = new ClassHierarchy(ClassFileLocator.firstOf(locator, ClassFileLocator.ofClassLoader(null)));
        this.wovenAlongside = wovenAlongside;
    }

    /**
     * Whether the constant pool has a UTF-8 entry that names something of Weft's ({@code dev/weft/...}, as a class
     * or in a descriptor, such as a method returning {@code Coroutine} whose result a call may drop:
     * {@link DiscardedCoroutines}): without one, a class has nothing to weave and nothing to report. (A for-each
     * over a user's own {@code AsyncIterable} type in a class that names nothing of Weft is not reported at weave
     * time; it fails when run, saying why.)
     */
    public static boolean mentionsWeft(byte[] b) {
        try {
            if (b.length < 10 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE) {
                return false;
            }
            int count = u2(b, 8);
            int p = 10;
            for (int i = 1; i < count; i++) {
                int tag = b[p] & 0xFF;
                switch (tag) {
                    case 1: {
                        int len = u2(b, p + 1);
                        if (containsAt(b, p + 3, len, WEFT)) {
                            return true;
                        }
                        p += 3 + len;
                        break;
                    }
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        p += 5;
                        break;
                    case 5: case 6:
                        p += 9;
                        i++;
                        break;
                    case 7: case 8: case 16: case 19: case 20:
                        p += 3;
                        break;
                    case 15:
                        p += 4;
                        break;
                    default:
                        return true; // unknown constant: let the full reader decide
                }
            }
            return false;
        } catch (ArrayIndexOutOfBoundsException e) {
            return true; // malformed: let ClassReader report it properly
        }
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static boolean containsAt(byte[] b, int p, int len, byte[] s) {
        outer:
        for (int start = p, last = p + len - s.length; start <= last; start++) {
            for (int i = 0; i < s.length; i++) {
                if (b[start + i] != s[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    public Output weave(byte[] classFile) {
        return weave(classFile, method -> false);
    }

    /**
     * @param compact which methods (name and descriptor) to rewrite in the compact form
     *     ({@link Hub}); a method whose woven body comes out over the JVM's limit of 65535
     *     bytes in the usual form is woven again in the compact form
     */
    public Output weave(byte[] classFile, Predicate<String> compact) {
        ClassReader cr;
        try {
            cr = new ClassReader(classFile);
        } catch (RuntimeException e) {
            throw new WeaveException(new WeaveProblem("<unknown>", "<class>", null, -1,
                    "not a valid class file: " + e), e);
        }
        ClassNode cn = new ClassNode(Opcodes.ASM9);
        try {
            cr.accept(cn, ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            throw new WeaveException(new WeaveProblem(cr.getClassName().replace('/', '.'), "<class>", null, -1,
                    "cannot read the class file: " + e), e);
        }
        if (isWoven(cn)) {
            return unchanged(cn, classFile, List.of());
        }
        List<WeaveProblem> discarded = DiscardedCoroutines.find(cn);
        EntryPoints entryPoints = EntryPoints.split(cn);
        MisuseChecker checker = new MisuseChecker(cn, hierarchy);
        checker.check();
        if (!checker.problems().isEmpty()) {
            List<WeaveProblem> problems = new ArrayList<>(checker.problems());
            problems.sort(Comparator.comparingInt(WeaveProblem::line));
            throw new WeaveException(problems);
        }
        List<MethodNode> toWeave = checker.methodsToWeave();
        if (toWeave.isEmpty()) {
            return unchanged(cn, classFile, discarded);
        }
        // Stack map frames, which woven code needs, came with Java 7: checked before anything is rewritten.
        if ((cn.version & 0xFFFF) < Opcodes.V1_7) {
            throw new WeaveException(List.of(new WeaveProblem(cn.name.replace('/', '.'), toWeave.get(0).name,
                    cn.sourceFile, -1, "cannot weave a class file older than Java 7 (version " + (cn.version & 0xFFFF)
                    + "); compile with --release 8 or later")));
        }
        hierarchy.define(classFile);
        Map<String, Integer> originalSizes = CodeSizes.of(classFile);

        Map<String, byte[]> generated = new LinkedHashMap<>();
        Set<String> wovenBodies = new HashSet<>();
        boolean isInterface = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        Map<String, Integer> perName = new HashMap<>();
        List<Woven> wovenInfo = new ArrayList<>();
        for (MethodNode m : toWeave) {
            String frameClass = MethodShape.frameClassName(cn.name, m.name, perName.merge(m.name, 1, Integer::sum) - 1);
            String originalDesc = entryPoints.userDescriptor(m);
            AsyncMethodWeaver weaver = new AsyncMethodWeaver(cn, m, hierarchy, frameClass, wovenAlongside,
                    compact.test(m.name + originalDesc));
            AsyncMethodWeaver.Result r;
            try {
                r = weaver.weave();
            } catch (WeaveProblemException e) {
                throw new WeaveException(List.of(e.problem));
            } catch (ClassHierarchy.MissingClassException e) {
                throw new WeaveException(MisuseChecker.problem(cn, m, null, missingClass(e)), e);
            } catch (AnalyzerException | RuntimeException e) {
                throw new WeaveException(MisuseChecker.problem(cn, m, null,
                        "cannot weave: the method's bytecode could not be analysed: " + e), e);
            }
            int pos = cn.methods.indexOf(m);
            cn.methods.add(pos, r.stub);
            byte[] frame;
            try {
                frame = FrameClassGenerator.generate(cn.version, cn.name, isInterface, cn.sourceFile, m.name, m.desc,
                        weaver.frameConstructorDescriptor(), r, hierarchy);
            } catch (ClassHierarchy.MissingClassException e) {
                throw new WeaveException(MisuseChecker.problem(cn, r.stub, null, missingClass(e)), e);
            }
            hierarchy.define(frame);
            generated.put(frameClass, frame);
            wovenBodies.add(m.name + m.desc);
            wovenBodies.add(r.stub.name + r.stub.desc);
            wovenInfo.add(new Woven(m.name, originalDesc, m.desc, MisuseChecker.displayName(cn, m), r.firstLine,
                    frameClass));
        }
        wovenBodies.addAll(entryPoints.absorbStubs(cn));
        if (cn.invisibleAnnotations == null) {
            cn.invisibleAnnotations = new ArrayList<>();
        }
        AnnotationNode marker = new AnnotationNode(Names.WOVEN_DESC);
        marker.visit(Names.WOVEN_PROTOCOL, Names.PROTOCOL);
        cn.invisibleAnnotations.add(marker);

        ClassWriter cw = new HierarchyClassWriter(ClassWriter.COMPUTE_FRAMES, hierarchy);
        byte[] out;
        try {
            cn.accept(cw);
            out = cw.toByteArray();
        } catch (MethodTooLargeException e) {
            for (Woven w : wovenInfo) {
                String method = w.name() + w.desc();
                if (w.name().equals(e.getMethodName()) && w.bodyDesc().equals(e.getDescriptor())
                        && !compact.test(method)) {
                    // Too large in the usual form: weave the class again with this body in the compact form.
                    return weave(classFile, compact.or(method::equals));
                }
            }
            MethodNode m = findMethod(cn, e.getMethodName(), e.getDescriptor());
            throw new WeaveException(MisuseChecker.problem(cn, m != null ? m : toWeave.get(0), null,
                    "method " + e.getMethodName() + " would be " + e.getCodeSize() + " bytes after weaving, over the"
                            + " JVM's limit of 65535 bytes of code per method; split it into smaller @Async methods"), e);
        } catch (ClassHierarchy.MissingClassException e) {
            throw new WeaveException(new WeaveProblem(cn.name.replace('/', '.'), "<class>", cn.sourceFile, -1,
                    missingClass(e)), e);
        }
        try {
            WovenCodeVerifier.verify(out, wovenBodies);
        } catch (IllegalStateException e) {
            throw new WeaveException(new WeaveProblem(cn.name.replace('/', '.'), "<class>", cn.sourceFile, -1,
                    "internal weaver error, please report it with this class file: " + e.getMessage()), e);
        }
        List<String> woven = new ArrayList<>();
        List<CodeGrowth> growth = new ArrayList<>();
        List<WeaveProblem> warnings = new ArrayList<>(discarded);
        Map<String, Integer> wovenSizes = CodeSizes.of(out);
        String dotted = cn.name.replace('/', '.');
        for (Woven w : wovenInfo) {
            String method = w.name() + w.desc();
            woven.add(method);
            int frameBytes = 0;
            for (int size : CodeSizes.of(generated.get(w.frameClass())).values()) {
                frameBytes += size;
            }
            CodeGrowth g = new CodeGrowth(dotted, method, cn.sourceFile, w.line(), originalSizes.getOrDefault(method, 0),
                    wovenSizes.getOrDefault(w.name() + w.bodyDesc(), 0), wovenSizes.getOrDefault(method, 0), frameBytes);
            growth.add(g);
            if (g.wovenBytes() > CodeGrowth.HUGE_METHOD_LIMIT) {
                warnings.add(new WeaveProblem(dotted, w.displayName(), cn.sourceFile, w.line(), hugeMethodWarning(g)));
            }
        }
        return new Output(cn.name, out, true, generated, woven, growth, warnings);
    }

    /** The error for a class of the hierarchy that cannot be found. */
    private static String missingClass(ClassHierarchy.MissingClassException e) {
        return "cannot weave: " + e.getMessage()
                + " (the weaver reads the class hierarchy from class files to compute stack map frames)";
    }

    /** The warning for a woven body over HotSpot's limit for JIT compilation. */
    static String hugeMethodWarning(CodeGrowth g) {
        return "the woven method is " + g.wovenBytes() + " bytes of bytecode (" + g.originalBytes()
                + " as compiled), over HotSpot's limit of " + CodeGrowth.HUGE_METHOD_LIMIT
                + " bytes for JIT compilation (-XX:HugeMethodLimit): it will always run interpreted, typically"
                + " 10-50x slower; split it into smaller @Async methods";
    }

    /** What the pipeline remembers of a woven method to measure it once the class is written. */
    private record Woven(String name, String desc, String bodyDesc, String displayName, int line, String frameClass) {
    }

    private static MethodNode findMethod(ClassNode cn, String name, String desc) {
        for (MethodNode m : cn.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        return null;
    }

    private static boolean isWoven(ClassNode cn) {
        if (cn.invisibleAnnotations != null) {
            for (AnnotationNode a : cn.invisibleAnnotations) {
                if (a.desc.equals(Names.WOVEN_DESC)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Output unchanged(ClassNode cn, byte[] classFile, List<WeaveProblem> warnings) {
        return new Output(cn.name, classFile, false, Map.of(), List.of(), List.of(), warnings);
    }

    /** What weaving one class produced. */
    public static final class Output {
        public final String className;
        public final byte[] bytes;
        public final boolean changed;
        public final Map<String, byte[]> generated;
        public final List<String> woven;
        public final List<CodeGrowth> growth;
        public final List<WeaveProblem> warnings;

        Output(String className, byte[] bytes, boolean changed, Map<String, byte[]> generated, List<String> woven,
               List<CodeGrowth> growth, List<WeaveProblem> warnings) {
            this.className = className;
            this.bytes = bytes;
            this.changed = changed;
            this.generated = generated;
            this.woven = woven;
            this.growth = growth;
            this.warnings = warnings;
        }
    }
}
