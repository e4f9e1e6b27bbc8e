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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A method declared to return {@code Coroutine<Integer>} (or another boxed primitive) has a body that returns the
 * primitive, and a direct call of it unboxes nothing. Every way of getting the result must still give the same
 * value, with and without a suspension: a direct await used as the primitive and as the object, the await of a
 * coroutine made earlier, a task, {@code return m(..)}, a {@code null} result, values of every primitive type
 * (with wide ones spilled from the operand stack), calls into another class, recursion past the inline depth,
 * exceptions and cancellation.
 */
class PrimitiveResultTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();

    @Async
    static Coroutine<Integer> anInt(int v, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Long> aLong(long v, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Double> aDouble(double v, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Float> aFloat(float v, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Boolean> aBoolean(boolean v, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Character> aChar(char v, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Short> aShort(short v, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<Byte> aByte(byte v, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        return Coroutine.of(v);
    }

    @Async
    static Coroutine<String> everyType(boolean suspend) {
        // Each value used as the primitive, with values below it on the operand stack (long and double are two
        // slots wide), then as an object.
        long l = 1L + Await.on(aLong(1L << 40, suspend));
        double d = 0.5 + Await.on(aDouble(2.25, suspend));
        String s = "i" + Await.on(anInt(-7, suspend)) + " l" + l + " d" + d
                + " f" + Await.on(aFloat(1.5f, suspend)) + " z" + Await.on(aBoolean(true, suspend))
                + " c" + Await.on(aChar('q', suspend)) + " s" + Await.on(aShort((short) -300, suspend))
                + " b" + Await.on(aByte((byte) 100, suspend));
        Object asObject = Await.on(anInt(42, suspend));
        Long boxedLong = Await.on(aLong(-1L, suspend));
        s += " " + asObject.getClass().getSimpleName() + asObject + " " + boxedLong;
        return Coroutine.of(s);
    }

    @Test
    void everyPrimitiveTypeComesBackWithAndWithoutASuspension() {
        String expected = "i-7 l1099511627777 d2.75 f1.5 ztrue cq s-300 b100 Integer42 -1";
        assertEquals(expected, Asyncio.run(everyType(false)));
        assertEquals(expected, Asyncio.run(everyType(true)));
    }

    // The values a body returns when it signals (a suspension or a null result): a caller reads the signal only
    // when the primitive is one of these. As real results they must come back as they are.
    private static final int INT_MARKER = 0x8000_5EF7;
    private static final long LONG_MARKER = 0x8000_0000_0000_5EF7L;

    @Async
    static Coroutine<String> markerValues(boolean suspend) {
        int i = Await.on(anInt(INT_MARKER, suspend));
        long l = Await.on(aLong(LONG_MARKER, suspend));
        float f = Await.on(aFloat(Float.intBitsToFloat(INT_MARKER), suspend));
        double d = Await.on(aDouble(Double.longBitsToDouble(LONG_MARKER), suspend));
        char c = Await.on(aChar('\uFFFF', suspend));
        short s = Await.on(aShort((short) 0x8A51, suspend));
        byte b = Await.on(aByte((byte) 0x81, suspend));
        boolean z = Await.on(aBoolean(false, suspend));
        Object asObject = Await.on(anInt(INT_MARKER, suspend));
        return Coroutine.of(Integer.toHexString(i) + " " + Long.toHexString(l)
                + " " + Integer.toHexString(Float.floatToRawIntBits(f))
                + " " + Long.toHexString(Double.doubleToRawLongBits(d)) + " " + Integer.toHexString(c)
                + " " + s + " " + b + " " + z + " " + asObject);
    }

    @Test
    void resultsEqualToTheSignalMarkersAreStillResults() {
        String expected = "80005ef7 8000000000005ef7 80005ef7 8000000000005ef7 ffff -30127 -127 false "
                + INT_MARKER;
        assertEquals(expected, Asyncio.run(markerValues(false)));
        assertEquals(expected, Asyncio.run(markerValues(true)));
        // Through the frame, not a direct call: the driver runs the body and boxes the marker as the result.
        assertEquals(INT_MARKER, Asyncio.run(anInt(INT_MARKER, false)));
        assertEquals(LONG_MARKER, Asyncio.run(aLong(LONG_MARKER, true)));
        assertEquals(Boolean.FALSE, Asyncio.run(aBoolean(false, true)));
    }

    @Async
    Coroutine<Void> everyWayToAwait(boolean suspend) {
        Coroutine<Integer> made = anInt(1, suspend);
        log.add("made " + Await.on(made));
        Task<Long> task = Asyncio.createTask(aLong(2, suspend));
        log.add("task " + Await.on(task));
        log.add("returned " + Await.on(returnsAnother(3, suspend)));
        log.add("returned stored " + Await.on(returnsStored(4, suspend)));
        log.add("gathered " + Await.on(Asyncio.gather(anInt(5, suspend), aDouble(6, suspend))));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Integer> returnsAnother(int v, boolean suspend) {
        return anInt(v * 10, suspend); // a direct call, returned
    }

    @Async
    static Coroutine<Integer> returnsStored(int v, boolean suspend) {
        Coroutine<Integer> c = anInt(v * 10, suspend);
        return c; // awaited as a coroutine, returned
    }

    @Test
    void aCoroutineMadeEarlierATaskAndAReturnedCallGiveTheValue() {
        Asyncio.run(everyWayToAwait(false));
        Asyncio.run(everyWayToAwait(true));
        List<String> once = List.of("made 1", "task 2", "returned 30", "returned stored 40", "gathered [5, 6.0]");
        List<String> twice = new ArrayList<>(once);
        twice.addAll(once);
        assertEquals(twice, log);
        assertEquals(7, Asyncio.run(anInt(7, true)));
        assertEquals(Boolean.FALSE, Asyncio.run(aBoolean(false, true)));
    }

    private static Integer nothing;

    @Async
    static Coroutine<Integer> none(int how, boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        switch (how) {
            case 0:
                return Coroutine.of(null);
            case 1:
                @SuppressWarnings("unchecked")
                Coroutine<Integer> done = (Coroutine<Integer>) (Coroutine<?>) Coroutine.done();
                return done; // another coroutine, returned
            case 2:
                return Coroutine.of(nothing); // not boxed right there
            default:
                return none(0, suspend); // returned from a direct call
        }
    }

    @Async
    static Coroutine<Long> noneLong(boolean suspend) {
        Long v = Await.on(none(3, suspend)) == null ? null : 1L;
        return Coroutine.of(v);
    }

    @Async
    Coroutine<Void> nullResults(boolean suspend) {
        for (int how = 0; how < 4; how++) {
            Integer direct = Await.on(none(how, suspend));
            Coroutine<Integer> made = none(how, suspend);
            Object viaFrame = Await.on(made);
            log.add(how + ": " + direct + " " + viaFrame + " " + Await.on(Asyncio.createTask(none(how, suspend))));
        }
        log.add("long " + Await.on(noneLong(suspend)));
        try {
            int unboxed = Await.on(none(0, suspend));
            log.add("unboxed " + unboxed);
        } catch (NullPointerException e) {
            log.add("unboxed: " + e.getMessage());
        }
        // Nothing is left behind: an await of a value after a null one is unaffected.
        log.add("then " + Await.on(anInt(9, suspend)));
        return Coroutine.done();
    }

    @Test
    void aNullResultIsNullEverywhereAndFailsOnlyWhereItIsUnboxed() {
        for (boolean suspend : new boolean[] {false, true}) {
            log.clear();
            Asyncio.run(nullResults(suspend));
            assertEquals(List.of("0: null null null", "1: null null null", "2: null null null", "3: null null null",
                    "long null",
                    "unboxed: cannot unbox the result of dev.weft.it.PrimitiveResultTest.none: it is null", "then 9"), log, "suspend " + suspend);
        }
        assertNull(Asyncio.run(none(1, true)));
    }

    @Async
    static Coroutine<Long> depth(int n) {
        if (n == 0) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(0L);
        }
        return Coroutine.of(n + Await.on(depth(n - 1)));
    }

    @Async
    static Coroutine<Double> tailDepth(int n) {
        if (n == 0) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(0.5);
        }
        return tailDepth(n - 1);
    }

    @Test
    void recursionDeeperThanTheInlineLimitKeepsEveryValue() {
        assertEquals(5000L * 5001 / 2, Asyncio.run(depth(5000)));
        assertEquals(0.5, Asyncio.run(tailDepth(5000)));
    }

    @Async
    Coroutine<Integer> ordered(String name, int v) {
        log.add(name + " start");
        Await.on(Asyncio.sleep(0));
        log.add(name + " resumed");
        return Coroutine.of(v);
    }

    @Async
    Coroutine<Integer> sum(String name) {
        int a = Await.on(ordered(name + ".a", 1));
        int b = Await.on(ordered(name + ".b", 2));
        log.add(name + " got " + (a + b));
        return Coroutine.of(a + b);
    }

    @Async
    Coroutine<Void> interleaved() {
        Task<Integer> x = Asyncio.createTask(sum("x"));
        int y = Await.on(sum("y"));
        log.add("main " + y + " " + Await.on(x));
        return Coroutine.done();
    }

    @Test
    void suspensionsInsidePrimitiveBodiesInterleaveInLoopOrder() {
        Asyncio.run(interleaved());
        assertEquals(List.of("y.a start", "x.a start", "y.a resumed", "y.b start", "x.a resumed", "x.b start",
                "y.b resumed", "y got 3", "x.b resumed", "x got 3", "main 3 3"), log);
    }

    @Async
    static Coroutine<Integer> fails(boolean suspend) {
        if (suspend) {
            Await.on(Asyncio.sleep(0));
        }
        throw new IllegalStateException("boom " + suspend);
    }

    @Async
    static Coroutine<Integer> sleepsLong(List<String> log) {
        try {
            Await.on(Asyncio.sleep(3600));
            return Coroutine.of(1);
        } catch (CancelledError e) {
            log.add("inner cancelled");
            throw e;
        }
    }

    @Async
    static Coroutine<Integer> caller(List<String> log) {
        int v = Await.on(sleepsLong(log));
        log.add("not reached " + v);
        return Coroutine.of(v);
    }

    @Async
    Coroutine<Void> failures() {
        for (boolean suspend : new boolean[] {false, true}) {
            try {
                int v = Await.on(fails(suspend));
                log.add("not reached " + v);
            } catch (IllegalStateException e) {
                log.add(e.getMessage());
            }
        }
        Task<Integer> t = Asyncio.createTask(caller(log));
        Await.on(Asyncio.sleep(0));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            log.add("task cancelled " + t.isCancelled());
        }
        return Coroutine.done();
    }

    @Test
    void exceptionsAndCancellationPassThroughPrimitiveBodies() {
        Asyncio.run(failures());
        assertEquals(List.of("boom false", "boom true", "inner cancelled", "task cancelled true"), log);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(fails(true)));
        assertEquals("boom true", e.getMessage());
    }

    @Async
    static Coroutine<Long> otherClass() {
        long total = 0;
        for (int i = 0; i < 3; i++) {
            total += Await.on(Greeter.twice(i, i == 1));
        }
        return Coroutine.of(total);
    }

    @Test
    void aDirectCallIntoAnotherClassAgreesOnThePrimitive() {
        assertEquals(0L + 2 + 4, Asyncio.run(otherClass()));
        assertTrue(Asyncio.run(Greeter.twice(21, true)) == 42L);
    }
}
