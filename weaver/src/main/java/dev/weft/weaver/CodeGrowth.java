package dev.weft.weaver;

/**
 * How much one woven method grew: its bytecode as javac wrote it against the woven body (the method that
 * holds the state machine), the stub left under the method's name, and the code of its frame class.
 *
 * @param className the class, dotted
 * @param method the method as {@code name(descriptor)}
 * @param sourceFile the source file name, or {@code null}
 * @param line the method's first line, or -1
 * @param originalBytes the method's code length as compiled
 * @param wovenBytes the woven body's code length
 * @param stubBytes the stub's code length (it makes the frame)
 * @param frameBytes the code length of all the frame class's methods
 */
public record CodeGrowth(String className, String method, String sourceFile, int line, int originalBytes,
                         int wovenBytes, int stubBytes, int frameBytes) {

    /** HotSpot does not JIT-compile a method with more bytecode than this ({@code -XX:HugeMethodLimit}). */
    public static final int HUGE_METHOD_LIMIT = 8000;

    /** @return woven body bytes / original bytes */
    public double ratio() {
        return originalBytes == 0 ? 0 : wovenBytes / (double) originalBytes;
    }
}
