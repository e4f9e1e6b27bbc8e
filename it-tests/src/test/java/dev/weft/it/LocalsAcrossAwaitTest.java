package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.weft.it.Coros.same;
import static dev.weft.it.Coros.twice;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Locals and parameters of every type keep their values across suspension points. */
class LocalsAcrossAwaitTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();
    private int field = 5;

    @Async
    static Coroutine<List<Object>> everyType() {
        boolean z = true;
        byte b = Byte.MIN_VALUE;
        char c = '\u0416';
        short s = Short.MIN_VALUE;
        int i = 123_456_789;
        long l = 0x1234_5678_9ABC_DEF0L;
        float f = 3.25f;
        double d = -2.5e300;
        float negZero = -0.0f;
        double nan = Double.NaN;
        long minLong = Long.MIN_VALUE;
        double maxDouble = Double.MAX_VALUE;
        char maxChar = Character.MAX_VALUE;
        String str = "text";
        int[] ints = {1, 2, 3};
        long[][] longs = {{1L}, {2L, 3L}};
        Object nothing = null;
        String noString = null;
        int[] noArray = null;
        Await.on(Asyncio.sleep(0));
        int t = Await.on(twice(21));
        Task<Integer> task = Asyncio.createTask(twice(5));
        int u = Await.on(task);
        int v = Await.on(same(1000));
        Await.on(Asyncio.sleep(0));
        i += t;
        l -= u;
        ints[1] = v;
        longs[1][1] += 40L;
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(Arrays.asList(z, b, c, s, i, l, f, d, negZero, nan, minLong, maxDouble, maxChar,
                str, Arrays.toString(ints), Arrays.deepToString(longs), nothing, noString, noArray,
                t, u, v, task.isDone()));
    }

    @Test
    void localsOfEveryTypeSurviveAwaits() {
        List<Object> expected = Arrays.asList(true, Byte.MIN_VALUE, '\u0416', Short.MIN_VALUE, 123_456_789 + 42,
                0x1234_5678_9ABC_DEF0L - 10L, 3.25f, -2.5e300, -0.0f, Double.NaN, Long.MIN_VALUE, Double.MAX_VALUE,
                Character.MAX_VALUE, "text", "[1, 1000, 3]", "[[1], [2, 43]]", null, null, null,
                42, 10, 1000, true);
        assertEquals(expected, Asyncio.run(everyType()));
    }

    @Async
    static Coroutine<String> everyParameterType(boolean z, byte b, char c, short s, int i, long l, float f,
                                                double d, Object o, int[] arr) {
        Await.on(Asyncio.sleep(0));
        Await.on(twice(1));
        Await.on(Asyncio.sleep(0));
        arr[0] += i;
        return Coroutine.of(z + "|" + b + "|" + c + "|" + s + "|" + i + "|" + l + "|" + f + "|" + d + "|" + o
                + "|" + arr[0]);
    }

    @Test
    void parametersOfEveryTypeSurviveAwaits() {
        int[] arr = {100};
        String r = Asyncio.run(everyParameterType(false, (byte) 127, 'q', (short) -2, -7, Long.MAX_VALUE, -1.5f,
                Math.PI, null, arr));
        assertEquals("false|127|q|-2|-7|" + Long.MAX_VALUE + "|-1.5|" + Math.PI + "|null|93", r);
        assertEquals(93, arr[0]);
    }

    @Async
    static Coroutine<List<Object>> siblingScopes(boolean first) {
        List<Object> out = new ArrayList<>();
        if (first) {
            long a = 1L << 40;
            Await.on(Asyncio.sleep(0));
            out.add(a);
        } else {
            String a = "else";
            Await.on(Asyncio.sleep(0));
            out.add(a);
        }
        {
            double x = 1.5;
            Await.on(twice(1));
            out.add(x);
        }
        {
            int[] x = {7};
            Await.on(Asyncio.sleep(0));
            out.add(x[0]);
        }
        {
            Object x = null;
            Await.on(Asyncio.sleep(0));
            out.add(x);
            x = "set";
            Await.on(same(0));
            out.add(x);
        }
        for (int k = 0; k < 2; k++) {
            char ch = (char) ('a' + k);
            Await.on(Asyncio.sleep(0));
            out.add(ch);
        }
        for (int k = 0; k < 2; k++) {
            float fl = k + 0.5f;
            Await.on(Asyncio.sleep(0));
            out.add(fl);
        }
        {
            boolean flag = first;
            Await.on(Asyncio.sleep(0));
            out.add(flag);
        }
        return Coroutine.of(out);
    }

    @Test
    void slotReusedWithAnotherTypeInSiblingScopes() {
        assertEquals(Arrays.asList(1L << 40, 1.5, 7, null, "set", 'a', 'b', 0.5f, 1.5f, true),
                Asyncio.run(siblingScopes(true)));
        assertEquals(Arrays.asList("else", 1.5, 7, null, "set", 'a', 'b', 0.5f, 1.5f, false),
                Asyncio.run(siblingScopes(false)));
    }

    @Async
    static Coroutine<String> localsAssignedLater(int n) {
        int later;
        String label;
        long big;
        Await.on(Asyncio.sleep(0));
        later = n * 3;
        Await.on(Asyncio.sleep(0));
        label = "n=" + n;
        big = (long) later << 33;
        Await.on(twice(later));
        return Coroutine.of(label + "," + later + "," + big);
    }

    @Test
    void localsDeclaredBeforeAndAssignedAfterAwait() {
        assertEquals("n=4,12," + (12L << 33), Asyncio.run(localsAssignedLater(4)));
    }

    @Async
    Coroutine<String> counter(String name, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            log.add(name + i);
            sum += i * name.length();
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(name + ":" + sum);
    }

    @Async
    Coroutine<List<Object>> twoCounters() {
        return Coroutine.of(Await.on(Asyncio.gather(counter("a", 3), counter("bb", 3))));
    }

    @Test
    void eachCallHasItsOwnLocals() {
        assertEquals(List.of("a:3", "bb:6"), Asyncio.run(twoCounters()));
        assertEquals(List.of("a0", "bb0", "a1", "bb1", "a2", "bb2"), log);
    }

    @Async
    Coroutine<Integer> usesThisAcrossAwaits(int add) {
        int before = field;
        Await.on(Asyncio.sleep(0));
        field += add;
        Await.on(twice(1));
        field *= 2;
        Task<Integer> t = Asyncio.createTask(twice(field));
        int doubled = Await.on(t);
        return Coroutine.of(before * 1000 + doubled);
    }

    @Test
    void thisSurvivesAwaits() {
        assertEquals(5 * 1000 + 4 * (5 + 3), Asyncio.run(usesThisAcrossAwaits(3)));
        assertEquals(16, field);
    }

    @Async
    static Coroutine<Long> manyLocalsMixed(int rounds) {
        long acc = 1;
        double dacc = 0.5;
        int ia = 0;
        short sa = 0;
        byte ba = 0;
        char ca = 'A';
        float fa = 0f;
        boolean toggled = false;
        for (int r = 0; r < rounds; r++) {
            acc = acc * 3 + Await.on(same(r));
            Await.on(Asyncio.sleep(0));
            dacc *= 2;
            ia += Await.on(twice(r));
            sa += 2;
            ba -= 1;
            ca++;
            fa += 0.25f;
            toggled = !toggled;
        }
        long check = acc + (long) dacc + ia + sa + ba + ca + (long) (fa * 4) + (toggled ? 1 : 0);
        return Coroutine.of(check);
    }

    @Test
    void accumulatorsOfEveryTypeInALoop() {
        long acc = 1;
        for (int r = 0; r < 10; r++) {
            acc = acc * 3 + r;
        }
        long expected = acc + (long) (0.5 * 1024) + 2 * 45 + 20 + (-10) + ('A' + 10) + 10 + 0;
        assertEquals(expected, Asyncio.run(manyLocalsMixed(10)));
    }
}
