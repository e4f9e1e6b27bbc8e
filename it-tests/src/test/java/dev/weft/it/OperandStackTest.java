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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.weft.it.Coros.doubleLater;
import static dev.weft.it.Coros.later;
import static dev.weft.it.Coros.logged;
import static dev.weft.it.Coros.longLater;
import static dev.weft.it.Coros.same;
import static dev.weft.it.Coros.twice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@code Await.on} where values are already on the operand stack: they must survive the suspension and
 * be evaluated in the order the Java language specifies.
 */
class OperandStackTest extends AsyncTestBase {

    /** Events of the class-initialisation tests: static so that static initialisers can record into it. */
    static final List<String> ORDER = Collections.synchronizedList(new ArrayList<>());

    private final List<String> log = new ArrayList<>();
    private int intField = 10;
    private long longField = 1L << 40;
    private static int staticField = 7;

    private int ev(String tag, int value) {
        log.add(tag);
        return value;
    }

    private static int combine(int a, int b, int c) {
        return a * 10_000 + b * 100 + c;
    }

    @Async
    Coroutine<Void> other() {
        log.add("other");
        return Coroutine.done();
    }

    // ---- arguments ----

    @Async
    Coroutine<Integer> argumentsAroundAwait() {
        int i = 1;
        int j = 2;
        int[] arr = {10, 20, 30};
        Asyncio.createTask(other());
        int r = combine(ev("a", i++), Await.on(logged(log, "x", 5)), ev("c", arr[j]));
        log.add("i=" + i);
        return Coroutine.of(r);
    }

    @Test
    void argumentsBeforeAndAfterTheAwait() {
        assertEquals(combine(1, 5, 30), Asyncio.run(argumentsAroundAwait()));
        assertEquals(List.of("a", "x:start", "other", "x:end", "c", "i=2"), log);
    }

    @Async
    Coroutine<Integer> plainArguments() {
        int i = 1;
        int j = 2;
        int[] arr = {10, 20, 30};
        int r = combine(i++, Await.on(twice(4)), arr[j]);
        return Coroutine.of(r * 10 + i);
    }

    @Test
    void postIncrementArgumentThenAwaitThenArrayElement() {
        assertEquals(combine(1, 8, 30) * 10 + 2, Asyncio.run(plainArguments()));
    }

    @Async
    Coroutine<List<Object>> receiversOnTheStack() {
        List<Object> list = new ArrayList<>();
        list.add(Await.on(later("first")));
        Map<String, Integer> map = new HashMap<>();
        map.put("k" + list.size(), Await.on(twice(21)));
        StringBuilder sb = new StringBuilder("<");
        sb.append(Await.on(later("x"))).append('|').append(Await.on(same(3))).append(Await.on(longLater(4L)));
        list.add(map);
        list.add(sb.toString());
        list.add(Math.max(Await.on(twice(3)), Await.on(twice(2))));
        list.add(String.format("%s-%s", Await.on(later("p")), Await.on(later("q"))));
        return Coroutine.of(list);
    }

    @Test
    void receiversAndTwoAwaitsInOneCall() {
        assertEquals(Arrays.asList("first", Map.of("k1", 42), "<x|34", 6, "p-q"), Asyncio.run(receiversOnTheStack()));
    }

    // ---- string concatenation ----

    @Async
    Coroutine<List<String>> concatenations() {
        int i = 7;
        long l = -3L;
        char c = 'c';
        double d = 0.25;
        String s1 = "a" + i + Await.on(later("X"));
        String s2 = "a" + i + Await.on(later("Y")) + l + c + Await.on(doubleLater(d)) + d + Await.on(same(9));
        String s3 = "v=" + intField + "," + Await.on(bumpIntField()) + "," + intField;
        String s4 = Await.on(later("only"));
        return Coroutine.of(List.of(s1, s2, s3, s4));
    }

    @Async
    Coroutine<Integer> bumpIntField() {
        Await.on(Asyncio.sleep(0));
        intField++;
        return Coroutine.of(intField * 100);
    }

    @Test
    void stringConcatenationKeepsItsOperands() {
        assertEquals(List.of("a7X", "a7Y-3c0.250.259", "v=10,1100,11", "only"), Asyncio.run(concatenations()));
    }

    // ---- conditionals ----

