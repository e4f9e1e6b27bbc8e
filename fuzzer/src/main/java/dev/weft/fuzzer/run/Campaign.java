package dev.weft.fuzzer.run;

import dev.weft.fuzzer.ast.Program;
import dev.weft.fuzzer.gen.GeneratorOptions;
import dev.weft.fuzzer.gen.ProgramGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fuzzing campaign: the programs of consecutive seeds, in batches, through every mode; then each
 * distinct kind of failure reduced to a small program. The same settings always test the same
 * programs, so a seed from a report reproduces its failure with {@code --seed S --programs 1}.
 */
public final class Campaign {
    /**
     * What to run.
     *
     * @param firstSeed the first seed; program {@code i} has seed {@code firstSeed + i}
     * @param programs how many programs
     * @param jobs how many batches run at once
     * @param batchSize programs per batch (and per child JVM)
     * @param generator which shapes the generator produces
     * @param workDir where the batches and the reports go
     * @param timeoutMillis how long one program may run in one mode
     * @param reductions how many distinct failures are reduced (the others are listed by seed)
     * @param reduceMillis the time budget of one reduction
     */
    public record Settings(long firstSeed, int programs, int jobs, int batchSize, GeneratorOptions generator,
                           Path workDir, long timeoutMillis, int reductions, long reduceMillis) {
    }

    /**
     * A failing program.
     *
     * @param seed its seed
     * @param finding what was wrong with it first
     * @param all every finding of the original program
     * @param reduced the reduced program's source, or {@code null} when it was not reduced
     * @param reducedResult the reduced program's result (outputs of every mode), or {@code null}
     */
    public record Failure(long seed, Finding finding, List<Finding> all, String reduced, ProgramResult reducedResult) {
        /** @return a report a person can act on: seed, finding, reduced program and its outputs */
        public String report() {
            StringBuilder b = new StringBuilder();
            b.append("seed ").append(seed).append(": ").append(finding.kind()).append(" in ").append(finding.mode())
                    .append('\n').append(finding.detail()).append('\n');
            for (Finding f : all) {
                if (f != finding) {
                    b.append("also: ").append(f.kind()).append(" in ").append(f.mode()).append('\n');
                }
            }
            if (reduced != null) {
                b.append("\nreduced program:\n").append(reduced).append('\n');
                for (Map.Entry<Mode, Outcome> e : reducedResult.outcomes().entrySet()) {
                    Outcome o = e.getValue();
                    b.append("--- ").append(e.getKey()).append(": ").append(o.status()).append('\n');
                    b.append(o.status() == Outcome.Status.RAN ? o.output() : o.detail()).append('\n');
                }
            }
            return b.toString();
        }
    }

    /**
     * What a campaign found.
     *
     * @param programs how many programs ran through every mode
     * @param millis how long it took
     * @param failures every failing program, the reduced ones first
     */
    public record Report(int programs, long millis, List<Failure> failures) {
    }

    private final Settings settings;
    private final Toolchain toolchain;
    private final ProgramGenerator generator;
    private BatchExecutor executor;

    /**
     * @param settings what to run
     * @param toolchain the jars and JVMs
     */
    public Campaign(Settings settings, Toolchain toolchain) {
        this.settings = settings;
        this.toolchain = toolchain;
        this.generator = new ProgramGenerator(settings.generator());
    }

