package dev.weft.docs;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness itself, on the Markdown files of src/test/resources/harness: what passes, and how the rest fails. */
class HarnessTest {
    private final SampleChecker checker = SampleChecker.forThisBuild(Path.of("target", "harness-samples"), 1_000);

    private static List<Sample> samples(String resource) throws IOException, URISyntaxException {
        Path file = Path.of(HarnessTest.class.getResource("/harness/" + resource).toURI());
        return Markdown.samples(file, resource);
    }

    private String failure(Sample sample) {
        return assertThrows(AssertionFailedError.class, () -> checker.check(sample)).getMessage();
    }

    @Test
    void parsesBlocksTheirWordsAndOutputs() throws Exception {
        List<Sample> s = samples("good.md");
        assertEquals(List.of("good.md:5", "good.md:29", "good.md:50", "good.md:64", "good.md:80", "good.md:92",
                "good.md:105", "good.md:117"), s.stream().map(Sample::name).collect(Collectors.toList()));
        assertTrue(s.get(0).isProgram());
        assertEquals("Hello", s.get(0).typeName());
        assertEquals(List.of("hello", "done at 3600.0"), s.get(0).output());
        assertEquals(24, s.get(0).outputLine());
        assertTrue(!s.get(1).isProgram());
        assertEquals(List.of("real-time"), s.get(2).words());
        assertNull(s.get(3).output()); // a text block comes first: the output block after it is not this sample's
    }

    @Test
    void goodSamplesPass() throws Exception {
        for (Sample s : samples("good.md")) {
            checker.check(s);
        }
    }

    @Test
    void aLineOfTheCompiledSourceIsTheLineOfTheBlock() throws Exception {
        Sample fragment = samples("good.md").get(1);
        String[] lines = fragment.source().split("\n");
        assertTrue(lines[0].startsWith("package example; import dev.weft.*; "), lines[0]);
        assertTrue(lines[0].endsWith("final class Example { " + fragment.code().get(0)), lines[0]);
        assertEquals(fragment.code().get(1), lines[1]);
    }

    @Test
    void aCompileErrorNamesTheMarkdownLineAndTheCode() throws Exception {
        String m = failure(samples("bad.md").get(0));
        assertTrue(m.startsWith("bad.md:3: does not compile:\nbad.md:6: error: cannot find symbol\n"), m);
        assertTrue(m.endsWith("\n    Await.on(Asyncio.slep(1));"), m);
    }

    @Test
    void aWrongOutputShowsTheFirstDifferentLineAndBothOutputs() throws Exception {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> checker.check(samples("bad.md").get(1)));
        assertEquals("bad.md:11: its output is not the output block at line 23: line 2 differs (md line 25)\n"
                + "--- expected\none\nthree\n--- actual\none\ntwo\n", e.getMessage());
        assertEquals("one\nthree\n", e.getExpected().getValue());
        assertEquals("one\ntwo\n", e.getActual().getValue());
    }

    @Test
    void anExceptionIsReportedWithItsMarkdownLine() throws Exception {
        String m = failure(samples("bad.md").get(2));
        assertTrue(m.startsWith("bad.md:28: threw java.lang.IllegalStateException: broken\n"), m);
        assertTrue(m.contains("(Example.java:4, bad.md:32)"), m);
    }

    @Test
    void aMisuseNamesItsMarkdownLine() throws Exception {
        String m = failure(samples("bad.md").get(3));
        assertTrue(m.startsWith("bad.md:36: compiles but the weaver refuses it:\nbad.md:38 (Example.java):2: "
                + "example.Example.notAsync: "), m);
    }

    @Test
    void aWeaveErrorSampleMustFailToWeave() throws Exception {
        assertEquals("bad.md:43: is weave-error but the weaver accepts it (woven 1 method in 1 class)",
                failure(samples("bad.md").get(4)));
    }

    @Test
    void anOutputBlockNeedsARun() throws Exception {
        assertEquals("bad.md:55: has an output block (line 61) but does not run: it has no main (a runnable sample "
                + "has public static void main(String[] args), or is a fragment with a static main() returning "
                + "Coroutine)", failure(samples("bad.md").get(5)));
    }

    @Test
    void anUnknownWordIsATypo() throws Exception {
        assertEquals("bad.md:65: unknown word 'realtime' after java in the info string (known: no-run, real-time, "
                + "weave-error)", failure(samples("bad.md").get(6)));
    }

    @Test
    void aRunMustComplete() throws Exception {
        // a virtual-time loop with no timer left waits for real: this blocks until the limit
        String m = failure(samples("bad.md").get(7));
        assertTrue(m.startsWith("bad.md:70: did not complete within 1 s"), m);
    }
}
