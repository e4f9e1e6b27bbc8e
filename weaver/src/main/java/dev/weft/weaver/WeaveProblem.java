package dev.weft.weaver;

/**
 * One misuse found while weaving, located in the user's source: class, method, source file and line.
 */
public final class WeaveProblem {
    private final String className;
    private final String methodName;
    private final String sourceFile;
    private final int line;
    private final String message;

    /**
     * @param className the class, dotted ({@code com.acme.Shop})
     * @param methodName the method ({@code fetch})
     * @param sourceFile the source file name ({@code Shop.java}), or {@code null} when unknown
     * @param line the line, or -1 when unknown
     * @param message what is wrong and what to do
     */
    public WeaveProblem(String className, String methodName, String sourceFile, int line, String message) {
        this.className = className;
        this.methodName = methodName;
        this.sourceFile = sourceFile;
        this.line = line;
        this.message = message;
    }

    /** @return the class, dotted */
    public String className() {
        return className;
    }

    /** @return the method name */
    public String methodName() {
        return methodName;
    }

    /** @return the source file name, or {@code null} */
    public String sourceFile() {
        return sourceFile;
    }

    /** @return the line, or -1 */
    public int line() {
        return line;
    }

    /** @return what is wrong */
    public String message() {
        return message;
    }

    /** @return {@code Shop.java:42: com.acme.Shop.fetch: message} */
    @Override
    public String toString() {
        return locatedAt(sourceFile != null ? sourceFile : "<unknown source>");
    }

    /**
     * @param file how to name the source file, for example its path as javac prints it
     *     ({@code src/main/java/com/acme/Shop.java})
     * @return {@link #toString()} with the file named so
     */
    public String locatedAt(String file) {
        return file + ":" + (line >= 0 ? Integer.toString(line) : "?") + ": " + className + "." + methodName + ": "
                + message;
    }
}
