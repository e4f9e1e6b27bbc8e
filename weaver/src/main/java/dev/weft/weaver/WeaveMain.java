package dev.weft.weaver;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Weaves a directory of class files from the command line, for builds without Maven:
 * <pre>
 * java -cp weft-transformer.jar dev.weft.weaver.WeaveMain [--verbose] CLASSES_DIR [CLASSPATH]
 * </pre>
 * {@code CLASSPATH} ({@link File#pathSeparator}-separated) is where the class hierarchy is read; the JDK
 * is always added. Exits with 1 and prints each misuse when the classes cannot be woven; prints each warning
 * (a woven method too large for the JIT) to the standard error.
 */
public final class WeaveMain {
    private WeaveMain() {
    }

    /**
     * @param args {@code [--verbose] CLASSES_DIR [CLASSPATH]}
     */
    public static void main(String[] args) {
        int i = 0;
        WeaveOptions options = WeaveOptions.defaults();
        if (args.length > 0 && args[0].equals("--verbose")) {
            options = options.withVerbose(true);
            i++;
        }
        if (args.length - i < 1) {
            System.err.println("usage: WeaveMain [--verbose] CLASSES_DIR [CLASSPATH]");
            System.exit(2);
        }
        Path dir = Path.of(args[i]);
        List<Path> classpath = new ArrayList<>();
        if (args.length - i > 1) {
            for (String e : args[i + 1].split(File.pathSeparator)) {
                if (!e.isEmpty()) {
                    classpath.add(Path.of(e));
                }
            }
        }
        try {
            new ClassDirectoryWeaver(options, new ClassDirectoryWeaver.Log() {
                @Override
                public void info(String message) {
                    System.out.println(message);
                }

                @Override
                public void warning(WeaveProblem warning) {
                    System.err.println("warning: " + warning);
                }
            }).weave(dir, classpath);
        } catch (WeaveException e) {
            for (WeaveProblem p : e.problems()) {
                System.err.println(p);
            }
            System.exit(1);
        } catch (IOException e) {
            System.err.println("Weft cannot read or write class files in " + dir + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
