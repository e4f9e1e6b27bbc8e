package dev.weft.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps {@code docs/porting.md} true: every name of CPython 3.11's {@code asyncio.__all__} has a row, and every Weft
 * member a row names exists, with the parameter types written there.
 *
 * <p>The tables checked are those whose header's second cell is {@code Weft}. In a row, the first cell names the
 * Python side in backticks ({@code `gather`}, {@code `loop.call_soon`}); the second cell holds only references in
 * backticks, each {@code Class}, {@code Class.member}, {@code Class.member(Type, Type...)} or
 * {@code new Class(Type)} (classes of {@code dev.weft}, types by simple name, generics left out), or "n/a" with the
 * reason in the third cell.
 */
class PortingTableTest {
    /** docs/porting.md, under the root the module's surefire configuration names, as for DocSamplesTest. */
    private static final Path PORTING = Path.of(System.getProperty("weft.docs.root", ".."), "docs", "porting.md");

    /** {@code python3 -c 'import asyncio; print(sorted(asyncio.__all__))'} on CPython 3.11.7, as printed. */
    private static final String ASYNCIO_ALL = "asyncio-3.11-all.txt";

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern REFERENCE = Pattern.compile(
            "(new )?([A-Z][A-Za-z0-9]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?(?:\\((.*)\\))?");

    /** A row of a porting table: its Markdown line and its three cells. */
    private record Row(int line, String python, String weft, String notes) {
        String where() {
            return "porting.md:" + line;
        }
    }

    @Test
    void everyNameOfAsyncioAllHasARow() throws IOException {
        List<String> names = asyncioAll();
        assertEquals(93, names.size(), "names in " + ASYNCIO_ALL);
        Set<String> documented = new LinkedHashSet<>();
        for (Row row : rows()) {
            Matcher m = CODE_SPAN.matcher(row.python());
            while (m.find()) {
                documented.add(m.group(1).replaceFirst("^asyncio\\.", ""));
            }
        }
        List<String> missing = new ArrayList<>(names);
        missing.removeAll(documented);
        assertEquals(List.of(), missing, "asyncio names with no row in porting.md");
    }

    @Test
    void everyWeftMemberNamedExists() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Row row : rows()) {
            Matcher m = CODE_SPAN.matcher(row.weft());
            while (m.find()) {
                String problem = check(m.group(1));
                if (problem != null) {
                    problems.add(row.where() + ": `" + m.group(1) + "`: " + problem);
                }
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 200, "only " + checked + " references found: is the table's format still parsed?");
    }

    @Test
    void aRowWithoutAWeftMemberSaysWhy() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Row row : rows()) {
            String weft = row.weft();
            if (CODE_SPAN.matcher(weft).find()) {
                // references only: any other text in the cell would be read by no check
                String rest = CODE_SPAN.matcher(weft).replaceAll("").replace(",", "").strip();
                if (!rest.isEmpty()) {
                    problems.add(row.where() + ": text outside the references: " + rest);
                }
            } else if (!weft.equals("n/a") || row.notes().isBlank()) {
                problems.add(row.where() + ": no Weft member, so it must say n/a and why: " + row);
            }
        }
        assertEquals(List.of(), problems);
    }

    /** @return why {@code reference} names nothing in {@code dev.weft}, or {@code null} when it exists */
    private static String check(String reference) {
        Matcher m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            return "not Class, Class.member, Class.member(Types) or new Class(Types)";
        }
        boolean constructor = m.group(1) != null;
        String member = m.group(3);
        String params = m.group(4);
        Class<?> type;
        try {
            type = Class.forName("dev.weft." + m.group(2), false, PortingTableTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "no class dev.weft." + m.group(2);
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return type.getName() + " is not public";
        }
        if (constructor) {
            if (member != null || params == null) {
                return "a constructor is written new Class(Types)";
            }
            return matchesAny(type.getConstructors(), params) ? null
                    : "no public constructor (" + params + ") in " + type.getName();
        }
        if (member == null) {
            return params == null ? null : "a class has no parameters";
        }
        if (params != null) {
            List<Executable> overloads = new ArrayList<>();
            for (Method method : type.getMethods()) {
                if (method.getName().equals(member)) {
                    overloads.add(method);
                }
            }
            if (overloads.isEmpty()) {
                return "no public method " + type.getName() + "." + member;
            }
            return matchesAny(overloads.toArray(new Executable[0]), params) ? null
                    : "no overload " + member + "(" + params + ") in " + type.getName();
        }
        for (Method method : type.getMethods()) {
            if (method.getName().equals(member)) {
                return null;
            }
        }
        for (Field field : type.getFields()) {
            if (field.getName().equals(member)) {
                return null;
            }
        }
        for (Class<?> nested : type.getClasses()) {
            if (nested.getSimpleName().equals(member)) {
                return null;
            }
        }
        return "no public method, field or class " + member + " in " + type.getName();
    }

    /** @return whether one of {@code candidates} takes exactly the types of {@code params} ("Awaitable, double") */
    private static boolean matchesAny(Executable[] candidates, String params) {
        List<String> wanted = new ArrayList<>();
        // Generics are left out of the table, but strip any that slip in so the message names the real mismatch.
        String plain = params.replaceAll("<[^<>]*>", "").replaceAll("<[^<>]*>", "").strip();
        if (!plain.isEmpty()) {
            for (String p : plain.split(",")) {
                wanted.add(p.strip().replace("...", "[]"));
            }
        }
        for (Executable e : candidates) {
            List<String> actual = Arrays.stream(e.getParameterTypes()).map(Class::getSimpleName).toList();
            if (actual.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> asyncioAll() throws IOException {
        String printed;
        try (InputStream in = PortingTableTest.class.getResourceAsStream("/" + ASYNCIO_ALL)) {
            assertTrue(in != null, ASYNCIO_ALL + " is not on the test class path");
            printed = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        // Python's repr of a list of str: ['A', 'B', ...]
        assertTrue(printed.startsWith("['") && printed.endsWith("']"), "not a printed list of names: " + printed);
        List<String> names = new ArrayList<>();
        for (String quoted : printed.substring(1, printed.length() - 1).split(", ")) {
            names.add(quoted.substring(1, quoted.length() - 1));
        }
        return names;
    }

    /** @return the body rows of every table of porting.md whose header's second cell is "Weft" */
    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(PORTING, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            List<String> cells = cells(line);
            if (i + 1 < lines.size() && lines.get(i + 1).strip().startsWith("|---")) {
                inTable = cells.size() == 3 && cells.get(1).equals("Weft");   // a header row
                i++;   // the separator
                continue;
            }
            if (inTable) {
                assertEquals(3, cells.size(), "porting.md:" + (i + 1) + " has not three cells: " + line);
                rows.add(new Row(i + 1, cells.get(0), cells.get(1), cells.get(2)));
            }
        }
        assertTrue(rows.size() > 100, "only " + rows.size() + " rows found in " + PORTING);
        return rows;
    }

    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("\\|", -1)) {
            cells.add(c.strip());
        }
        return cells;
    }
}
