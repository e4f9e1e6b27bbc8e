package dev.weft.fuzzer.run;

/** The ways each program is compiled, woven and run. {@link #STANDIN} is the reference. */
public enum Mode {
    /** (a) javac against a non-suspending stand-in of the API, not woven. */
    STANDIN("a", "javac + stand-in API"),
    /** (b) javac, then the weaver the Maven plugin runs ({@code ClassDirectoryWeaver}). */
    PLUGIN("b", "javac + plugin weaver"),
    /**
     * (e) javac, then the plugin's weaver in the compact form ({@code compact} option), which it otherwise takes
     * only for bodies too large in the usual form: so that the fuzzer's small programs exercise it too.
     */
    COMPACT("e", "javac + plugin weaver, compact form"),
    /** (c) javac, woven at load time by the javaagent. */
    AGENT("c", "javac + javaagent"),
    /**
     * (a) again on JDK 25: the reference of {@link #AGENT_JDK25}, because some output legitimately
     * differs between JDKs (JDK 19 changed how {@code Float.toString} and {@code Double.toString} round).
     */
    STANDIN_JDK25("a25", "javac + stand-in API on JDK 25"),
    /** (c) again on JDK 25, when it is installed; compared with {@link #STANDIN_JDK25}. */
    AGENT_JDK25("c25", "javac + javaagent on JDK 25"),
    /**
     * (a) compiled by ECJ: the reference of {@link #ECJ}, so that a difference in (d) is the weaver's; itself
     * compared with {@link #STANDIN}, where a difference is the compilers' (ECJ and javac disagree).
     */
    STANDIN_ECJ("a-ecj", "ecj + stand-in API"),
    /** (d) ECJ, then the plugin's weaver; compared with {@link #STANDIN_ECJ}. */
    ECJ("d", "ecj + plugin weaver");

    /** The short name used in reports: a, b, c, c25, d, e. */
    public final String tag;
    /** What the mode does. */
    public final String description;

    Mode(String tag, String description) {
        this.tag = tag;
        this.description = description;
    }

    /** @return whether the mode is a reference run of the stand-in (compared with nothing) */
    public boolean isReference() {
        return this == STANDIN || this == STANDIN_JDK25;
    }

    /** @return the run this mode's output must equal: the stand-in with the same compiler and JDK */
    public Mode reference() {
        return this == AGENT_JDK25 ? STANDIN_JDK25 : this == ECJ ? STANDIN_ECJ : STANDIN;
    }

    @Override
    public String toString() {
        return "(" + tag + ") " + description;
    }
}
