package dev.weft.fuzzer;

import dev.weft.fuzzer.gen.GeneratorOptions;
import dev.weft.fuzzer.gen.ProgramGenerator;
import dev.weft.fuzzer.run.BatchExecutor;
import dev.weft.fuzzer.run.Campaign;
import dev.weft.fuzzer.run.Finding;
import dev.weft.fuzzer.run.Outcome;
import dev.weft.fuzzer.run.ProgramResult;
import dev.weft.fuzzer.run.Source;
import dev.weft.fuzzer.run.Toolchain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of the fuzzer (what {@code fuzzer/run.sh} runs). Exits 0 when every program
 * printed the same in every mode, 1 on any mismatch, 2 on a usage error.
 *
 * <pre>
 * --programs N   how many programs (default 1000)
 * --seed S       the first seed (default 1); program i has seed S+i
 * --jobs J       batches at once (default 2)
 * --batch B      programs per batch and child JVM (default 100)
 * --without X    leave out shapes of known bugs: sync-finally-await, unused-new-await, big-methods,
 *                void-entry, empty-synchronized
 * --work DIR     work directory (default fuzzer/target/fuzz-work)
 * --reduce R     reduce at most R distinct failures (default 5)
 * --reduce-minutes M  time budget of one reduction (default 10)
 * --no-jdk25     skip the agent run on JDK 25
 * --print S      print the program of seed S and exit
 * --check F...   run the given source files (each a class Main in its own package) through every mode
 * </pre>
 */
public final class FuzzMain {
    private FuzzMain() {
    }

    /**
     * Runs hand-written or reduced programs through every mode, in one batch.
     *
     * @param files source files, each declaring a class {@code Main} in a package of its own
     * @param toolchain the jars and JVMs
     * @param work the work directory
     * @return one result per file
     * @throws Exception when they cannot be run
     */
    public static List<ProgramResult> check(List<Path> files, Toolchain toolchain, Path work) throws Exception {
        List<Source> sources = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f);
            Matcher m = Pattern.compile("(?m)^package ([\\w.]+);").matcher(text);
            if (!m.find()) {
                throw new IllegalArgumentException(f + " has no package declaration");
            }
            sources.add(new Source(0, m.group(1), text));
        }
        BatchExecutor executor = new BatchExecutor(toolchain, work, 20_000);
        Path dir = work.resolve("check");
        BatchExecutor.deleteTree(dir);
        return executor.run(sources, dir);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /**
     * @param args see the class comment
     * @throws Exception when the campaign cannot run
     */
    public static void main(String[] args) throws Exception {
        int programs = 1000;
        long seed = 1;
        int jobs = 2;
        int batch = 100;
        int reductions = 5;
        long reduceMinutes = 10;
        String without = "";
        boolean jdk25 = true;
        Path work = Paths.get("target", "fuzz-work");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--programs": programs = Integer.parseInt(args[++i]); break;
                case "--seed": seed = Long.parseLong(args[++i]); break;
                case "--jobs": jobs = Integer.parseInt(args[++i]); break;
                case "--batch": batch = Integer.parseInt(args[++i]); break;
                case "--without": without = args[++i]; break;
                case "--work": work = Paths.get(args[++i]); break;
                case "--reduce": reductions = Integer.parseInt(args[++i]); break;
                case "--reduce-minutes": reduceMinutes = Long.parseLong(args[++i]); break;
                case "--no-jdk25": jdk25 = false; break;
                case "--check": {
                    List<Path> files = new ArrayList<>();
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        files.add(Paths.get(args[++i]));
                    }
                    Toolchain tc = Toolchain.fromSystemProperties();
                    if (!jdk25) {
                        tc = tc.withoutJdk25();
                    }
                    List<ProgramResult> results = check(files, tc, work);
                    boolean allPass = true;
                    for (ProgramResult r : results) {
                        System.out.println("=== " + r.source().packageName() + (r.passed() ? ": same output in every mode"
                                : ": " + r.findings().size() + " finding(s)"));
                        for (Finding f : r.findings()) {
                            System.out.println(f);
                        }
                        for (Outcome o : r.outcomes().values()) {
                            System.out.println("--- " + o.mode() + ": " + o.status());
                            System.out.println(o.status() == Outcome.Status.RAN ? o.output() : o.detail());
                        }
                        allPass &= r.passed();
                    }
                    System.exit(allPass ? 0 : 1);
                    return;
                }
                case "--print":
                    System.out.print(new ProgramGenerator(GeneratorOptions.without(without))
                            .generate(Long.parseLong(args[++i])).source());
                    return;
                default:
                    System.err.println("unknown option " + a + " (see fuzzer/README.md)");
                    System.exit(2);
            }
        }
        Toolchain toolchain = Toolchain.fromSystemProperties();
        if (!jdk25) {
            toolchain = toolchain.withoutJdk25();
        }
        GeneratorOptions options = GeneratorOptions.without(without);
        System.out.println("Weft fuzzer: " + programs + " programs from seed " + seed + ", " + jobs + " jobs, batches of "
                + batch + ", " + options + (toolchain.java25 == null ? ", no JDK 25" : ", agent also on JDK 25"));
        Campaign campaign = new Campaign(new Campaign.Settings(seed, programs, jobs, batch, options, work, 20_000,
                reductions, reduceMinutes * 60_000L), toolchain);
        Campaign.Report report = campaign.run(System.out::println);
        System.out.printf("Weft fuzzer: ran %d programs in %.1f s, %d failing%n", report.programs(),
                report.millis() / 1000.0, report.failures().size());
        Map<String, List<Long>> byKind = new TreeMap<>();
        for (Campaign.Failure f : report.failures()) {
            byKind.computeIfAbsent(f.finding().key(), k -> new ArrayList<>()).add(f.seed());
        }
        byKind.forEach((kind, seeds) -> System.out.println("  " + kind + ": " + seeds.size() + " programs, seeds "
                + abbreviate(seeds.toString(), 300)));
        List<Campaign.Failure> failures = campaign.reduceDistinct(report.failures(), System.out::println);
        for (Campaign.Failure f : failures) {
            System.out.println();
            System.out.println(f.reduced() != null ? f.report()
                    : "seed " + f.seed() + ": " + f.finding().kind() + " in " + f.finding().mode() + " (not reduced)\n"
                    + abbreviate(f.finding().detail(), 800));
        }
        System.out.printf("%nWeft fuzzer: %d programs, %d failing, %.1f s (before reduction)%n", report.programs(),
                report.failures().size(), report.millis() / 1000.0);
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }
}
