package dev.weft.weaver;

import dev.weft.weaver.internal.CodeSizes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Code growth: a method javac accepts with at most 20 KB of code weaves within the JVM's 64 KB, whatever its
 * shape (the densest, thousands of awaits of five bytes each, in the compact form), and runs as its plain twin; a woven body over HotSpot's 8,000-byte limit for JIT compilation is
 * reported as a warning naming its file and line.
 */
class CodeSizeTest {
    private static final String RUN = "run()Ldev/weft/Coroutine;";
    private static final int LIMIT = 20 * 1024;

    /** Compiles the shape with as many statements as fit in 20 KB of original code. */
    static Map<String, byte[]> compileUpTo(LargeMethods.Shape shape, int limit) {
        // The code grows linearly with the statements: measure two sizes, aim at 99% of the limit, then step
        // down until under it.
        int size40 = CodeSizes.of(compile(shape, 40).get("big/Big")).get(RUN);
        int size80 = CodeSizes.of(compile(shape, 80).get("big/Big")).get(RUN);
        double perStatement = (size80 - size40) / 40.0;
        int n = (int) (40 + (limit * 0.99 - size40) / perStatement);
        while (true) {
            Map<String, byte[]> classes = compile(shape, n);
            int size = CodeSizes.of(classes.get("big/Big")).get(RUN);
            if (size <= limit) {
                return classes;
            }
            n -= (int) Math.ceil((size - limit) / perStatement);
        }
    }

    private static Map<String, byte[]> compile(LargeMethods.Shape shape, int statements) {
        return WeaveHarness.compile(Map.of("big.Big", LargeMethods.source(shape, statements)));
    }

    private static Map<String, byte[]> weave(Map<String, byte[]> classes, Map<String, WeaveResult> results) {
        Weaver weaver = new Weaver(WeaveHarness.locator(classes), WeaveOptions.defaults(), classes::containsKey);
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            WeaveResult r = weaver.weave(e.getValue());
            results.put(e.getKey(), r);
            out.put(e.getKey(), r.bytes());
            out.putAll(r.generatedClasses());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = LargeMethods.Shape.class)
    void twentyKilobytesOfCodeWeaveAndRun(LargeMethods.Shape shape) throws Throwable {
        Map<String, byte[]> classes = compileUpTo(shape, LIMIT);
        Map<String, WeaveResult> results = new LinkedHashMap<>();
        Map<String, byte[]> woven = weave(classes, results);
        CodeGrowth g = results.get("big/Big").codeGrowth().stream()
                .filter(c -> c.method().equals(RUN)).findFirst().orElseThrow();
        System.out.printf("%s: %d -> %d bytes (%.2fx)%n", shape, g.originalBytes(), g.wovenBytes(), g.ratio());
        assertTrue(g.originalBytes() > LIMIT * 9 / 10 && g.originalBytes() <= LIMIT, "original " + g.originalBytes());
        assertTrue(g.wovenBytes() <= 65535);
        WeaveHarness.verify(woven);
        ClassLoader loader = WeaveHarness.load(woven);
        Object expected = WeaveHarness.call(loader, "big.Big", "expected");
        Object coroutine = WeaveHarness.call(loader, "big.Big", "run");
        Class<?> asyncio = loader.loadClass("dev.weft.Asyncio");
        assertEquals(expected, asyncio.getMethod("run", loader.loadClass("dev.weft.Awaitable")).invoke(null, coroutine));
    }

    @Test
    void aWovenBodyOverTheJitLimitIsAWarning() {
        Map<String, byte[]> classes = compile(LargeMethods.Shape.MIXED, 300);
        Map<String, WeaveResult> results = new LinkedHashMap<>();
        weave(classes, results);
        WeaveResult r = results.get("big/Big");
        CodeGrowth g = r.codeGrowth().stream().filter(c -> c.method().equals(RUN)).findFirst().orElseThrow();
        assertTrue(g.wovenBytes() > CodeGrowth.HUGE_METHOD_LIMIT, "woven " + g.wovenBytes());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertEquals("Big.java:19: big.Big.run: the woven method is " + g.wovenBytes() + " bytes of bytecode ("
                + g.originalBytes() + " as compiled), over HotSpot's limit of 8000 bytes for JIT compilation"
                + " (-XX:HugeMethodLimit): it will always run interpreted, typically 10-50x slower; split it into"
                + " smaller @Async methods", r.warnings().get(0).toString());
        // The small methods of the class are not reported.
        assertTrue(r.codeGrowth().size() > 1);
    }
}
