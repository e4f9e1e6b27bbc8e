package dev.weft.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the samples of a Markdown file: its fenced code blocks (CommonMark's rules) whose info string starts with java. */
public final class Markdown {
    private static final Pattern OPENING = Pattern.compile("^( {0,3})(`{3,}|~{3,})(.*)$");

    private Markdown() {
    }

    /**
     * A fenced code block.
     *
     * @param line the line of its opening fence (1-based)
     * @param info its info string's words
     * @param lines its content, the fence's indentation removed
     */
    record Block(int line, List<String> info, List<String> lines) {
        String firstWord() {
            return info.isEmpty() ? "" : info.get(0);
        }
    }

    /**
     * @param file the Markdown file
     * @param name how to name it in test names and messages
     * @return its samples, in order
     * @throws IOException when it cannot be read
     */
    public static List<Sample> samples(Path file, String name) throws IOException {
        return samples(Files.readAllLines(file, StandardCharsets.UTF_8), name);
    }

    /**
     * @param text the Markdown file's lines
     * @param name how to name it in test names and messages
     * @return its samples, in order: each {@code java} block with the {@code output} block that comes next, when
     *     the next block is one
     */
    public static List<Sample> samples(List<String> text, String name) {
        List<Block> blocks = blocks(text);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (!b.firstWord().equals("java")) {
                continue;
            }
            Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
            boolean hasOutput = next != null && next.firstWord().equals("output");
            samples.add(new Sample(name, b.line(), b.info().subList(1, b.info().size()), b.lines(),
                    hasOutput ? next.lines() : null, hasOutput ? next.line() : 0));
        }
        return samples;
    }

    static List<Block> blocks(List<String> text) {
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < text.size()) {
            Matcher open = OPENING.matcher(text.get(i));
            if (!open.matches() || (open.group(2).charAt(0) == '`' && open.group(3).contains("`"))) {
                i++;
                continue;
            }
            int indent = open.group(1).length();
            char fenceChar = open.group(2).charAt(0);
            int fenceLength = open.group(2).length();
            String info = open.group(3).trim();
            List<String> lines = new ArrayList<>();
            int start = i;
            i++;
            while (i < text.size() && !closes(text.get(i), fenceChar, fenceLength)) {
                lines.add(unindent(text.get(i), indent));
                i++;
            }
            i++; // the closing fence (or the end of the file, which closes a block too)
            blocks.add(new Block(start + 1, info.isEmpty() ? List.of() : Arrays.asList(info.split("\\s+")), lines));
        }
        return blocks;
    }

    private static boolean closes(String line, char fenceChar, int fenceLength) {
        String t = line.strip();
        if (line.length() - line.stripLeading().length() > 3 || t.length() < fenceLength) {
            return false;
        }
        return t.chars().allMatch(c -> c == fenceChar);
    }

    private static String unindent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }
}
