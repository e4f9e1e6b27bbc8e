package dev.weft.weaver;

import java.util.function.IntFunction;

/**
 * Generates large {@code @Async} methods for the code-size tests: one class {@code big.Big} with the method
 * {@code run()} of a given shape and number of statements, the {@code @Async} callees it awaits, and a plain
 * twin {@code expected()} with every await replaced by the value it gives, which computes the same checksum.
 */
public final class LargeMethods {
    private LargeMethods() {
    }

    /** The shapes of body the tests weave. */
    public enum Shape {
        /**
         * Statements cycle through awaits of every primitive and of references, in conditions, in array stores
         * and calls (values below the awaitable on the stack), with a dozen locals of every type live to the end.
         */
        MIXED,
        /** Awaits inside try/catch/finally, some inside the finally (javac copies it on every exit). */
        FINALLY,
        /** Forty locals of every type, all live at every await, each assigned in turn by an await. */
        MANY_LIVE,
        /** Nothing but awaits of a sleep, back to back: the densest a body can be. */
        DENSE,
        /**
         * Nothing but awaits of one local future, done: five bytes each as compiled, the densest await javac
         * writes.
         */
        FUTURE,
        /** Awaits of direct calls, unboxed and added to one local (the value below the awaitable). */
        DIRECT,
        /** Awaits of futures a plain method returns, a third of them pending until the loop's next pass. */
        PENDING,
        /**
         * Application code: each await is followed by work on collections and strings (about 130 bytes of code
         * and two or three lines per await, so 65 awaits are about 150 lines and 8.4 KB).
         */
        RICH
    }

    private static final String HEADER = String.join("\n",
            "package big;",
            "import dev.weft.*;",
            "import dev.weft.annotations.Async;",
            "import java.util.*;",
            "public class Big {",
            "  @Async static Coroutine<Integer> i(int x) { if (x % 3 == 0) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(x * 7 + 3); }",
            "  @Async static Coroutine<Long> j(long x) { if (x % 4 == 0) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(x * 5 + 1); }",
            "  @Async static Coroutine<Double> d(int x) { if (x % 5 == 0) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(x * 0.5); }",
            "  @Async static Coroutine<Boolean> z(int x) { if (x % 2 == 0) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(x % 3 == 1); }",
            "  @Async static Coroutine<String> s(int x) { if (x % 3 == 1) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(\"s\" + (x % 10)); }",
            "  static int pi(int x) { return x * 7 + 3; }",
            "  static long pj(long x) { return x * 5 + 1; }",
            "  static double pd(int x) { return x * 0.5; }",
            "  static boolean pz(int x) { return x % 3 == 1; }",
            "  static String ps(int x) { return \"s\" + (x % 10); }",
            "  static int mix(int a, int b, int c) { return a * 31 + b * 7 + c; }",
            "  static Future<Integer> pending(int k) { Future<Integer> f = Asyncio.getRunningLoop().createFuture();"
                    + " if (k % 3 == 0) { Asyncio.getRunningLoop().callSoon(() -> f.setResult(k)); } else { f.setResult(k); }"
                    + " return f; }",
            "");

    /** Writes the source of a shape: {@code LargeMethods SHAPE STATEMENTS}. */
    public static void main(String[] args) {
        System.out.print(source(Shape.valueOf(args[0]), Integer.parseInt(args[1])));
    }

    /** @return the source of {@code big.Big} with {@code statements} statements of the shape */
    public static String source(Shape shape, int statements) {
        StringBuilder s = new StringBuilder(HEADER);
        s.append("  @Async public static Coroutine<String> run() {\n");
        body(s, shape, statements, true);
        s.append("  }\n");
        s.append("  public static String expected() {\n");
        body(s, shape, statements, false);
        s.append("  }\n}\n");
        return s.toString();
    }

