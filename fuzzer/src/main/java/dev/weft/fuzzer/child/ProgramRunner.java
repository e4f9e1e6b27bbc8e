package dev.weft.fuzzer.child;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The main class of the child JVMs that run programs: runs the {@code main} of each class named on
 * the command line, one after the other in this JVM, and writes what each printed on
 * {@code System.out} to {@code <outDir>/<index>.out}.
 *
 * <p>Depends on nothing but the JDK, so that its class path holds only the program classes and the
 * API they were compiled against (the real runtime or the stand-in), never both. A program that does
 * not finish within the time limit is recorded in {@code <outDir>/timeout} and the JVM halts: its
 * thread cannot be stopped, and the parent reruns the programs after it in a fresh JVM.
 *
 * <p>Usage: {@code ProgramRunner <outDir> <timeoutMillis> <firstIndex> <class>...}
 */
public final class ProgramRunner {
    private ProgramRunner() {
    }

    /**
     * @param args the output directory, the time limit per program, the index of the first class, the classes
     * @throws Exception when an output file cannot be written
     */
    public static void main(String[] args) throws Exception {
        Path outDir = Paths.get(args[0]);
        long timeoutMillis = Long.parseLong(args[1]);
        int first = Integer.parseInt(args[2]);
        PrintStream console = System.out;
        for (int k = 3; k < args.length; k++) {
            int index = first + k - 3;
            String className = args[k];
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            Thread thread = new Thread(() -> run(className), "program-" + index);
            thread.setDaemon(true);
            thread.start();
            thread.join(timeoutMillis);
            System.setOut(console);
            if (thread.isAlive()) {
                write(outDir.resolve("timeout"), (index + "\n").getBytes(StandardCharsets.UTF_8));
                write(outDir.resolve(index + ".partial"), buffer.toByteArray());
                Runtime.getRuntime().halt(3);
            }
            write(outDir.resolve(index + ".out"), buffer.toByteArray());
        }
    }

    private static void run(String className) {
        try {
            Class.forName(className).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            System.out.println("crash " + describe(e.getCause()));
        } catch (Throwable t) {
            System.out.println("crash " + describe(t));
        }
    }

    /** The class and message only: stack traces differ between woven and plain code by design. */
    private static String describe(Throwable t) {
        return t.getClass().getName() + ": " + t.getMessage();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }
}
