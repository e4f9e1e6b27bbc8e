package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

import static dev.weft.it.Coros.boolLater;
import static dev.weft.it.Coros.later;
import static dev.weft.it.Coros.same;
import static dev.weft.it.Coros.twice;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Awaits inside every loop form, labelled jumps, switch statements and switch expressions. */
class ControlFlowTest extends AsyncTestBase {

    enum Color { RED, GREEN, BLUE }

    private final List<String> log = new ArrayList<>();

    // ---- loops ----

    @Async
    static Coroutine<Integer> forLoop(int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Await.on(twice(i));
        }
        for (int i = Await.on(same(0)), j = Await.on(same(10)); i < Await.on(same(3)); i++, j -= Await.on(same(1))) {
            sum += i * j;
        }
        return Coroutine.of(sum);
    }

    @Test
    void forLoops() {
        // 2 * (0 + ... + 9) + (0*10 + 1*9 + 2*8)
        assertEquals(90 + 25, Asyncio.run(forLoop(10)));
    }

    @Async
    Coroutine<Integer> whileLoops(Iterator<Integer> source) {
        int sum = 0;
        Integer next;
        while ((next = Await.on(pull(source))) != null) {
            log.add("got " + next);
            sum += next;
        }
        int k = 0;
        while (Await.on(boolLater(k < 3))) {
            k++;
        }
        while (true) {
            k += Await.on(same(10));
            if (k > 40) {
                break;
            }
        }
        return Coroutine.of(sum * 1000 + k);
    }

    @Async
    static Coroutine<Integer> pull(Iterator<Integer> source) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(source.hasNext() ? source.next() : null);
    }

    @Test
    void whileLoopsWithAwaitInTheCondition() {
        assertEquals(6 * 1000 + 43, Asyncio.run(whileLoops(List.of(1, 2, 3).iterator())));
        assertEquals(List.of("got 1", "got 2", "got 3"), log);
    }

    @Async
    static Coroutine<String> doWhile(int n) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        do {
            sb.append(Await.on(twice(i)));
            i++;
        } while (i < n);
        int j = 100;
        do {
            j--;
        } while (Await.on(same(j)) > 97);
        return Coroutine.of(sb + "/" + i + "/" + j);
    }

    @Test
    void doWhileLoops() {
        assertEquals("02468/5/97", Asyncio.run(doWhile(5)));
        assertEquals("0/1/97", Asyncio.run(doWhile(0)));
    }

    @Async
    static Coroutine<String> enhancedFor(int[] numbers, List<String> words) {
        long product = 1;
        for (int x : numbers) {
            product *= Await.on(twice(x));
        }
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            Await.on(Asyncio.sleep(0));
            sb.append(Await.on(later(w.toUpperCase())));
        }
        for (String w : new LinkedList<>(words)) {
            for (char c : w.toCharArray()) {
                sb.append(Await.on(later(c)));
            }
        }
        int count = 0;
        for (int[] row : new int[][]{{1, 2}, {3}}) {
            for (int v : row) {
                count += Await.on(same(v));
            }
        }
        return Coroutine.of(product + ":" + sb + ":" + count);
    }

    @Test
    void enhancedForOverArraysAndLists() {
        assertEquals((2L * 4 * 6 * 8) + ":ABCDEabcde:6",
                Asyncio.run(enhancedFor(new int[]{1, 2, 3, 4}, List.of("ab", "cde"))));
    }

    // ---- labelled jumps ----

    @Async
    Coroutine<Integer> labelledJumps() {
        int found = -1;
        outer:
        for (int i = 0; i < 5; i++) {
            inner:
            for (int j = 0; j < 5; j++) {
                if (j > i) {
                    continue outer;
                }
                int v = Await.on(twice(i * 10 + j));
                if (v == 2 * 21) {
                    log.add("skip 21");
                    continue inner;
                }
                if (v == 2 * 32) {
                    found = v;
                    break outer;
                }
                log.add(i + "" + j);
            }
        }
        block:
        {
            if (Await.on(boolLater(true))) {
                log.add("leave block");
                break block;
            }
            log.add("unreached");
        }
        return Coroutine.of(found);
    }

    @Test
    void labelledBreakAndContinue() {
        assertEquals(64, Asyncio.run(labelledJumps()));
        assertEquals(List.of("00", "10", "11", "20", "skip 21", "22", "30", "31", "leave block"), log);
    }

    // ---- switch statements ----

    @Async
    static Coroutine<String> switchOnInt(int key) {
        String r;
        switch (key) {
            case 0:
                r = "zero" + Await.on(same(0));
                break;
            case 1:
                Await.on(Asyncio.sleep(0));
                // fall through
            case 2:
                r = "one-or-two" + Await.on(twice(key));
                break;
            case 1000:
                r = "sparse" + Await.on(later("!"));
                break;
            default:
                r = "other";
        }
        switch (Await.on(same(key)) % 3) {
            case 0:
                return Coroutine.of(r + "/mod0");
            case 1:
                r += "/mod1";
                break;
            default:
                r += "/mod2" + Await.on(twice(1));
        }
        return Coroutine.of(r);
    }

    @Test
    void switchOnIntWithAwaitsInCasesAndSelector() {
        assertEquals("zero0/mod0", Asyncio.run(switchOnInt(0)));
        assertEquals("one-or-two2/mod1", Asyncio.run(switchOnInt(1)));
        assertEquals("one-or-two4/mod22", Asyncio.run(switchOnInt(2)));
        assertEquals("sparse!/mod1", Asyncio.run(switchOnInt(1000)));
        assertEquals("other/mod1", Asyncio.run(switchOnInt(7)));
    }

    @Async
    static Coroutine<Integer> switchOnString(String s) {
        int r = 0;
        switch (Await.on(later(s))) {
            case "Aa":
                r += Await.on(same(1));
                // fall through; "Aa" and "BB" share a hash code
            case "BB":
                r += Await.on(twice(10));
                break;
            case "c":
                r = -1;
                break;
            default:
                r = Await.on(same(s.length()));
        }
        return Coroutine.of(r);
    }

    @Test
    void switchOnStringWithCollidingHashes() {
        assertEquals(21, Asyncio.run(switchOnString("Aa")));
        assertEquals(20, Asyncio.run(switchOnString("BB")));
        assertEquals(-1, Asyncio.run(switchOnString("c")));
        assertEquals(5, Asyncio.run(switchOnString("other")));
    }

    @Async
    static Coroutine<String> switchOnEnum(Color c) {
        String r;
        switch (c) {
            case RED:
                r = Await.on(later("r"));
                break;
            case GREEN:
                r = "g" + Await.on(twice(1));
                break;
            default:
                r = "b";
        }
        switch (Await.on(later(c))) {
            case BLUE:
                r += Await.on(later("!"));
                break;
            default:
                break;
        }
        return Coroutine.of(r);
    }

    @Test
    void switchOnEnum() {
        assertEquals("r", Asyncio.run(switchOnEnum(Color.RED)));
        assertEquals("g2", Asyncio.run(switchOnEnum(Color.GREEN)));
        assertEquals("b!", Asyncio.run(switchOnEnum(Color.BLUE)));
    }

    // ---- switch expressions ----

    @Async
    static Coroutine<String> switchExpressions(int k, String s, Color c) {
        int a = switch (k) {
            case 1 -> Await.on(twice(1));
            case 2 -> {
                int x = Await.on(twice(k));
                Await.on(Asyncio.sleep(0));
                yield x * 10;
            }
            default -> {
                if (Await.on(boolLater(k < 0))) {
                    yield -1;
                }
                yield Await.on(same(k)) + 1;
            }
        };
        int b = 100 + switch (s) {
            case "x", "y" -> Await.on(same(1));
            default -> {
                String t = Await.on(later(s + s));
                yield t.length();
            }
        };
        String e = "[" + switch (c) {
            case RED -> "R" + Await.on(same(k));
            case GREEN -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 3; i++) {
                    sb.append(Await.on(twice(i)));
                }
                yield sb.toString();
            }
            case BLUE -> Await.on(later("B"));
        } + "]";
        long l = switch (Await.on(later(s))) {
            case "x" -> {
                try {
                    yield Await.on(Coros.longLater(1L << 40));
                } finally {
                    Await.on(Asyncio.sleep(0));
                }
            }
            default -> 0L;
        };
        return Coroutine.of(a + " " + b + " " + e + " " + l);
    }

    @Test
    void switchExpressionsWithYieldContainingAwaits() {
        assertEquals("2 101 [R1] " + (1L << 40), Asyncio.run(switchExpressions(1, "x", Color.RED)));
        assertEquals("40 104 [024] 0", Asyncio.run(switchExpressions(2, "ab", Color.GREEN)));
        assertEquals("-1 101 [B] 0", Asyncio.run(switchExpressions(-5, "y", Color.BLUE)));
        assertEquals("8 100 [R7] 0", Asyncio.run(switchExpressions(7, "", Color.RED)));
    }

    // ---- conditions ----

    @Async
    Coroutine<String> shortCircuits(int n) {
        String r = "";
        if (Await.on(boolLater(n > 0)) && Await.on(twice(n)) > 4) {
            r += "big";
        } else if (n == 0 || Await.on(same(n)) == -1) {
            r += "zero-or-minus-one";
        } else {
            r += "small";
        }
        boolean both = n > 5 & Await.on(boolLater(true));
        boolean either = Await.on(boolLater(n == 3)) | n == 4;
        boolean none = !(Await.on(boolLater(false)) || n > 100);
        return Coroutine.of(r + "," + both + "," + either + "," + none);
    }

    @Test
    void awaitsInConditions() {
        assertEquals("big,false,true,true", Asyncio.run(shortCircuits(3)));
        assertEquals("small,false,false,true", Asyncio.run(shortCircuits(2)));
        assertEquals("zero-or-minus-one,false,false,true", Asyncio.run(shortCircuits(0)));
        assertEquals("zero-or-minus-one,false,false,true", Asyncio.run(shortCircuits(-1)));
        assertEquals("small,false,false,true", Asyncio.run(shortCircuits(-2)));
        assertEquals("big,true,false,true", Asyncio.run(shortCircuits(6)));
    }

    @Async
    static Coroutine<String> patternMatchingInstanceof(Object o) {
        if (Await.on(later(o)) instanceof String s && s.length() > Await.on(same(2))) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of("long string " + s.toUpperCase());
        }
        Object again = Await.on(later(o));
        if (!(again instanceof Integer n)) {
            return Coroutine.of("other " + again);
        }
        int v = Await.on(twice(n));
        return Coroutine.of("int " + (n + v));
    }

    @Test
    void patternVariablesLiveAcrossAwaits() {
        assertEquals("long string ABC", Asyncio.run(patternMatchingInstanceof("abc")));
        assertEquals("other ab", Asyncio.run(patternMatchingInstanceof("ab")));
        assertEquals("int 15", Asyncio.run(patternMatchingInstanceof(5)));
        assertEquals("other 2.5", Asyncio.run(patternMatchingInstanceof(2.5)));
    }

    @Async
    static Coroutine<Integer> returnFromInsideLoops(int target) {
        for (int i = 0; i < 10; i++) {
            int j = 0;
            while (j < 10) {
                if (Await.on(same(i * 10 + j)) == target) {
                    return Coroutine.of(Await.on(twice(i)) * 100 + j);
                }
                j++;
            }
        }
        return Coroutine.of(-1);
    }

    @Test
    void returnFromNestedLoops() {
        assertEquals(2 * 4 * 100 + 2, Asyncio.run(returnFromInsideLoops(42)));
        assertEquals(-1, Asyncio.run(returnFromInsideLoops(100)));
    }

    @Async
    static Coroutine<Integer> recursionWithBranches(int n) {
        if (n <= 1) {
            return Coroutine.of(n);
        }
        int a = Await.on(recursionWithBranches(n - 1));
        Await.on(Asyncio.sleep(0));
        int b = Await.on(recursionWithBranches(n - 2));
        return Coroutine.of(a + b);
    }

    @Test
    void treeRecursion() {
        assertEquals(144, Asyncio.run(recursionWithBranches(12)));
    }
}
