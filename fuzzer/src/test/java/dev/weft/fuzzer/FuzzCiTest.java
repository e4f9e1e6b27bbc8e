package dev.weft.fuzzer;

import dev.weft.fuzzer.gen.GeneratorOptions;
import dev.weft.fuzzer.run.Campaign;
import dev.weft.fuzzer.run.Finding;
import dev.weft.fuzzer.run.Mode;
import dev.weft.fuzzer.run.ProgramResult;
import dev.weft.fuzzer.run.Toolchain;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fixed seeds CI runs (1 to {@code weft.fuzzer.ciPrograms}) through every mode. Fails on any
 * mismatch with the seed, the finding and the reduced program; seeds listed in
 * {@code known-failures.txt} (open weaver bugs, each with its reason) are reported, not failed. Also runs
 * the reduced programs of earlier findings, kept in {@code src/test/resources/regressions}.
 */
class FuzzCiTest {

    @Test
    void fixedSeedsPrintTheSameInEveryMode() throws Exception {
        int programs = Integer.getInteger("weft.fuzzer.ciPrograms", 200);
        Path work = Paths.get(System.getProperty("weft.fuzzer.work", "target/fuzz-work"), "ci");
        Campaign.Settings settings = new Campaign.Settings(1, programs, 2, 50, GeneratorOptions.all(),
                work, 20_000, 3, 4 * 60_000L);
        Campaign campaign = new Campaign(settings, Toolchain.fromSystemProperties());
        Campaign.Report report = campaign.run(System.out::println);
        Map<String, String> known = knownFailures();
        List<Campaign.Failure> unknown = new ArrayList<>();
        for (Campaign.Failure f : report.failures()) {
            String reason = known.get(Long.toString(f.seed()));
            if (reason != null) {
                System.out.println("known failure, seed " + f.seed() + " (" + reason + "): " + f.finding().key());
            } else {
                unknown.add(f);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (Campaign.Failure f : campaign.reduceDistinct(unknown, System.out::println)) {
            unexpected.add(f.reduced() != null ? f.report()
                    : "seed " + f.seed() + ": " + f.finding() + "\n(fuzzer/run.sh --seed " + f.seed()
                    + " --programs 1 reduces it)");
        }
        for (String key : known.keySet()) {
            if (key.matches("\\d+") && Long.parseLong(key) <= programs
                    && report.failures().stream().noneMatch(f -> Long.toString(f.seed()).equals(key))) {
                System.out.println("seed " + key + " passes now: remove it from known-failures.txt");
            }
        }
        System.out.printf("%d programs in %.1f s, %d failing (%d known)%n", report.programs(),
                report.millis() / 1000.0, report.failures().size(), report.failures().size() - unexpected.size());
        if (!unexpected.isEmpty()) {
            fail(unexpected.size() + " of " + programs + " programs disagree between modes:\n\n"
                    + String.join("\n\n", unexpected));
        }
    }

    /**
     * The reduced programs of earlier findings ({@code src/test/resources/regressions}) print the same in
     * every mode, except those listed in {@code known-failures.txt} (reported, not failed).
     */
    @Test
    void regressionProgramsPrintTheSameInEveryMode() throws Exception {
        Path dir = Paths.get("src/test/resources/regressions");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        Path work = Paths.get(System.getProperty("weft.fuzzer.work", "target/fuzz-work"), "regressions");
        Map<String, String> known = knownFailures();
        List<String> unexpected = new ArrayList<>();
        List<ProgramResult> results = FuzzMain.check(files, Toolchain.fromSystemProperties(), work);
        for (int i = 0; i < files.size(); i++) {
            String name = "regressions/" + files.get(i).getFileName();
            ProgramResult r = results.get(i);
            String reason = known.get(name);
            if (r.passed()) {
                System.out.println(name + ": same output in every mode" + (reason != null
                        ? " (passes now: remove it from known-failures.txt)" : ""));
            } else if (reason != null) {
                System.out.println(name + ": known failure (" + reason + "): " + r.findings().get(0).key());
            } else {
                unexpected.add(name + ":\n" + r.findings().stream().map(Finding::toString)
                        .collect(Collectors.joining("\n")));
            }
        }
        if (!unexpected.isEmpty()) {
            fail(String.join("\n\n", unexpected));
        }
    }

    /** The comparison itself: a program that prints differently under the real runtime must be reported. */
    @Test
    void aDifferenceIsReportedInEveryWovenMode() throws Exception {
        Path work = Paths.get(System.getProperty("weft.fuzzer.work", "target/fuzz-work"), "selfcheck");
        ProgramResult r = FuzzMain.check(List.of(Paths.get("src/test/resources/selfcheck/Differs.java")),
                Toolchain.fromSystemProperties(), work).get(0);
        List<String> kinds = r.findings().stream().map(Finding::key).sorted().collect(Collectors.toList());
        List<String> expected = new ArrayList<>(List.of("OUTPUT/b", "OUTPUT/c", "OUTPUT/d", "OUTPUT/e"));
        if (r.outcomes().containsKey(Mode.AGENT_JDK25)) {
            expected.add("OUTPUT/c25");
        }
        expected.sort(null);
        assertEquals(expected, kinds, r.findings().toString());
    }

    /** Lines {@code seed reason} or {@code regressions/File.java reason}; {@code #} starts a comment. */
    private static Map<String, String> knownFailures() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = FuzzCiTest.class.getResourceAsStream("/known-failures.txt")) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.replaceAll("#.*", "").trim();
                if (!l.isEmpty()) {
                    String[] parts = l.split("\\s+", 2);
                    known.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        }
        return known;
    }
}
