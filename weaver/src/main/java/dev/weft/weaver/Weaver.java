package dev.weft.weaver;

import dev.weft.weaver.internal.WeavePipeline;

import java.util.function.Predicate;

/**
 * The weaver's one entry point, shared by the Maven plugin and the javaagent: turns every
 * {@code @Async} method of a class file into a resumable state machine.
 *
 * <p>{@link #weave(byte[])} returns the input itself (same array) when the class needs nothing: it has
 * no {@code @Async} method and no {@code Await} call (found by a cheap scan of the constant pool), or
 * it was woven already (weaving is idempotent). Otherwise it returns the woven class and one generated
 * frame class per woven method, which must be written (plugin) or defined (agent) in the same package
 * and class loader. Warnings ({@link WeaveResult#warnings()}) come with a class left unchanged too: one that
 * calls a method returning {@code Coroutine} and drops the result is read for that alone.
 *
 * <p>Stack map frames are computed from class files found through the {@link ClassFileLocator}; no
 * user class is ever loaded. Instances are thread-safe and cache the class hierarchy, so keep one per
 * class path (or class loader).
 */
public final class Weaver {
    private final WeavePipeline pipeline;
    private final WeaveOptions options;

    /**
     * @param locator where to read the class hierarchy (the application's class path plus the JDK)
     */
    public Weaver(ClassFileLocator locator) {
        this(locator, WeaveOptions.defaults());
    }

    /**
     * @param locator where to read the class hierarchy (the application's class path plus the JDK)
     * @param options the options
     */
    public Weaver(ClassFileLocator locator, WeaveOptions options) {
        this(locator, options, name -> false);
    }

    /**
     * @param locator where to read the class hierarchy (the application's class path plus the JDK)
     * @param options the options
     * @param wovenAlongside which other classes (internal names, such as {@code com/acme/Shop}) are woven
     *     by the same build or agent. An await of a just-called {@code @Async} method of such a class, or of
     *     the class itself, or of a class already woven, calls the method's body directly: no frame is made
     *     unless it suspends. The Maven plugin passes the classes of the directory it weaves; the agent
     *     weaves every class it loads.
     */
    public Weaver(ClassFileLocator locator, WeaveOptions options, Predicate<String> wovenAlongside) {
        this.pipeline = new WeavePipeline(locator, wovenAlongside);
        this.options = options;
    }

    /**
     * Weaves one class file.
     *
     * @param classFile the class file's bytes
     * @return the result; {@link WeaveResult#bytes()} is {@code classFile} itself when nothing changed
     * @throws WeaveException naming class, method, source file and line of each misuse
     */
    public WeaveResult weave(byte[] classFile) {
        if (options.skip() || !mayNeedWeaving(classFile)) {
            return WeaveResult.unchanged(null, classFile);
        }
        WeavePipeline.Output out = options.compact() ? pipeline.weave(classFile, method -> true)
                : pipeline.weave(classFile);
        return new WeaveResult(out.className, out.bytes, out.changed, out.generated, out.woven, out.growth,
                out.warnings);
    }

    /**
     * The cheap test: whether the class file mentions anything of Weft's ({@code dev.weft...}) at all. A class for
     * which this is {@code false} is never woven and has nothing to warn about.
     *
     * @param classFile the class file's bytes
     * @return whether {@link #weave(byte[])} has anything to look at
     */
    public static boolean mayNeedWeaving(byte[] classFile) {
        return WeavePipeline.mentionsWeft(classFile);
    }

    /** @return the options */
    public WeaveOptions options() {
        return options;
    }
}
