package dev.weft.fuzzer;

import dev.weft.fuzzer.gen.GeneratorOptions;
import dev.weft.fuzzer.gen.ProgramGenerator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's guarantees that do not need a compiler: determinism, variety, the shape switches. */
class GeneratorTest {
    private final ProgramGenerator all = new ProgramGenerator(GeneratorOptions.all());

    @Test
    void aSeedAlwaysGivesTheSameProgram() {
        for (long seed = 1; seed <= 20; seed++) {
            assertEquals(all.generate(seed).source(), all.generate(seed).source());
        }
    }

    @Test
    void seedsGiveDifferentProgramsInTheirOwnPackages() {
        assertNotEquals(all.generate(1).source(), all.generate(2).source());
        assertTrue(all.generate(7).source().contains("package fz.s7;"));
        assertTrue(all.generate(-7).source().contains("package fz.sm7;"));
    }

    @Test
    void theProgramsCoverTheFeaturesTheIssueLists() {
        StringBuilder all200 = new StringBuilder();
        for (long seed = 1; seed <= 200; seed++) {
            all200.append(all.generate(seed).source());
        }
        String text = all200.toString();
        for (String feature : new String[]{"break l", "continue l", "switch (", "case 1, 2 ->", "default ->",
                "try (Res", " finally {", "catch (", "synchronized (", "-> mixI(", "Supplier<Coroutine<", "+= ",
                " ? ", " && ", " || ", "new Box(", "[]{", "Asyncio.createTask(", "Asyncio.gather(", "echo(depth - 1",
                ".second(", "CompletableFuture.completedFuture(", "@Async private", "@Async static void entry()",
                "do {", "while (", "long ", "double ", "float ", "char ", "byte ", "short ", "boolean "}) {
            assertTrue(text.contains(feature), feature);
        }
    }

    @Test
    void switchedOffShapesAreNotGenerated() {
        ProgramGenerator without = new ProgramGenerator(GeneratorOptions.without("void-entry,unused-new-await"));
        for (long seed = 1; seed <= 100; seed++) {
            String source = without.generate(seed).source();
            assertFalse(source.contains("@Async static void entry()"), "seed " + seed);
            for (String line : source.split("\n")) {
                assertFalse(line.trim().startsWith("new Box(") && line.contains("Await.on("), line);
            }
        }
        ProgramGenerator noEmptySync = new ProgramGenerator(GeneratorOptions.without("empty-synchronized"));
        for (long seed = 1; seed <= 300; seed++) {
            assertFalse(noEmptySync.generate(seed).source().matches("(?s).*synchronized \\((LOCK|this)\\) \\{\\s*}.*"),
                    "seed " + seed);
        }
        assertThrows(IllegalArgumentException.class, () -> GeneratorOptions.without("no-such-shape"));
    }
}
