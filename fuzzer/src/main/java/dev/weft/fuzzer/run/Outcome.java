package dev.weft.fuzzer.run;

/**
 * What one mode did with one program.
 *
 * @param mode the mode
 * @param status how far it got
 * @param output what the program printed (empty unless it ran)
 * @param detail the compiler's, weaver's or verifier's message, or the tail of the child JVM's
 *               standard error, for reports
 */
public record Outcome(Mode mode, Status status, String output, String detail) {
    /** How far a mode got with a program. */
    public enum Status {
        /** It ran to the end (whatever it printed). */
        RAN,
        /** The compiler rejected it. */
        COMPILE_ERROR,
        /** The weaver rejected it or failed. */
        WEAVE_ERROR,
        /** A woven class fails ASM's CheckClassAdapter. */
        VERIFY_ERROR,
        /** It did not finish within the time limit. */
        TIMEOUT,
        /** The child JVM died while running it. */
        CRASH
    }
}