    private static void body(StringBuilder s, Shape shape, int n, boolean async) {
        IntFunction<String> ai = k -> async ? "Await.on(i(" + k + "))" : "pi(" + k + ")";
        IntFunction<String> aj = k -> async ? "Await.on(j(" + k + "L))" : "pj(" + k + "L)";
        IntFunction<String> ad = k -> async ? "Await.on(d(" + k + "))" : "pd(" + k + ")";
        IntFunction<String> az = k -> async ? "Await.on(z(" + k + "))" : "pz(" + k + ")";
        IntFunction<String> as = k -> async ? "Await.on(s(" + k + "))" : "ps(" + k + ")";
        String sleep = async ? "Await.on(Asyncio.sleep(0));" : ";";
        switch (shape) {
            case MIXED:
                s.append("    int ia = 1; long la = 2; double da = 0.5; float fa = 1f; boolean za = false; byte ba = 3;"
                        + " short sa = 4; char ca = 'a'; String st = \"\"; List<String> list = new ArrayList<>();"
                        + " int[] arr = new int[8]; long[] larr = new long[4];\n");
                for (int k = 0; k < n; k++) {
                    switch (k % 10) {
                        case 0: s.append("    ia = ia * 31 + ").append(ai.apply(k)).append(";\n"); break;
                        case 1: s.append("    la ^= ").append(aj.apply(k)).append(";\n"); break;
                        case 2: s.append("    da += ").append(ad.apply(k)).append(" * 3;\n"); break;
                        case 3: s.append("    if (").append(az.apply(k)).append(") { za = !za; ba++; } else { sa--; }\n"); break;
                        case 4: s.append("    st = st.length() > 40 ? \"\" : st + ").append(as.apply(k)).append(";\n"); break;
                        case 5: s.append("    arr[").append(k).append(" % 8] = ").append(ai.apply(k)).append(" + ca;\n"); break;
                        case 6: s.append("    list.add(").append(as.apply(k)).append(");\n"); break;
                        case 7: s.append("    ia = mix(ia, ").append(ai.apply(k)).append(", (int) la);\n"); break;
                        case 8: s.append("    ").append(sleep).append(" fa += 0.25f; ca++;\n"); break;
                        default: s.append("    larr[").append(k).append(" % 4] += ").append(aj.apply(k)).append(" + (long) da;\n"); break;
                    }
                }
                s.append("    return ").append(async ? "Coroutine.of(" : "(").append("ia + \"/\" + la + \"/\" + da + \"/\" + fa + \"/\""
                        + " + za + ba + sa + ca + st + list.size() + Arrays.toString(arr) + Arrays.toString(larr));\n");
                break;
            case FINALLY:
                s.append("    int ia = 1; long la = 2; double da = 0.5; String st = \"\"; List<String> log = new ArrayList<>();\n");
                for (int k = 0; k < n; k++) {
                    switch (k % 4) {
                        case 0:
                            s.append("    try { ia += ").append(ai.apply(k)).append("; if (ia % 7 == 0) { throw new IllegalStateException(\"x\"); } }"
                                    + " catch (IllegalStateException e) { log.add(\"c\"); } finally { la += ")
                                    .append(aj.apply(k)).append("; }\n");
                            break;
                        case 1:
                            s.append("    try { st = ").append(as.apply(k)).append("; } finally { da += ").append(ad.apply(k))
                                    .append("; if (").append(az.apply(k)).append(") { ia++; } }\n");
                            break;
                        case 2:
                            s.append("    for (int r = 0; r < 2; r++) { try { if (r == 1 && ia % 2 == 0) { continue; } ia ^= ")
                                    .append(ai.apply(k)).append("; } finally { la -= ").append(aj.apply(k)).append("; } }\n");
                            break;
                        default:
                            s.append("    try { try { log.add(").append(as.apply(k)).append("); } finally { ").append(sleep)
                                    .append(" } } finally { ia += log.size(); }\n");
                            break;
                    }
                }
                s.append("    return ").append(async ? "Coroutine.of(" : "(").append("ia + \"/\" + la + \"/\" + da + \"/\" + st + log);\n");
                break;
            case MANY_LIVE:
                String[] types = {"int", "long", "double", "float", "boolean", "byte", "short", "char", "String", "int[]"};
                StringBuilder sum = new StringBuilder("\"\"");
                for (int v = 0; v < 40; v++) {
                    String t = types[v % types.length];
                    String init;
                    switch (t) {
                        case "boolean": init = "false"; break;
                        case "String": init = "\"v\""; break;
                        case "int[]": init = "new int[] {" + v + "}"; break;
                        case "char": init = "'a'"; break;
                        case "byte": case "short": init = "(" + t + ") " + v; break;
                        default: init = String.valueOf(v);
                    }
                    s.append("    ").append(t).append(" v").append(v).append(" = ").append(init).append(";\n");
                    sum.append(" + v").append(v).append(t.equals("int[]") ? "[0]" : "");
                }
                for (int k = 0; k < n; k++) {
                    int v = k % 40;
                    String t = types[v % types.length];
                    String x = "v" + v;
                    switch (t) {
                        case "int": s.append("    ").append(x).append(" += ").append(ai.apply(k)).append(";\n"); break;
                        case "long": s.append("    ").append(x).append(" ^= ").append(aj.apply(k)).append(";\n"); break;
                        case "double": s.append("    ").append(x).append(" += ").append(ad.apply(k)).append(";\n"); break;
                        case "float": s.append("    ").append(x).append(" += (float) (double) ").append(ad.apply(k)).append(";\n"); break;
                        case "boolean": s.append("    ").append(x).append(" ^= ").append(az.apply(k)).append(";\n"); break;
                        case "byte": s.append("    ").append(x).append(" += (byte) (int) ").append(ai.apply(k)).append(";\n"); break;
                        case "short": s.append("    ").append(x).append(" -= (short) (int) ").append(ai.apply(k)).append(";\n"); break;
                        case "char": s.append("    ").append(x).append(" = (char) ('a' + ").append(ai.apply(k)).append(" % 26);\n"); break;
                        case "String": s.append("    ").append(x).append(" = ").append(as.apply(k)).append(";\n"); break;
                        default: s.append("    ").append(x).append("[0] += ").append(ai.apply(k)).append(";\n"); break;
                    }
                }
                s.append("    return ").append(async ? "Coroutine.of(" : "(").append(sum).append(");\n");
                break;
            case RICH:
                s.append("    int total = 0; long sum = 0; String last = \"\"; List<String> items = new ArrayList<>();"
                        + " Map<String, Integer> counts = new HashMap<>(); StringBuilder sb = new StringBuilder();\n");
                for (int k = 0; k < n; k++) {
                    s.append("    int x").append(k).append(" = ").append(ai.apply(k)).append(";\n");
                    s.append("    if (x").append(k).append(" > ").append(k * 3).append(") { items.add(\"item\" + ")
                            .append(k).append(" + \":\" + x").append(k).append("); last = ").append(k % 2 == 0 ? as.apply(k) : "\"none\"")
                            .append("; } total += x").append(k).append(" * ").append(k % 7 + 1).append(" % 11;\n");
                    s.append("    counts.merge(\"k\" + (x").append(k).append(" % 5), x").append(k)
                            .append(", Integer::sum); sum += (long) total * ").append(k + 1).append(" + last.length();")
                            .append(" sb.append(last.charAt(0)).append(',');\n");
                }
                s.append("    return ").append(async ? "Coroutine.of(" : "(").append("total + \"/\" + sum + \"/\" + last + items.size()"
                        + " + new TreeMap<>(counts) + sb.length());\n");
                break;
            case FUTURE:
                if (async) {
                    s.append("    Future<Integer> f = Asyncio.getRunningLoop().createFuture(); f.setResult(7);\n");
                }
                for (int k = 0; k < n; k++) {
                    s.append(async ? "    Await.on(f);\n" : "    ;\n");
                }
                s.append("    return ").append(async ? "Coroutine.of(\"done \" + Await.on(f));\n" : "\"done 7\";\n");
                break;
            case DIRECT:
                s.append("    int t = 0;\n");
                for (int k = 0; k < n; k++) {
                    s.append("    t += ").append(ai.apply(k % 100)).append(";\n");
                }
                s.append("    return ").append(async ? "Coroutine.of(" : "(").append("\"t=\" + t);\n");
                break;
            case PENDING:
                s.append("    int acc = 0;\n");
                for (int k = 0; k < n; k++) {
                    s.append("    acc = acc * 31 + ").append(async ? "Await.on(pending(" + k + "))" : String.valueOf(k))
                            .append(";\n");
                }
                s.append("    return ").append(async ? "Coroutine.of(" : "(").append("\"acc=\" + acc);\n");
                break;
            default:
                s.append("    int n = 0;\n");
                for (int k = 0; k < n; k++) {
                    s.append("    ").append(sleep).append("\n");
                }
                s.append("    return ").append(async ? "Coroutine.of(" : "(").append("\"done\");\n");
                break;
        }
    }
}