    @Async
    Coroutine<List<Integer>> ternaries(boolean c) {
        int v = c ? Await.on(logged(log, "a", 1)) : Await.on(logged(log, "b", 2));
        int w = 10 + (c ? Await.on(twice(5)) : 3) * (!c ? Await.on(twice(50)) : 1);
        long x = 1L + (c ? Await.on(longLater(1L << 35)) : Await.on(longLater(-1L)));
        return Coroutine.of(List.of(v, w, (int) (x >> 20)));
    }

    @Test
    void ternaryAwaitsOnlyTheChosenBranch() {
        assertEquals(List.of(1, 20, 1 << 15), Asyncio.run(ternaries(true)));
        assertEquals(List.of("a:start", "a:end"), log);
        log.clear();
        assertEquals(List.of(2, 10 + 3 * 100, 0), Asyncio.run(ternaries(false)));
        assertEquals(List.of("b:start", "b:end"), log);
    }

    // ---- arrays ----

    @Async
    Coroutine<String> arrayInitialisers() {
        int[] a = new int[]{1, Await.on(twice(1)), 3};
        String[] s = {"a", Await.on(later("b")), "c" + Await.on(same(4))};
        long[] l = {1L, Await.on(longLater(Long.MIN_VALUE)), 3L};
        double[] d = {Await.on(doubleLater(0.5)), 1.5};
        int[][] m = {{1}, {Await.on(twice(2)), Await.on(same(5))}, {}};
        Object[] o = {null, Await.on(later((Object) "o")), a.length};
        return Coroutine.of(Arrays.toString(a) + Arrays.toString(s) + Arrays.toString(l) + Arrays.toString(d)
                + Arrays.deepToString(m) + Arrays.toString(o));
    }

    @Test
    void arrayInitialisersWithAwaits() {
        assertEquals("[1, 2, 3][a, b, c4][1, " + Long.MIN_VALUE + ", 3][0.5, 1.5][[1], [4, 5], []][null, o, 3]",
                Asyncio.run(arrayInitialisers()));
    }

    @Async
    Coroutine<String> compoundArrayAssignment() {
        int[] arr = {100, 200, 300};
        int i = 0;
        arr[i++] += Await.on(twice(3));
        arr[i++] += Await.on(same(1)) + Await.on(same(2));
        long[] la = {5L};
        la[0] *= Await.on(longLater(1L << 32));
        double[] da = {1.0};
        da[0] /= Await.on(doubleLater(4.0));
        String[] sa = {"s"};
        sa[0] += Await.on(later("t"));
        return Coroutine.of(Arrays.toString(arr) + i + Arrays.toString(la) + Arrays.toString(da) + sa[0]);
    }

    @Test
    void arrayElementCompoundAssignment() {
        assertEquals("[106, 203, 300]2[" + (5L << 32) + "][0.25]st", Asyncio.run(compoundArrayAssignment()));
    }

    @Async
    Coroutine<Integer> overwrite(int[] arr, int value) {
        Await.on(Asyncio.sleep(0));
        arr[0] = 1000;
        return Coroutine.of(value);
    }

    @Async
    Coroutine<String> arrayElementReadBeforeTheAwait() {
        int[] arr = {1};
        arr[0] += Await.on(overwrite(arr, 5));
        return Coroutine.of("arr[0]=" + arr[0]);
    }

    @Test
    void compoundAssignmentUsesTheElementValueReadBeforeTheAwait() {
        // JLS 15.26.2: the array component is read and saved before the right-hand operand is evaluated.
        assertEquals("arr[0]=6", Asyncio.run(arrayElementReadBeforeTheAwait()));
    }

    @Async
    Coroutine<String> indexOutOfBoundsBeforeTheAwait() {
        int[] arr = {1, 2, 3};
        try {
            arr[ev("index", 5)] += Await.on(logged(log, "x", 1));
            log.add("unreached");
        } catch (ArrayIndexOutOfBoundsException e) {
            log.add("caught");
        }
        return Coroutine.of(Arrays.toString(arr));
    }

    @Test
    void arrayIndexIsCheckedBeforeTheRightOperandRuns() {
        assertEquals("[1, 2, 3]", Asyncio.run(indexOutOfBoundsBeforeTheAwait()));
        assertEquals(List.of("index", "caught"), log);
    }

