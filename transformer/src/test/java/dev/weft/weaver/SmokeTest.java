package dev.weft.weaver;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void simpleAwaitChain() throws Throwable {
        String src = "package t;\n"
                + "import dev.weft.*;\n"
                + "import dev.weft.annotations.Async;\n"
                + "import java.util.*;\n"
                + "public class A {\n"
                + "  static List<String> log = new ArrayList<>();\n"
                + "  @Async static Coroutine<Integer> twice(int n) {\n"
                + "    log.add(\"twice \" + n);\n"
                + "    Await.on(Asyncio.sleep(0));\n"
                + "    return Coroutine.of(n * 2);\n"
                + "  }\n"
                + "  @Async static Coroutine<String> main() {\n"
                + "    long acc = 1; double d = 0.5; String s = \"x\";\n"
                + "    for (int i = 0; i < 3; i++) {\n"
                + "      acc += Await.on(twice(i));\n"
                + "      s = s + i + Await.on(twice(i));\n"
                + "    }\n"
                + "    return Coroutine.of(acc + \":\" + d + \":\" + s);\n"
                + "  }\n"
                + "  public static Object run() { return Asyncio.run(main()) + \" \" + log; }\n"
                + "}\n";
        ClassLoader l = WeaveHarness.build(Map.of("t.A", src));
        assertEquals("7:0.5:x001224 [twice 0, twice 0, twice 1, twice 1, twice 2, twice 2]",
                WeaveHarness.call(l, "t.A", "run"));
    }
}
