package dev.weft.fuzzer;

import dev.weft.fuzzer.ast.Program;
import dev.weft.fuzzer.gen.GeneratorOptions;
import dev.weft.fuzzer.gen.ProgramGenerator;
import dev.weft.fuzzer.run.Finding;
import dev.weft.fuzzer.run.Mode;
import dev.weft.fuzzer.run.ProgramResult;
import dev.weft.fuzzer.run.Reducer;
import dev.weft.fuzzer.run.Source;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reducer against a fake oracle: no compiler, no JVM, only the shrinking. */
class ReducerTest {

    /** A "bug" that shows whenever the program still mentions the given text. */
    private static Reducer.Oracle failsWhenContains(String text, List<Integer> rounds) {
        return candidates -> {
            rounds.add(candidates.size());
            List<ProgramResult> out = new ArrayList<>();
            for (Source s : candidates) {
                List<Finding> findings = s.text().contains(text)
                        ? List.of(new Finding(Mode.PLUGIN, Finding.Kind.WEAVE_ERROR, "found"))
                        : List.of();
                out.add(new ProgramResult(s, Map.of(), findings));
            }
            return out;
        };
    }

    @Test
    void shrinksToTheStatementThatMatters() throws Exception {
        ProgramGenerator generator = new ProgramGenerator(GeneratorOptions.all());
        long seed = 5;
        Program program = generator.generate(seed);
        String original = program.source();
        String marker = "synchronized (";
        for (seed = 5; !original.contains(marker); seed++) {
            program = generator.generate(seed);
            original = program.source();
        }
        List<Integer> rounds = new ArrayList<>();
        Source source = new Source(seed, program.packageName, original);
        ProgramResult first = new ProgramResult(source, Map.of(),
                List.of(new Finding(Mode.PLUGIN, Finding.Kind.WEAVE_ERROR, "found")));
        ProgramResult reduced = new Reducer(failsWhenContains(marker, rounds), 40, 60_000)
                .reduce(program, "WEAVE_ERROR/b", first);
        String text = reduced.source().text();
        assertTrue(text.contains(marker), text);
        long generatedLines = text.lines().dropWhile(l -> !l.contains("@Async static Coroutine")
                && !l.contains("@Async Coroutine") && !l.contains("@Async private")).count();
        assertTrue(text.length() < original.length() / 2 || generatedLines < 40, text);
        assertTrue(program.source().contains(marker));
        assertTrue(!rounds.isEmpty());
    }
}
