package dev.weft.internal.jfr;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loops' JFR events, recorded in a new JVM (JfrProgram) and read back with jdk.jfr.consumer. */
class JfrEventsTest {

    private static List<RecordedEvent> record(Path file) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JfrProgram.class.getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.endsWith("recorded"), out);
        return RecordingFile.readAllEvents(file);
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    @Test
    void eventsAreRecordedWithTheirFields(@TempDir Path dir) throws IOException, InterruptedException {
        List<RecordedEvent> events = record(dir.resolve("weft.jfr"));

        List<String> started = new ArrayList<>();
        for (RecordedEvent e : named(events, "dev.weft.TaskStart")) {
            started.add(e.getString("task"));
            assertEquals("main", e.getString("loop"));
        }
        // Task-2: Asyncio.run's own, that closes the async generators once main is over.
        assertEquals(List.of("Task-1", "sleeper", "quick", "failing", "doomed", "Task-2"), started);

        Map<String, String> ends = new TreeMap<>();
        for (RecordedEvent e : named(events, "dev.weft.TaskEnd")) {
            assertTrue(e.getBoolean("startRecorded"), e.toString());
            assertEquals("main", e.getString("loop"));
            ends.put(e.getString("task"), e.getInt("suspensions") + " " + e.getString("outcome") + " "
                    + e.getString("exception"));
            if (e.getString("task").equals("sleeper")) {
                assertTrue(e.getDuration().compareTo(Duration.ofMillis(30)) >= 0, e.toString());
                assertEquals("<coroutine dev.weft.internal.jfr.JfrProgram.sleeper done>", e.getString("coroutine"));
            }
        }
        assertEquals(Map.of(
                // main waits for sleeper, doomed, the blocking callback and the pipe; quick and failing are done
                // by the time it awaits them.
                "Task-1", "4 finished null",
                "sleeper", "3 finished null",
                "quick", "0 finished null",
                "failing", "1 failed java.lang.IllegalStateException",
                "doomed", "1 cancelled null",
                "Task-2", "0 finished null"), ends);

        List<RecordedEvent> slow = named(events, "dev.weft.SlowCallback");
        assertEquals(1, slow.size(), slow.toString());
        assertTrue(slow.get(0).getString("callback").startsWith("Handle[dev.weft.internal.jfr.JfrProgram"),
                slow.toString());
        assertNull(slow.get(0).getString("task"));
        assertTrue(slow.get(0).getDuration("took").compareTo(Duration.ofMillis(150)) >= 0, slow.toString());

        List<RecordedEvent> blocked = named(events, "dev.weft.LoopBlocked");
        assertEquals(1, blocked.size(), blocked.toString());
        assertTrue(blocked.get(0).getInt("callbacks") >= 1, blocked.toString());
        assertTrue(blocked.get(0).getDuration("took").compareTo(Duration.ofMillis(150)) >= 0, blocked.toString());

        List<RecordedEvent> io = named(events, "dev.weft.IoReady");
        assertEquals(1, io.size(), io.toString());
        assertTrue(io.get(0).getBoolean("readable"));
        assertFalse(io.get(0).getBoolean("writable"));
        assertTrue(io.get(0).getString("channel").contains("SourceChannel"), io.toString());
    }
}
