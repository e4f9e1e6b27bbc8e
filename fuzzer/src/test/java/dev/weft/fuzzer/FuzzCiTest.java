package dev.weft.fuzzer;

import dev.weft.fuzzer.gen.GeneratorOptions;
import dev.weft.fuzzer.run.Campaign;
import dev.weft.fuzzer.run.Toolchain;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fixed seeds CI runs (1 to {@code weft.fuzzer.ciPrograms}) through every mode. Fails on any
 * mismatch with the seed, the finding and the reduced program; seeds listed in
 * {@code known-failures.txt} (open weaver bugs, each with its reason) are reported, not failed.
 */
class FuzzCiTest {

    @Test
    void fixedSeedsPrintTheSameInEveryMode() throws Exception {
        int programs = Integer.getInteger("weft.fuzzer.ciPrograms", 200);
        Path work = Paths.get(System.getProperty("weft.fuzzer.work", "target/fuzz-work"), "ci");
        Campaign.Settings settings = new Campaign.Settings(1, programs, 2, 50, GeneratorOptions.all(), work, 20_000,
                3, 4 * 60_000L);
        Campaign campaign = new Campaign(settings, Toolchain.fromSystemProperties());
        Campaign.Report report = campaign.run(System.out::println);
        Map<Long, String> known = knownFailures();
        List<Campaign.Failure> unknown = new ArrayList<>();
        for (Campaign.Failure f : report.failures()) {
            String reason = known.get(f.seed());
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
        for (Long seed : known.keySet()) {
            if (seed <= programs && report.failures().stream().noneMatch(f -> f.seed() == seed)) {
                System.out.println("seed " + seed + " passes now: remove it from known-failures.txt");
            }
        }
        System.out.printf("%d programs in %.1f s, %d failing (%d known)%n", report.programs(),
                report.millis() / 1000.0, report.failures().size(), report.failures().size() - unexpected.size());
        if (!unexpected.isEmpty()) {
            fail(unexpected.size() + " of " + programs + " programs disagree between modes:\n\n"
                    + String.join("\n\n", unexpected));
        }
    }

    /** Lines {@code seed reason}; {@code #} starts a comment. */
    private static Map<Long, String> knownFailures() throws IOException {
        Map<Long, String> known = new LinkedHashMap<>();
        try (InputStream in = FuzzCiTest.class.getResourceAsStream("/known-failures.txt")) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.replaceAll("#.*", "").trim();
                if (!l.isEmpty()) {
                    String[] parts = l.split("\\s+", 2);
                    known.put(Long.parseLong(parts[0]), parts.length > 1 ? parts[1] : "");
                }
            }
        }
        return known;
    }
}
