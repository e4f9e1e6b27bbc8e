package dev.weft.fuzzer.run;

/**
 * One program as the executor sees it: its source text and package. The reducer's candidates are
 * variants of one program in packages of their own.
 *
 * @param seed the seed of the program it comes from
 * @param packageName the package of its class {@code Main}
 * @param text the compilation unit
 */
public record Source(long seed, String packageName, String text) {
    /** @return the binary name of the class to run */
    public String mainClass() {
        return packageName + ".Main";
    }

    /** @return the source file's path under a source root */
    public String path() {
        return packageName.replace('.', '/') + "/Main.java";
    }
}