    @Async
    Coroutine<String> arrayCreationAndStores() {
        int[][] grid = new int[Await.on(same(2))][Await.on(twice(1))];
        long[][][] cube = new long[2][Await.on(same(3))][];
        int i = 0;
        grid[i++][Await.on(same(1))] = Await.on(twice(21));
        grid[i][ev("col", 0)] = Await.on(Coros.logged(log, "v", 7));
        cube[1][2] = new long[]{Await.on(longLater(-1L))};
        int r = i++ + Await.on(same(10)) + i++;
        return Coroutine.of(Arrays.deepToString(grid) + " " + cube[1].length + " " + cube[1][2][0] + " " + r + " " + i);
    }

    @Test
    void multiDimensionalArraysAndStoresWithAwaitedIndexAndValue() {
        assertEquals("[[0, 42], [7, 0]] 3 -1 13 3", Asyncio.run(arrayCreationAndStores()));
        assertEquals(List.of("col", "v:start", "v:end"), log);
    }

    // ---- fields ----

    @Async
    Coroutine<Integer> setIntFieldLater(int newValue, int result) {
        Await.on(Asyncio.sleep(0));
        intField = newValue;
        return Coroutine.of(result);
    }

    @Async
    static Coroutine<Integer> setStaticFieldLater(int newValue, int result) {
        Await.on(Asyncio.sleep(0));
        staticField = newValue;
        return Coroutine.of(result);
    }

    @Async
    Coroutine<String> fieldCompoundAssignment() {
        this.intField += Await.on(twice(1));
        this.longField += Await.on(longLater(3L));
        staticField *= Await.on(same(3));
        this.intField += Await.on(setIntFieldLater(1000, 5));
        staticField += Await.on(setStaticFieldLater(2000, 1));
        return Coroutine.of(intField + "," + longField + "," + staticField);
    }

    @Test
    void fieldCompoundAssignmentReadsTheFieldBeforeTheAwait() {
        staticField = 7;
        assertEquals("17," + ((1L << 40) + 3) + ",22", Asyncio.run(fieldCompoundAssignment()));
    }

    // ---- constructors and class initialisation ----

    static final class Foo {
        static {
            ORDER.add("Foo.<clinit>");
        }

        final long a;
        final int b;
        final double c;

        Foo(long a, int b, double c) {
            ORDER.add("Foo.<init>");
            this.a = a;
            this.b = b;
            this.c = c;
        }

        @Override
        public String toString() {
            return a + "/" + b + "/" + c;
        }
    }

    static final class Lit {
        final long a;
        final int b;
        final double c;

        Lit(long a, int b, double c) {
            this.a = a;
            this.b = b;
            this.c = c;
        }

        @Override
        public String toString() {
            return a + "/" + b + "/" + c;
        }
    }

    static long evL(String tag, long v) {
        ORDER.add(tag);
        return v;
    }

    static double evD(String tag, double v) {
        ORDER.add(tag);
        return v;
    }

    static int evI(String tag, int v) {
        ORDER.add(tag);
        return v;
    }

    @Async
    static Coroutine<String> constructWithAwaitedArgument() {
        Lit lit = new Lit(1L, Await.on(twice(4)), 2.0);
        ORDER.add("before");
        Foo foo = new Foo(evL("arg0", 1L), Await.on(logged(ORDER, "x", 7)), evD("arg2", 2.0));
        ORDER.add("after");
        return Coroutine.of(lit + " " + foo);
    }

    @Test
    void constructorArgumentAwaitedAndClassInitialisedFirst() {
        ORDER.clear();
        assertEquals("1/8/2.0 1/7/2.0", Asyncio.run(constructWithAwaitedArgument()));
        // JLS 12.4.1 / 15.9.4: `new Foo(...)` initialises Foo before it evaluates the arguments.
        assertEquals(List.of("before", "Foo.<clinit>", "arg0", "x:start", "x:end", "arg2", "Foo.<init>", "after"),
                new ArrayList<>(ORDER));
    }

    static final class NestA {
        static {
            ORDER.add("A.<clinit>");
        }

        final String s;

        NestA(int first, NestB b, int last) {
            ORDER.add("A.<init>");
            s = "A(" + first + "," + b.s + "," + last + ")";
        }
    }

    static final class NestB {
        static {
            ORDER.add("B.<clinit>");
        }

        final String s;

        NestB(int v) {
            ORDER.add("B.<init>");
            s = "B(" + v + ")";
        }
    }

