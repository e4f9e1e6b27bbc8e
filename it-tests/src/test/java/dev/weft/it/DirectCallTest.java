package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.it.other.Greeter;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Awaits of a just-called {@code @Async} method that no override can redirect (static, private, final) call
 * its body directly, and make its frame only if it suspends. These tests check that such calls keep every
 * meaning of an await: values, the order of events, suspension at any depth, exceptions, cancellation,
 * parameters written before a suspension, overrides, and calls into other classes.
 */
class DirectCallTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();

    @Async
    static Coroutine<Integer> bottom(List<String> log, int v) {
        log.add("bottom start " + v);
        Await.on(Asyncio.sleep(0));
        log.add("bottom resumed " + v);
        return Coroutine.of(v + 1);
    }

    @Async
    static Coroutine<Integer> middle(List<String> log, int v) {
        log.add("middle start");
        int r = Await.on(bottom(log, v * 2));
        log.add("middle got " + r);
        r += Await.on(bottom(log, r));
        return Coroutine.of(r);
    }

    @Async
    Coroutine<Void> suspendBelowDirectCalls() {
        Asyncio.getRunningLoop().callSoon(() -> log.add("callback"));
        int r = Await.on(middle(log, 5));
        log.add("top got " + r);
        return Coroutine.done();
    }

    @Test
    void aDirectlyCalledMethodSuspendsAndResumesItsCallers() {
        Asyncio.run(suspendBelowDirectCalls());
        assertEquals(List.of("middle start", "bottom start 10", "callback", "bottom resumed 10", "middle got 11",
                "bottom start 11", "bottom resumed 11", "top got 23"), log);
    }

    @Async
    static Coroutine<String> rewritesItsParameters(String s, int n, long big) {
        s = s + "!";
        n = n * 2;
        Await.on(Asyncio.sleep(0));
        big += n;
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(s + n + ":" + big);
    }

    @Test
    void parametersWrittenBeforeTheFirstSuspensionSurviveIt() {
        assertEquals("a!6:106", Asyncio.run(rewritesItsParameters("a", 3, 100L)));
    }

    @Async
    Coroutine<String> argumentsReadOnlyBeforeOrAfter(String before, long beforeToo, int looped, String after) {
        log.add("before " + before + beforeToo);
        int sum = 0;
        for (int k = 0; k < 3; k++) {
            sum += Await.on(bottom(log, looped + k)); // the frame is made here, on the first suspension
        }
        return Coroutine.of(after + sum);
    }

    /**
     * The frame made at the first suspension gets zero for the arguments no later code reads ({@code before},
     * {@code beforeToo}), and the others as they are: {@code looped} is read again by the next iteration,
     * {@code after} at the end.
     */
    @Test
    void argumentsStillReadAfterTheFirstSuspensionSurviveIt() {
        assertEquals("after 36", Asyncio.run(argumentsReadOnlyBeforeOrAfter("b", 2L, 10, "after ")));
        assertEquals(List.of("before b2", "bottom start 10", "bottom resumed 10", "bottom start 11",
                "bottom resumed 11", "bottom start 12", "bottom resumed 12"), log);
    }

    @Async
    static Coroutine<Integer> failing(List<String> log, boolean suspendFirst) {
        try {
            if (suspendFirst) {
                Await.on(Asyncio.sleep(0));
            }
            throw new IllegalStateException("boom " + suspendFirst);
        } finally {
            log.add("failing finally " + suspendFirst);
        }
    }

    @Async
    Coroutine<Void> catchFailures() {
        for (boolean suspend : new boolean[]{false, true}) {
            try {
                Await.on(failing(log, suspend));
                log.add("unreached");
            } catch (IllegalStateException e) {
                log.add("caught " + e.getMessage());
            }
        }
        return Coroutine.done();
    }

    @Test
    void exceptionsOfADirectCallReachTheCallersHandlers() {
        Asyncio.run(catchFailures());
        assertEquals(List.of("failing finally false", "caught boom false", "failing finally true", "caught boom true"),
                log);
    }

    @Async
    static Coroutine<Void> sleepDeep(List<String> log, int depth) {
        try {
            if (depth == 0) {
                log.add("asleep");
                Await.on(Asyncio.sleep(10));
            } else {
                Await.on(sleepDeep(log, depth - 1));
            }
        } finally {
            log.add("finally " + depth);
        }
        return Coroutine.done();
    }

    @Async
    Coroutine<Void> cancelDeep() {
        Task<Void> t = Asyncio.createTask(sleepDeep(log, 3));
        Await.on(Asyncio.sleep(0));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("cancelled");
        }
        return Coroutine.done();
    }

    @Test
    void cancellingATaskSuspendedUnderDirectCallsUnwindsEveryLevel() {
        Asyncio.run(cancelDeep());
        assertEquals(List.of("asleep", "finally 0", "finally 1", "finally 2", "finally 3", "cancelled"), log);
    }

    @Async
    static Coroutine<Integer> sumTo(int n) {
        if (n == 0) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(0);
        }
        return Coroutine.of(n + Await.on(sumTo(n - 1)));
    }

    @Async
    static Coroutine<Integer> tail(int n) {
        if (n == 0) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(7);
        }
        return tail(n - 1);
    }

    @Test
    void recursionDeeperThanTheInlineLimitBouncesOffTheDriver() {
        assertEquals(500 * 501 / 2, Asyncio.run(sumTo(500)));
        assertEquals(7, Asyncio.run(tail(1000)));
    }

    /** Overrides name() with a suspending @Async method. */
    static final class Moon extends Greeter {
        @Async
        @Override
        public Coroutine<String> name() {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of("moon");
        }
    }

    /** Overrides name() with a plain method. */
    static final class Plain extends Greeter {
        @Override
        public Coroutine<String> name() {
            return Coroutine.of("plain");
        }
    }

    private static int secret(int x) {
        return x * 3;
    }

    @Async
    private static Coroutine<Integer> hidden(int x) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(secret(x));
    }

    /** A nestmate calling its outer class's private @Async method. */
    static final class Nested {
        @Async
        static Coroutine<Integer> viaNest(int x) {
            return Coroutine.of(Await.on(hidden(x)) + 1);
        }
    }

    @Async
    Coroutine<Void> otherClasses() {
        log.add(Await.on(new Greeter().greet("hello")));
        log.add(Await.on(new Moon().greet("good night")));
        log.add(Await.on(new Plain().greet("hi")));
        log.add("next " + Await.on(Greeter.next(1, false)) + " " + Await.on(Greeter.next(2, true)));
        log.add("nested " + Await.on(Nested.viaNest(4)));
        return Coroutine.done();
    }

    @Test
    void overridesAreHonouredAndOtherClassesAreCalledDirectly() {
        Asyncio.run(otherClasses());
        assertEquals(List.of("hello, world", "good night, moon", "hi, plain", "next 2 3", "nested 13"), log);
    }
}
