package dev.weft.fuzzer.gen;

/**
 * Switches that keep the generator from producing shapes of known, still open weaver bugs, so that a
 * campaign can look for other bugs meanwhile. Every switch defaults to producing the shape: a run
 * without options tests everything.
 */
public final class GeneratorOptions {
    /**
     * Known bug 1: a {@code synchronized} block followed or surrounded by {@code try/finally} with an
     * await in the {@code finally} is falsely rejected as an await inside a synchronized block.
     */
    public final boolean syncWithFinallyAwait;
    /** Known bug 2: ECJ compiles {@code new Box(Await.on(...));} to NEW without DUP, which the weaver rejects. */
    public final boolean unusedNewWithAwait;
    /** Whether some programs get one big method (hundreds of statements, a few KB of byte code). */
    public final boolean bigMethods;
    /**
     * Whether some programs start from an {@code @Async static void} entry point, which API.md
     * specifies: calling it runs its body on a loop of its own, as {@code Asyncio.run} does.
     */
    public final boolean voidEntry;
    /**
     * Whether a {@code synchronized} block may be empty: ECJ's class files of an empty synchronized block in
     * a try/catch made the weaver take a later await for one inside the block (found by this fuzzer, fixed
     * in the weaver since; the switch stays for campaigns against older weavers).
     */
    public final boolean emptySynchronized;

    private GeneratorOptions(boolean syncWithFinallyAwait, boolean unusedNewWithAwait, boolean bigMethods,
                             boolean voidEntry, boolean emptySynchronized) {
        this.syncWithFinallyAwait = syncWithFinallyAwait;
        this.unusedNewWithAwait = unusedNewWithAwait;
        this.bigMethods = bigMethods;
        this.voidEntry = voidEntry;
        this.emptySynchronized = emptySynchronized;
    }

    /** @return every shape on */
    public static GeneratorOptions all() {
        return new GeneratorOptions(true, true, true, true, true);
    }

    /**
     * @param names comma-separated names of shapes to leave out: {@code sync-finally-await},
     *              {@code unused-new-await}, {@code big-methods}, {@code void-entry},
     *              {@code empty-synchronized}; empty or {@code null} for none
     * @return the options
     * @throws IllegalArgumentException for an unknown name
     */
    public static GeneratorOptions without(String names) {
        boolean sync = true;
        boolean unusedNew = true;
        boolean big = true;
        boolean voidEntry = true;
        boolean emptySync = true;
        if (names != null) {
            for (String n : names.split(",")) {
                switch (n.trim()) {
                    case "": break;
                    case "sync-finally-await": sync = false; break;
                    case "unused-new-await": unusedNew = false; break;
                    case "big-methods": big = false; break;
                    case "void-entry": voidEntry = false; break;
                    case "empty-synchronized": emptySync = false; break;
                    default: throw new IllegalArgumentException("unknown shape '" + n + "' (known: sync-finally-await,"
                            + " unused-new-await, big-methods, void-entry, empty-synchronized)");
                }
            }
        }
        return new GeneratorOptions(sync, unusedNew, big, voidEntry, emptySync);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (!syncWithFinallyAwait) {
            b.append("sync-finally-await,");
        }
        if (!unusedNewWithAwait) {
            b.append("unused-new-await,");
        }
        if (!bigMethods) {
            b.append("big-methods,");
        }
        if (!voidEntry) {
            b.append("void-entry,");
        }
        if (!emptySynchronized) {
            b.append("empty-synchronized,");
        }
        return b.length() == 0 ? "all shapes" : "without " + b.substring(0, b.length() - 1);
    }
}
