package dev.weft.internal;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debug mode without code: {@code -Ddev.weft.debug} and {@code WEFT_DEBUG}, as Python's PYTHONASYNCIODEBUG. */
class DebugModeTest {

    @Test
    void thePropertyWinsOverTheVariable() {
        assertFalse(DebugMode.of(null, null));
        assertTrue(DebugMode.of("true", null));
        assertTrue(DebugMode.of("", null), "-Ddev.weft.debug alone");
        assertFalse(DebugMode.of("false", "1"));
        assertTrue(DebugMode.of("true", "0"));
        assertTrue(DebugMode.of(null, "1"));
        assertTrue(DebugMode.of(null, "yes"));
        assertFalse(DebugMode.of(null, ""));
        assertFalse(DebugMode.of(null, "0"));
        assertFalse(DebugMode.of(null, "False"));
        assertFalse(DebugMode.of(null, "off"));
    }

    /** What Asyncio.run's loop says in a new JVM, with the property or the variable. */
    private static String debugIn(String property, String variable) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        if (property != null) {
            cmd.add("-D" + DebugMode.PROPERTY + "=" + property);
        }
        cmd.add(DebugModeProgram.class.getName());
        // Only the standard output: in debug mode a slow first step (a cold JVM on a busy machine) is logged on the
        // standard error, which is no part of the answer.
        File err = File.createTempFile("debug-mode", ".err");
        err.deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err);
        pb.environment().remove(DebugMode.VARIABLE);
        if (variable != null) {
            pb.environment().put(DebugMode.VARIABLE, variable);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out + "\n" + Files.readString(err.toPath()));
        return out;
    }

    @Test
    void aNewJvmsLoopsFollowThePropertyAndTheVariable() throws IOException, InterruptedException {
        assertEquals("debug=false", debugIn(null, null));
        assertEquals("debug=true", debugIn("true", null));
        assertEquals("debug=true", debugIn(null, "1"));
        assertEquals("debug=false", debugIn("false", "1"));
    }
}
