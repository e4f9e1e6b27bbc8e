package dev.weft.docs;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java} code block of a Markdown file, with the {@code output} block that follows it, if any.
 *
 * @param file the Markdown file as named in test names and messages ({@code docs/guide.md})
 * @param line the line of the block's opening fence (1-based)
 * @param words the info string's words after {@code java} ({@code real-time}, {@code no-run}, {@code weave-error})
 * @param code the block's lines
 * @param output the lines of the {@code output} block that follows, or {@code null} when none does
 * @param outputLine the line of that block's opening fence, or 0
 */
public record Sample(String file, int line, List<String> words, List<String> code, List<String> output,
                     int outputLine) {

    /** The package the harness puts every sample in (on the sample's first line, so line numbers stay the block's). */
    public static final String PACKAGE = "example";

    /** The class a fragment's members go into. */
    public static final String FRAGMENT_CLASS = "Example";

    /** What a fragment sees without importing it. Not {@code java.util.*}: its {@code Queue} would clash. */
    public static final List<String> FRAGMENT_IMPORTS = List.of("dev.weft.*", "dev.weft.annotations.Async",
            "java.io.*", "java.net.*", "java.nio.charset.StandardCharsets", "java.time.Duration", "java.util.List",
            "java.util.Map", "java.util.ArrayList");

    /** The info-string words a sample may have after {@code java}. */
    public static final Set<String> WORDS = Set.of("real-time", "no-run", "weave-error");

    /** A top-level type declaration at column 0: what makes a block a program rather than a fragment. */
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "^(public\\s+)?((final|abstract|sealed|non-sealed|strictfp)\\s+)*(class|record|interface|enum)\\s+"
                    + "([A-Za-z_$][\\w$]*)");

    /** @return {@code file:line}, the name of the sample's test */
    public String name() {
        return file + ":" + line;
    }

    /** @return whether the block declares its own top-level types (else it is a fragment of class members) */
    public boolean isProgram() {
        return code.stream().anyMatch(l -> TOP_LEVEL_TYPE.matcher(l).find());
    }

    /** @param word an info-string word such as {@code no-run} @return whether the block has it */
    public boolean has(String word) {
        return words.contains(word);
    }

    /**
     * @return the name of the compilation unit's main type: a program's public top-level type, else its first; a
     *     fragment's {@link #FRAGMENT_CLASS}
     */
    public String typeName() {
        if (!isProgram()) {
            return FRAGMENT_CLASS;
        }
        String first = null;
        for (String l : code) {
            Matcher m = TOP_LEVEL_TYPE.matcher(l);
            if (m.find()) {
                if (m.group(1) != null) {
                    return m.group(5);
                }
                if (first == null) {
                    first = m.group(5);
                }
            }
        }
        return first;
    }

    /**
     * The source the harness compiles. Its line N is the block's line N: the package line (and for a fragment, the
     * imports and the class header) go on the block's first line.
     *
     * @return the compilation unit
     */
    public String source() {
        StringBuilder s = new StringBuilder("package ").append(PACKAGE).append("; ");
        if (!isProgram()) {
            for (String i : FRAGMENT_IMPORTS) {
                s.append("import ").append(i).append("; ");
            }
            s.append("final class ").append(FRAGMENT_CLASS).append(" { ");
        }
        for (int i = 0; i < code.size(); i++) {
            // what the harness adds comes before the first line, so a // comment there swallows none of it
            s.append(code.get(i)).append('\n');
        }
        if (code.isEmpty()) {
            s.append('\n');
        }
        if (!isProgram()) {
            s.append("}\n");
        }
        return s.toString();
    }

    /** @param codeLine a line of {@link #source()} (1-based) @return the Markdown line it comes from */
    public int markdownLine(long codeLine) {
        return (int) (line + codeLine);
    }
}
