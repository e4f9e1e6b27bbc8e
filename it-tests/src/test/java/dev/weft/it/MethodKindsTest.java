package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.weft.it.Coros.later;
import static dev.weft.it.Coros.same;
import static dev.weft.it.Coros.twice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code @Async} on every kind of method and in every kind of class. */
class MethodKindsTest extends AsyncTestBase {

    private int base = 100;
    private final List<String> log = new ArrayList<>();

    // ---- static, instance, generic, varargs ----

    @Async
    static Coroutine<Integer> staticMethod(int x) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(x + Await.on(twice(x)));
    }

    @Async
    Coroutine<Integer> instanceMethod(int x) {
        int before = base;
        Await.on(Asyncio.sleep(0));
        base += x;
        return Coroutine.of(before + base);
    }

    @Async
    static <T> Coroutine<List<T>> genericMethod(T first, T second) {
        T a = Await.on(later(first));
        Await.on(Asyncio.sleep(0));
        T b = Await.on(later(second));
        return Coroutine.of(Arrays.asList(b, a));
    }

    @Async
    static <T extends Comparable<? super T>> Coroutine<T> maxOf(List<T> items) {
        T best = null;
        for (T item : items) {
            T it = Await.on(later(item));
            if (best == null || it.compareTo(best) > 0) {
                best = it;
            }
        }
        return Coroutine.of(best);
    }

    @Async
    static Coroutine<Integer> varargs(int... xs) {
        int sum = 0;
        for (int x : xs) {
            sum += Await.on(twice(x));
        }
        return Coroutine.of(sum * 1000 + xs.length);
    }

    @Async
    static Coroutine<String> varargsAfterOthers(String sep, long weight, Object... parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (sb.length() > 0) {
                sb.append(Await.on(later(sep)));
            }
            sb.append(p);
        }
        return Coroutine.of(sb + "*" + weight);
    }

    @Async
    static Coroutine<String> manyWideParameters(long a, double b, int c, long d, double e, float f, long g) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(a + "," + b + "," + c + "," + d + "," + e + "," + f + "," + g);
    }

    @Async
    Coroutine<List<Object>> plainKinds() {
        List<Object> out = new ArrayList<>();
        out.add(Await.on(staticMethod(5)));
        out.add(Await.on(instanceMethod(7)));
        out.add(Await.on(MethodKindsTest.<String>genericMethod("x", "y")));
        out.add(Await.on(maxOf(List.of(3, 9, 4))));
        out.add(Await.on(maxOf(List.of("pear", "apple", "zucchini", "fig"))));
        out.add(Await.on(varargs(1, 2, 3)));
        out.add(Await.on(varargs()));
        out.add(Await.on(varargsAfterOthers("-", 9L, "a", 1, 'c', 2.5)));
        out.add(Await.on(manyWideParameters(Long.MIN_VALUE, 0.1, -1, Long.MAX_VALUE, 1e-300, 2.5f, 42L)));
        return Coroutine.of(out);
    }

    @Test
    void staticInstanceGenericAndVarargsMethods() {
        assertEquals(Arrays.asList(15, 100 + 107, List.of("y", "x"), 9, "zucchini", 12_003, 0, "a-1-c-2.5*9",
                        Long.MIN_VALUE + ",0.1,-1," + Long.MAX_VALUE + ",1.0E-300,2.5,42"),
                Asyncio.run(plainKinds()));
        assertEquals(107, base);
    }

    // ---- coroutines that return other coroutines ----

    @Async
    static Coroutine<Integer> tailDelegation(int x) {
        Await.on(Asyncio.sleep(0));
        if (x > 10) {
            return twice(x);
        }
        return Asyncio.sleep(0, x + 1);
    }

    @Async
    static Coroutine<String> returnsNull() {
        Await.on(Asyncio.sleep(0));
        return null;
    }

    @Async
    static Coroutine<String> noAwaitAtAll(String s) {
        return Coroutine.of(s + "!");
    }

    @Async
    static Coroutine<Void> doneOnly(List<String> out) {
        out.add("doneOnly ran");
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> returnsOfOtherCoroutines() {
        List<String> out = new ArrayList<>();
        out.add("" + Await.on(tailDelegation(20)));
        out.add("" + Await.on(tailDelegation(3)));
        out.add("" + Await.on(returnsNull()));
        out.add(Await.on(noAwaitAtAll("plain")));
        Object v = Await.on(doneOnly(out));
        out.add("done=" + v);
        return Coroutine.of(String.join(",", out));
    }

    @Test
    void returningAnotherCoroutineOrNull() {
        assertEquals("40,4,null,plain!,doneOnly ran,done=null", Asyncio.run(returnsOfOtherCoroutines()));
        assertNull(Asyncio.run(returnsNull()));
    }

    // ---- interfaces ----

    interface Greeter {
        String name();

        @Async
        default Coroutine<String> greet(String greeting) {
            Await.on(Asyncio.sleep(0));
            String n = Await.on(decorate(name()));
            return Coroutine.of(greeting + ", " + n);
        }

        @Async
        static Coroutine<Integer> answer() {
            int half = Await.on(same(21));
            return Coroutine.of(Await.on(twice(half)));
        }

        @Async
        private Coroutine<String> decorate(String s) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of("*" + s + "*");
        }
    }

    static final class English implements Greeter {
        @Override
        public String name() {
            return "World";
        }
    }

    @Async
    static Coroutine<String> interfaceMethods() {
        Greeter g = new English();
        String s = Await.on(g.greet("Hello"));
        Greeter lambda = () -> "Lambda";
        return Coroutine.of(s + " " + Await.on(Greeter.answer()) + " " + Await.on(lambda.greet("Hi")));
    }

    @Test
    void interfaceDefaultPrivateAndStaticMethods() {
        assertEquals("Hello, *World* 42 Hi, *Lambda*", Asyncio.run(interfaceMethods()));
    }

    // ---- generic interface implemented with a bridge method ----

    interface Fetcher<T> {
        Coroutine<T> fetch(T key);
    }

    static final class StringFetcher implements Fetcher<String> {
        private final String prefix;

        StringFetcher(String prefix) {
            this.prefix = prefix;
        }

        @Async
        @Override
        public Coroutine<String> fetch(String key) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(prefix + key.toUpperCase());
        }
    }

    abstract static class NumberSource<N extends Number> {
        abstract Coroutine<N> next(N previous);

        @Async
        Coroutine<Long> total(N start, int count) {
            long sum = 0;
            N cur = start;
            for (int i = 0; i < count; i++) {
                cur = Await.on(next(cur));
                sum += cur.longValue();
            }
            return Coroutine.of(sum);
        }
    }

    static final class Doubler extends NumberSource<Integer> {
        @Async
        @Override
        Coroutine<Integer> next(Integer previous) {
            return Coroutine.of(Await.on(twice(previous)));
        }
    }

    @Async
    static Coroutine<String> throughBridges() {
        Fetcher<String> f = new StringFetcher("k:");
        String a = Await.on(f.fetch("abc"));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Fetcher<Object> raw = (Fetcher) f;
        Object b = Await.on(raw.fetch("def"));
        NumberSource<Integer> src = new Doubler();
        long t = Await.on(src.total(1, 4));
        return Coroutine.of(a + " " + b + " " + t);
    }

    @Test
    void asyncMethodOverridingAGenericInterfaceMethodCalledThroughTheBridge() {
        assertEquals("k:ABC k:DEF " + (2 + 4 + 8 + 16), Asyncio.run(throughBridges()));
    }

    // ---- super calls ----

    static class Base {
        @Async
        Coroutine<String> describe(int n) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of("base" + n);
        }
    }

    static class Derived extends Base {
        @Async
        @Override
        Coroutine<String> describe(int n) {
            String fromSuper = Await.on(super.describe(n + 1));
            Await.on(Asyncio.sleep(0));
            return Coroutine.of("derived(" + fromSuper + ")");
        }
    }

    @Test
    void overridingAsyncMethodAwaitsTheSuperImplementation() {
        Base b = new Derived();
        assertEquals("derived(base2)", Asyncio.run(b.describe(1)));
    }

    // ---- enums and records ----

    enum Op {
        PLUS {
            @Async
            @Override
            Coroutine<Integer> apply(int a, int b) {
                Await.on(Asyncio.sleep(0));
                return Coroutine.of(a + Await.on(same(b)));
            }
        },
        TIMES,
        POWER {
            @Async
            @Override
            Coroutine<Integer> apply(int a, int b) {
                int r = 1;
                for (int i = 0; i < b; i++) {
                    r = Await.on(TIMES.apply(r, a));
                }
                return Coroutine.of(r);
            }
        };

        @Async
        Coroutine<Integer> apply(int a, int b) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(a * Await.on(same(b)) + ordinal() - 1);
        }

        @Async
        static Coroutine<String> applyAll(int a, int b) {
            StringBuilder sb = new StringBuilder();
            for (Op op : values()) {
                sb.append(op.name().charAt(0)).append(Await.on(op.apply(a, b)));
            }
            return Coroutine.of(sb.toString());
        }
    }

    @Test
    void asyncMethodsInAnEnumAndInEnumConstantBodies() {
        assertEquals("P5T6P8", Asyncio.run(Op.applyAll(2, 3)));
    }

    record Point(int x, int y) {
        @Async
        Coroutine<Integer> manhattanLater(Point other) {
            int dx = Math.abs(x - Await.on(same(other.x())));
            Await.on(Asyncio.sleep(0));
            int dy = Math.abs(y() - other.y);
            return Coroutine.of(dx + dy);
        }

        @Async
        static Coroutine<Point> parse(String s) {
            String[] parts = Await.on(later(s.split(",")));
            return Coroutine.of(new Point(Integer.parseInt(parts[0].trim()), Await.on(same(Integer.parseInt(parts[1].trim())))));
        }
    }

    @Async
    static Coroutine<String> records() {
        Point p = Await.on(Point.parse("3, 4"));
        int d = Await.on(p.manhattanLater(new Point(-1, 10)));
        return Coroutine.of(p + " " + d);
    }

    @Test
    void asyncMethodsInARecord() {
        assertEquals("Point[x=3, y=4] 10", Asyncio.run(records()));
    }

    // ---- inner, local and anonymous classes; private members of the outer class ----

    private int secret = 42;
    private static String staticSecret = "s3";

    private int secretPlus(int x) {
        return secret + x;
    }

    private static String hidden(String s) {
        return "[" + s + "]";
    }

    @Async
    private Coroutine<Integer> privateAsync(int x) {
        Await.on(Asyncio.sleep(0));
        secret++;
        return Coroutine.of(x * 2);
    }

    @Async
    private static Coroutine<String> privateStaticAsync(String s) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(hidden(s));
    }

    final class Inner {
        private final int k;

        Inner(int k) {
            this.k = k;
        }

        @Async
        Coroutine<String> compute() {
            int a = Await.on(privateAsync(k));
            Await.on(Asyncio.sleep(0));
            secret += a;
            String h = Await.on(privateStaticAsync(staticSecret));
            log.add("inner " + k);
            return Coroutine.of(a + ":" + secret + ":" + secretPlus(1) + ":" + h + ":" + base
                    + ":" + MethodKindsTest.this.base);
        }
    }

    @Test
    void innerClassUsesPrivateMembersOfTheOuterClass() {
        Inner inner = new Inner(5);
        // privateAsync: secret 42 -> 43; then secret += 10 -> 53
        assertEquals("10:53:54:[s3]:100:100", Asyncio.run(inner.compute()));
        assertEquals(53, secret);
        assertEquals(List.of("inner 5"), log);
    }

    static final class Outer {
        private int hiddenCount;

        private void bump() {
            hiddenCount++;
        }

        final class Nested {
            private final String tag;

            Nested(String tag) {
                this.tag = tag;
            }

            @Async
            Coroutine<String> run() {
                bump();
                Await.on(Asyncio.sleep(0));
                bump();
                return Coroutine.of(tag + hiddenCount);
            }
        }
    }

    @Test
    void innerClassOfANestedClassCallsAPrivateMethod() {
        Outer o = new Outer();
        assertEquals("t2", Asyncio.run(o.new Nested("t").run()));
        assertEquals(2, o.hiddenCount);
    }

    interface AsyncJob {
        Coroutine<String> run(int n);
    }

    @Async
    Coroutine<String> localAndAnonymousClasses(String prefix) {
        int captured = Await.on(same(7));
        class Local {
            private final int offset;

            Local(int offset) {
                this.offset = offset;
            }

            @Async
            Coroutine<String> describe(int n) {
                Await.on(Asyncio.sleep(0));
                return Coroutine.of(prefix + (n + offset + captured) + ":" + base);
            }
        }
        AsyncJob anonymous = new AsyncJob() {
            private int calls;

            @Async
            @Override
            public Coroutine<String> run(int n) {
                calls++;
                int v = Await.on(twice(n));
                Await.on(Asyncio.sleep(0));
                return Coroutine.of(prefix + v + "/" + captured + "/" + calls + "/" + secretPlus(0));
            }
        };
        String a = Await.on(new Local(100).describe(1));
        String b = Await.on(anonymous.run(3));
        String c = Await.on(anonymous.run(4));
        return Coroutine.of(a + " " + b + " " + c);
    }

    @Test
    void asyncMethodsInLocalAndAnonymousClassesCapturingLocals() {
        assertEquals("p108:100 p6/7/1/42 p8/7/2/42", Asyncio.run(localAndAnonymousClasses("p")));
    }

    static final class Box<T> {
        private T value;

        Box(T value) {
            this.value = value;
        }

        @Async
        Coroutine<T> swapLater(T replacement) {
            T old = value;
            Await.on(Asyncio.sleep(0));
            value = Await.on(later(replacement));
            return Coroutine.of(old);
        }
    }

    @Test
    void asyncMethodOfAGenericClass() {
        Box<String> box = new Box<>("old");
        assertEquals("old", Asyncio.run(box.swapLater("new")));
        assertEquals("new", box.value);
    }
}
