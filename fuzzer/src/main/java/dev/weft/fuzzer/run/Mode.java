package dev.weft.fuzzer.run;

/** The ways each program is compiled, woven and run. {@link #STANDIN} is the reference. */
public enum Mode {
    /** (a) javac against a non-suspending stand-in of the API, not woven. */
    STANDIN("a", "javac + stand-in API"),
    /** (b) javac, then the weaver the Maven plugin runs ({@code ClassDirectoryWeaver}). */
    PLUGIN("b", "javac + plugin weaver"),
    /** (c) javac, woven at load time by the javaagent. */
    AGENT("c", "javac + javaagent"),
    /** (c) again on JDK 25, when it is installed. */
    AGENT_JDK25("c25", "javac + javaagent on JDK 25"),
    /** (d) ECJ, then the plugin's weaver. */
    ECJ("d", "ecj + plugin weaver");

    /** The short name used in reports: a, b, c, c25, d. */
    public final String tag;
    /** What the mode does. */
    public final String description;

    Mode(String tag, String description) {
        this.tag = tag;
        this.description = description;
    }

    @Override
    public String toString() {
        return "(" + tag + ") " + description;
    }
}
