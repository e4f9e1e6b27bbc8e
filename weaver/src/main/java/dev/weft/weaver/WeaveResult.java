package dev.weft.weaver;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of weaving one class file: the class (unchanged, or woven) and the frame classes the
 * weaver generated for its {@code @Async} methods, which must be written (plugin) or defined (agent)
 * next to it.
 */
public final class WeaveResult {
    private final String className;
    private final byte[] bytes;
    private final boolean changed;
    private final Map<String, byte[]> generatedClasses;
    private final List<String> wovenMethods;
    private final List<CodeGrowth> codeGrowth;
    private final List<WeaveProblem> warnings;

    WeaveResult(String className, byte[] bytes, boolean changed, Map<String, byte[]> generatedClasses,
                List<String> wovenMethods) {
        this(className, bytes, changed, generatedClasses, wovenMethods, List.of(), List.of());
    }

    WeaveResult(String className, byte[] bytes, boolean changed, Map<String, byte[]> generatedClasses,
                List<String> wovenMethods, List<CodeGrowth> codeGrowth, List<WeaveProblem> warnings) {
        this.className = className;
        this.bytes = bytes;
        this.changed = changed;
        this.generatedClasses = Collections.unmodifiableMap(new LinkedHashMap<>(generatedClasses));
        this.wovenMethods = List.copyOf(wovenMethods);
        this.codeGrowth = List.copyOf(codeGrowth);
        this.warnings = List.copyOf(warnings);
    }

    static WeaveResult unchanged(String className, byte[] bytes) {
        return new WeaveResult(className, bytes, false, Map.of(), List.of());
    }

    /** @return the internal name of the class, e.g. {@code com/acme/Shop}, or {@code null} if it was not read */
    public String className() {
        return className;
    }

    /** @return the class file: the input itself when nothing changed */
    public byte[] bytes() {
        return bytes;
    }

    /** @return whether the class was woven */
    public boolean isChanged() {
        return changed;
    }

    /** @return generated classes by internal name; define them in the same loader and package */
    public Map<String, byte[]> generatedClasses() {
        return generatedClasses;
    }

    /** @return the woven methods, as {@code name(descriptor)} */
    public List<String> wovenMethods() {
        return wovenMethods;
    }

    /** @return per woven method, its code size before and after weaving */
    public List<CodeGrowth> codeGrowth() {
        return codeGrowth;
    }

    /**
     * @return what deserves the user's attention, located like a misuse, also for a class left unchanged: a call
     *     whose coroutine is dropped, so never awaited (Python's "coroutine was never awaited"); a woven body over
     *     {@link CodeGrowth#HUGE_METHOD_LIMIT} bytes, which HotSpot never compiles
     */
    public List<WeaveProblem> warnings() {
        return warnings;
    }
}
