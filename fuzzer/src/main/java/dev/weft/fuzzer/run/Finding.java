package dev.weft.fuzzer.run;

/**
 * One way a program's modes disagree, or one mode failed.
 *
 * @param mode the mode that is wrong (the stand-in when the program itself does not compile)
 * @param kind what is wrong
 * @param detail the message or the first differing lines, for the report
 */
public record Finding(Mode mode, Kind kind, String detail) {
    /** What is wrong. */
    public enum Kind {
        /** The mode printed something else than the stand-in. */
        OUTPUT,
        /** The weaver rejected a legal program or threw. */
        WEAVE_ERROR,
        /** A woven class fails CheckClassAdapter. */
        VERIFY_ERROR,
        /** The mode did not finish. */
        TIMEOUT,
        /** The child JVM died. */
        CRASH,
        /** A compiler rejected the program: a generator bug when javac does, a compiler difference when only ECJ does. */
        COMPILE_ERROR
    }

    /** @return what the reducer keeps while it shrinks a program: the mode and the kind, not the detail */
    public String key() {
        return kind + "/" + mode.tag;
    }

    @Override
    public String toString() {
        return kind + " in " + mode + ":\n" + detail;
    }
}
