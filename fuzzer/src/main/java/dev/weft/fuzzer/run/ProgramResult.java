package dev.weft.fuzzer.run;

import java.util.List;
import java.util.Map;

/**
 * Everything the modes did with one program, and where they disagree.
 *
 * @param source the program
 * @param outcomes what each mode did (a mode that never got the program, e.g. after a compile error, is
 *                 absent)
 * @param findings every disagreement or failure; empty when all modes printed the same
 */
public record ProgramResult(Source source, Map<Mode, Outcome> outcomes, List<Finding> findings) {
    /** @return whether all modes agree and none failed */
    public boolean passed() {
        return findings.isEmpty();
    }
}
