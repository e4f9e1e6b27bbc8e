package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static dev.weft.it.Coros.later;
import static dev.weft.it.Coros.same;
import static dev.weft.it.Coros.twice;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lambdas and method references inside {@code @Async} methods: plain ones that capture locals, ones
 * that return a coroutine without awaiting, and async lambdas (a body that awaits, a functional method
 * that returns {@link Coroutine}), which are woven as coroutines of their own.
 */
class LambdaTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();
    private int field = 1000;

    private String tag(String s) {
        return "<" + s + ">";
    }

    @Async
    Coroutine<String> plainLambdasCapturingLocals(List<Integer> xs) {
        int captured = Await.on(same(100));
        List<Integer> acc = new ArrayList<>();
        xs.forEach(x -> acc.add(x + captured));
        Await.on(Asyncio.sleep(0));
        long big = 1L << 40;
        double scale = Await.on(Coros.doubleLater(0.5));
        String prefix = Await.on(later("p-"));
        xs.forEach(x -> acc.add((int) ((big + x) * scale - (big >> 1))));
        Await.on(Asyncio.sleep(0));
        String joined = xs.stream().map(String::valueOf).map(prefix::concat).map(this::tag)
                .collect(Collectors.joining(","));
        IntBinaryOperator op = (a, b) -> a * b + captured + field;
        int applied = op.applyAsInt(Await.on(twice(3)), Await.on(same(7)));
        return Coroutine.of(acc + " " + joined + " " + applied);
    }

    @Test
    void plainLambdasAndMethodReferencesCaptureLocalsAcrossAwaits() {
        assertEquals("[101, 102, 103, 0, 1, 1] <p-1>,<p-2>,<p-3> " + (6 * 7 + 100 + 1000),
                Asyncio.run(plainLambdasCapturingLocals(List.of(1, 2, 3))));
    }

    @Async
    Coroutine<Integer> lambdaReturningACoroutine() {
        int captured = Await.on(same(20));
        Supplier<Coroutine<Integer>> s = () -> twice(captured);
        int a = Await.on(s.get());
        Await.on(Asyncio.sleep(0));
        Function<Integer, Coroutine<Integer>> ref = Coros::twice;
        int b = Await.on(ref.apply(a));
        Supplier<Coroutine<Integer>> again = () -> twice(captured + field);
        Task<Integer> t = Asyncio.createTask(again.get());
        return Coroutine.of(b + Await.on(t));
    }

    @Test
    void supplierLambdaThatCallsAnAsyncMethod() {
        assertEquals(80 + 2 * 1020, Asyncio.run(lambdaReturningACoroutine()));
    }

    @Async
    Coroutine<Integer> asyncLambda() {
        Function<Integer, Coroutine<Integer>> f = n -> {
            int a = Await.on(twice(n));
            return Coroutine.of(a + 1);
        };
        return Coroutine.of(Await.on(f.apply(3)));
    }

    @Test
    void asyncLambdaIsWovenAsACoroutineOfItsOwn() {
        assertEquals(7, Asyncio.run(asyncLambda()));
    }

    @Async
    Coroutine<String> asyncLambdasCapturing(int offset) {
        long captured = Await.on(Coros.longLater(5L));
        BiFunction<String, Integer, Coroutine<String>> f = (s, n) -> {
            log.add("body " + s);
            Await.on(Asyncio.sleep(0));
            int v = Await.on(twice(n + offset));
            String t = Await.on(later(s.toUpperCase()));
            return Coroutine.of(t + (v + captured + field));
        };
        Coroutine<String> first = f.apply("a", 1);
        Coroutine<String> second = f.apply("b", 2);
        log.add("applied");
        String r2 = Await.on(second);
        String r1 = Await.on(first);
        return Coroutine.of(r1 + " " + r2);
    }

    @Test
    void asyncLambdaCapturesLocalsAndThisAndRunsOnlyWhenAwaited() {
        assertEquals("A" + (2 * 11 + 5 + 1000) + " B" + (2 * 12 + 5 + 1000), Asyncio.run(asyncLambdasCapturing(10)));
        assertEquals(List.of("applied", "body b", "body a"), log);
    }

    interface AsyncFn {
        Coroutine<String> call(String s, int n);
    }

    @Async
    static Coroutine<String> useAsyncFn(AsyncFn fn) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sb.append(Await.on(fn.call("x", i)));
        }
        return Coroutine.of(sb.toString());
    }

    @Async
    static Coroutine<String> customFunctionalInterface() {
        String sep = Await.on(later("|"));
        AsyncFn fn = (s, n) -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(Await.on(later(s)));
            }
            return Coroutine.of(sb + sep);
        };
        return Coroutine.of(Await.on(useAsyncFn(fn)));
    }

    @Test
    void asyncLambdaForACustomFunctionalInterface() {
        assertEquals("|x|xx|", Asyncio.run(customFunctionalInterface()));
    }

    @Async
    static Coroutine<Integer> nestedAsyncLambdas() {
        Function<Integer, Coroutine<Integer>> outer = n -> {
            Function<Integer, Coroutine<Integer>> inner = m -> {
                Await.on(Asyncio.sleep(0));
                return Coroutine.of(m * 10 + n);
            };
            int a = Await.on(inner.apply(n + 1));
            int b = Await.on(inner.apply(n + 2));
            return Coroutine.of(a + b);
        };
        return Coroutine.of(Await.on(outer.apply(1)) + Await.on(outer.apply(2)));
    }

    @Test
    void asyncLambdaInsideAnAsyncLambda() {
        // outer(1) = (2*10+1) + (3*10+1) = 52; outer(2) = (3*10+2) + (4*10+2) = 74
        assertEquals(52 + 74, Asyncio.run(nestedAsyncLambdas()));
    }

    @Test
    void asyncLambdaDefinedInAPlainMethod() {
        int captured = 4;
        Function<Integer, Coroutine<Integer>> f = n -> {
            int a = Await.on(twice(n));
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(a * captured);
        };
        Supplier<Coroutine<String>> job = () -> {
            Task<Integer> t = Asyncio.createTask(f.apply(5));
            int v = Await.on(t);
            return Coroutine.of("v=" + v);
        };
        assertEquals(40, Asyncio.run(f.apply(5)));
        assertEquals("v=40", Asyncio.run(job.get()));
    }

    @Async
    static Coroutine<String> asyncLambdaThrows() {
        Function<String, Coroutine<Integer>> parse = s -> {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(Integer.parseInt(s));
        };
        int sum = 0;
        List<String> errors = new ArrayList<>();
        for (String s : List.of("1", "x", "30")) {
            try {
                sum += Await.on(parse.apply(s));
            } catch (NumberFormatException e) {
                errors.add(e.getMessage());
            }
        }
        return Coroutine.of(sum + " " + errors);
    }

    @Test
    void exceptionFromAnAsyncLambdaIsCaughtByTheAwaiter() {
        assertEquals("31 [For input string: \"x\"]", Asyncio.run(asyncLambdaThrows()));
    }
}