    /**
     * @param progress receives a line after each batch
     * @return what was found, not reduced yet (see {@link #reduceDistinct})
     * @throws IOException when the work files cannot be written
     * @throws InterruptedException when interrupted
     */
    public Report run(Consumer<String> progress) throws IOException, InterruptedException {
        long start = System.currentTimeMillis();
        Files.createDirectories(settings.workDir());
        BatchExecutor executor = new BatchExecutor(toolchain, settings.workDir(), settings.timeoutMillis());
        int batches = (settings.programs() + settings.batchSize() - 1) / settings.batchSize();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.jobs()));
        List<Future<List<ProgramResult>>> futures = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failing = new AtomicInteger();
        for (int b = 0; b < batches; b++) {
            int batch = b;
            futures.add(pool.submit(() -> {
                List<Source> sources = new ArrayList<>();
                for (int i = batch * settings.batchSize(); i < Math.min(settings.programs(), (batch + 1) * settings.batchSize()); i++) {
                    long seed = settings.firstSeed() + i;
                    Program p = generator.generate(seed);
                    sources.add(new Source(seed, p.packageName, p.source()));
                }
                Path dir = settings.workDir().resolve("batch-" + batch);
                BatchExecutor.deleteTree(dir);
                List<ProgramResult> results = executor.run(sources, dir);
                List<ProgramResult> failed = new ArrayList<>();
                for (ProgramResult r : results) {
                    if (!r.passed()) {
                        failed.add(r);
                    }
                }
                // A failing program's findings are kept, not its batch: thousands of programs would fill the disk.
                for (ProgramResult r : failed) {
                    Path file = settings.workDir().resolve("failing").resolve("seed-" + r.source().seed() + ".txt");
                    Files.createDirectories(file.getParent());
                    StringBuilder text = new StringBuilder();
                    for (Finding f : r.findings()) {
                        text.append(f).append("\n\n");
                    }
                    Files.writeString(file, text.append(r.source().text()).toString());
                }
                BatchExecutor.deleteTree(dir);
                int done = finished.addAndGet(sources.size());
                int bad = failing.addAndGet(failed.size());
                progress.accept(String.format("%d/%d programs, %d failing, %ds (last batch: %s)", done,
                        settings.programs(), bad, (System.currentTimeMillis() - start) / 1000, executor.lastTimings()));
                return failed;
            }));
        }
        pool.shutdown();
        List<ProgramResult> failed = new ArrayList<>();
        try {
            for (Future<List<ProgramResult>> f : futures) {
                failed.addAll(f.get());
            }
        } catch (ExecutionException e) {
            pool.shutdownNow();
            throw new IllegalStateException("a batch failed to run", e.getCause());
        }
        this.executor = executor;
        List<Failure> failures = new ArrayList<>();
        for (ProgramResult r : failed) {
            failures.add(new Failure(r.source().seed(), r.findings().get(0), r.findings(), null, null));
        }
        return new Report(settings.programs(), System.currentTimeMillis() - start, failures);
    }

    /**
     * Reduces the first failure of each distinct {@link Finding#key() key}, at most
     * {@link Settings#reductions()} of them, and writes each to {@code <workDir>/failures/seed-S/}.
     *
     * @param failures failures of {@link #run}
     * @param progress receives a line per reduction
     * @return the failures, the reduced ones (with their reduced program) first
     * @throws IOException when the work files cannot be written
     * @throws InterruptedException when interrupted
     */
    public List<Failure> reduceDistinct(List<Failure> failures, Consumer<String> progress)
            throws IOException, InterruptedException {
        Map<String, Failure> firstOfKey = new LinkedHashMap<>();
        for (Failure f : failures) {
            firstOfKey.putIfAbsent(f.finding().key(), f);
        }
        List<Failure> reduced = new ArrayList<>();
        List<Failure> others = new ArrayList<>();
        for (Failure f : failures) {
            if (firstOfKey.get(f.finding().key()) == f && reduced.size() < settings.reductions()) {
                reduced.add(reduce(f, progress));
            } else {
                others.add(f);
            }
        }
        reduced.addAll(others);
        return reduced;
    }

    /**
     * Shrinks one failing program while its first finding persists, within
     * {@link Settings#reduceMillis()}, and writes it to {@code <workDir>/failures/seed-S/}.
     *
     * @param f a failure of {@link #run}
     * @param progress receives a line when it starts and ends
     * @return the failure with its reduced program and that program's outputs
     * @throws IOException when the work files cannot be written
     * @throws InterruptedException when interrupted
     */
    public Failure reduce(Failure f, Consumer<String> progress) throws IOException, InterruptedException {
        if (executor == null) {
            throw new IllegalStateException("run the campaign first");
        }
        long seed = f.seed();
        progress.accept("reducing seed " + seed + " (" + f.finding().key() + ")");
        Program program = generator.generate(seed);
        String original = program.source();
        AtomicInteger oracleRuns = new AtomicInteger();
        BatchExecutor exec = executor;
        Reducer reducer = new Reducer(candidates -> {
            Path dir = settings.workDir().resolve("reduce-" + seed + "-" + oracleRuns.getAndIncrement());
            List<ProgramResult> results = exec.run(candidates, dir, f.finding());
            BatchExecutor.deleteTree(dir);
            return results;
        }, 40, settings.reduceMillis());
        Source source = new Source(seed, program.packageName, original);
        ProgramResult start = new ProgramResult(source, Map.of(), f.all());
        ProgramResult reduced = reducer.reduce(program, f.finding().key(), start);
        // Once more in every mode, for the report's outputs (the rounds run only the finding's mode).
        Path finalDir = settings.workDir().resolve("reduce-" + seed + "-final");
        ProgramResult best = exec.run(List.of(reduced.source()), finalDir).get(0);
        BatchExecutor.deleteTree(finalDir);
        Failure out = new Failure(seed, f.finding(), f.all(), best.source().text(), best);
        Path report = settings.workDir().resolve("failures").resolve("seed-" + seed);
        Files.createDirectories(report);
        Files.writeString(report.resolve("Main.java"), original);
        Files.writeString(report.resolve("Reduced.java"), best.source().text());
        Files.writeString(report.resolve("report.txt"), out.report());
        progress.accept("reduced seed " + seed + " to " + best.source().text().lines().count() + " lines; see "
                + report.resolve("report.txt"));
        return out;
    }
}