    @Async
    static Coroutine<String> nestedConstructors() {
        NestA a = new NestA(evI("a0", 1), new NestB(Await.on(logged(ORDER, "x", 3))), evI("a2", 2));
        NestA again = new NestA(0, new NestB(Await.on(twice(2))), Await.on(same(9)));
        return Coroutine.of(a.s + again.s);
    }

    @Test
    void nestedConstructorsWithAnAwaitInTheInnerArguments() {
        ORDER.clear();
        assertEquals("A(1,B(3),2)A(0,B(4),9)", Asyncio.run(nestedConstructors()));
        assertEquals(List.of("A.<clinit>", "a0", "B.<clinit>", "x:start", "x:end", "B.<init>", "a2", "A.<init>",
                "B.<init>", "A.<init>"), new ArrayList<>(ORDER));
    }

    static final class Exploding {
        static {
            ORDER.add("Exploding.<clinit>");
            if (ORDER != null) {
                throw new IllegalStateException("no init");
            }
        }

        Exploding(int v) {
            ORDER.add("Exploding.<init>" + v);
        }
    }

    @Async
    static Coroutine<String> constructFailingClass() {
        ORDER.add("before");
        try {
            new Exploding(Await.on(logged(ORDER, "x", 1)));
            ORDER.add("unreached");
        } catch (ExceptionInInitializerError e) {
            ORDER.add("caught " + e.getCause().getMessage());
        }
        return Coroutine.of("ok");
    }

    @Test
    void failingStaticInitialiserStopsBeforeTheArguments() {
        ORDER.clear();
        assertEquals("ok", Asyncio.run(constructFailingClass()));
        assertEquals(List.of("before", "Exploding.<clinit>", "caught no init"), new ArrayList<>(ORDER));
    }

    // ---- two-slot values ----

    private static String mix(long a, double b, int c, long d, double e) {
        return a + ";" + b + ";" + c + ";" + d + ";" + e;
    }

    @Async
    Coroutine<List<Object>> twoSlotValues() {
        long big = Long.MAX_VALUE - 5;
        double half = 0.5;
        String m = mix(big, half, Await.on(twice(3)), -big, -half);
        long r = 5L * Await.on(longLater(7L)) + Await.on(longLater(1L << 50));
        double d = 1.5 + Await.on(doubleLater(2.25)) * half;
        long widened = big + Await.on(same(2));
        double dw = half + Await.on(same(1)) + Await.on(longLater(2L));
        long sum = 0;
        for (int i = 0; i < 100; i++) {
            sum += Await.on(longLater(1L << 40));
            sum += Await.on(same(i));
        }
        return Coroutine.of(Arrays.asList(m, r, d, widened, dw, sum));
    }

    @Test
    void longAndDoubleOperandsSurviveAwaits() {
        long big = Long.MAX_VALUE - 5;
        assertEquals(Arrays.asList(mix(big, 0.5, 6, -big, -0.5), 35L + (1L << 50), 1.5 + 2.25 * 0.5, big + 2,
                        3.5, 100L * (1L << 40) + 4950L),
                Asyncio.run(twoSlotValues()));
    }

    // ---- operands with a task and a future ----

    @Async
    Coroutine<Integer> awaitsOfTasksInsideExpressions() {
        Task<Integer> t = Asyncio.createTask(twice(10));
        int[] arr = {3};
        int r = arr[0] * 1000 + Await.on(t) + (Await.on(t) << 8);
        return Coroutine.of(r);
    }

    @Test
    void sameTaskAwaitedTwiceInOneExpression() {
        assertEquals(3000 + 20 + (20 << 8), Asyncio.run(awaitsOfTasksInsideExpressions()));
    }

    @Async
    Coroutine<Object> castAndInstanceof() {
        Object o = Await.on(later((Object) "str"));
        int len = ((String) Await.on(later((Object) "four"))).length();
        boolean isString = Await.on(later((Object) 5)) instanceof String;
        return Coroutine.of(o + ":" + len + ":" + isString);
    }

    @Test
    void castsAndInstanceofOnAwaitedValues() {
        Object r = Asyncio.run(castAndInstanceof());
        assertNotNull(r);
        assertEquals("str:4:false", r);
    }

    @Async
    Coroutine<Object> identityOfAwaitedObject(Object expected) {
        Object got = Await.on(later(expected));
        return Coroutine.of(got);
    }

    @Test
    void awaitedValueIsTheSameInstance() {
        Object marker = new Object();
        assertSame(marker, Asyncio.run(identityOfAwaitedObject(marker)));
    }
}
