package dev.weft.fuzzer.run;

import org.eclipse.jdt.core.compiler.batch.BatchCompiler;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two compilers, in process, with the options the modes use: Java 17, full debug information (as
 * the Maven compiler plugin's default {@code -g}), no annotation processing.
 */
public final class Compilers {
    private Compilers() {
    }

    /**
     * What a compilation printed.
     *
     * @param ok whether it succeeded
     * @param messages the diagnostics
     */
    public record Result(boolean ok, String messages) {
    }

    /**
     * @param sources the files to compile
     * @param classpath what they compile against
     * @param out the output directory
     * @return the result
     */
    public static Result javac(List<Path> sources, List<Path> classpath, Path out) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-g", "-proc:none", "-nowarn",
                "-encoding", "UTF-8", "-Xmaxerrs", "20", "-d", out.toString(), "-cp", join(classpath)));
        sources.forEach(s -> args.add(s.toString()));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int code = javac.run(null, messages, messages, args.toArray(new String[0]));
        return new Result(code == 0, messages.toString(StandardCharsets.UTF_8));
    }

    /**
     * @param sources the files to compile
     * @param classpath what they compile against
     * @param out the output directory
     * @return the result
     */
    public static Result ecj(List<Path> sources, List<Path> classpath, Path out) {
        List<String> args = new ArrayList<>(List.of("--release", "17", "-g", "-proc:none", "-nowarn",
                "-encoding", "UTF-8", "-d", out.toString(), "-cp", join(classpath)));
        sources.forEach(s -> args.add(s.toString()));
        StringWriter messages = new StringWriter();
        boolean ok;
        try (PrintWriter w = new PrintWriter(messages)) {
            ok = BatchCompiler.compile(args.toArray(new String[0]), w, w, null);
        }
        return new Result(ok, messages.toString());
    }

    private static String join(List<Path> classpath) {
        return classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
