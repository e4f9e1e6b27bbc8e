// Reduced from fuzzer seed 81743: a suspend path shared with a point in a for loop saved the loop's int slot
// at an await in a finally's exception copy, where the slot, reused by a local of the try block, holds nothing
// (the handler's frame merges the locals after the store): the woven method did not verify.
package fz.reg.finallyslot;

import dev.weft.*;
import dev.weft.annotations.Async;
import java.util.*;
import java.util.concurrent.CompletableFuture;
import java.util.function.*;

public class Main {
    static final Object LOCK = new Object();
    /** The receiver of instance methods called from static ones. */
    static final Main INST = new Main();
    /** Bounds the number of @Async calls, so that every program terminates quickly. */
    static int fuel = 60;
    static int sI = 1; static long sJ = 2L; static double sD = 0.5; static float sF = 1.5f;
    static boolean sZ = true; static char sC = 'q'; static byte sB = (byte) 3; static short sS = (short) 4;
    static String sT = "st";
    static final int[] SARR = {5, 6, 7};
    int fI = 11; long fJ = 12L; double fD = 1.25; float fF = 2.5f;
    boolean fZ = false; char fC = 'f'; byte fB = (byte) -7; short fS = (short) 300;
    String fT = "ft";

    static final class Boom extends RuntimeException {
        Boom(String message) { super(message); }
    }

    static final class Box {
        final int i; final String s; final long l;
        Box(int i, String s, long l) { this.i = i; this.s = s; this.l = l; }
        @Override public String toString() { return "Box(" + i + "," + s + "," + l + ")"; }
    }

    static final class Res implements AutoCloseable {
        final String name;
        Res(String name, int v) { this.name = name + "/" + v; log("open " + this.name); }
        @Override public void close() { log("close " + name); }
    }

    /** Prints one trace line, printable ASCII only, long lines cut (with their length and hash). */
    static void log(String s) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < s.length() && k < 300; k++) {
            char c = s.charAt(k);
            if (c >= 32 && c < 127) { b.append(c); } else { b.append("\\u").append(Integer.toHexString(c)); }
        }
        if (s.length() > 300) { b.append("...#").append(s.length()).append('#').append(s.hashCode()); }
        System.out.println(b);
    }

    static String show(Object o) {
        if (o instanceof Character) { return "c" + (int) (Character) o; }
        if (o instanceof int[]) { return Arrays.toString((int[]) o); }
        if (o instanceof long[]) { return Arrays.toString((long[]) o); }
        if (o instanceof double[]) { return Arrays.toString((double[]) o); }
        if (o instanceof float[]) { return Arrays.toString((float[]) o); }
        if (o instanceof boolean[]) { return Arrays.toString((boolean[]) o); }
        if (o instanceof char[]) { StringBuilder b = new StringBuilder(); for (char c : (char[]) o) { b.append((int) c).append(';'); } return b.toString(); }
        if (o instanceof byte[]) { return Arrays.toString((byte[]) o); }
        if (o instanceof short[]) { return Arrays.toString((short[]) o); }
        if (o instanceof Object[]) { return Arrays.toString((Object[]) o); }
        return String.valueOf(o);
    }

    /** Keeps strings short however often a loop appends to them. */
    static String cut(String s) { return s.length() > 40 ? s.substring(s.length() - 40) : s; }

    static int mixI(int a, int b, int c) { return a * 31 + b * 7 - c; }
    static long mixJ(long a, long b, long c) { return a * 31L + b * 7L - c; }
    static double mixD(double a, double b, double c) { return a * 0.5 + b - c; }
    static float mixF(float a, float b, float c) { return a * 0.5f + b - c; }
    static boolean mixZ(boolean a, boolean b, boolean c) { return a ^ b | c; }
    static char mixC(char a, char b, char c) { return (char) (a + b - c); }
    static byte mixB(byte a, byte b, byte c) { return (byte) (a + b - c); }
    static short mixS(short a, short b, short c) { return (short) (a + b - c); }
    static String mixT(String a, String b, String c) { return cut(a + "|" + b + "|" + c); }

    static String statics() {
        return sI + " " + sJ + " " + sD + " " + sF + " " + sZ + " " + (int) sC + " " + sB + " " + sS + " " + sT
                + " " + Arrays.toString(SARR) + " | " + INST.fI + " " + INST.fJ + " " + INST.fD + " " + INST.fF
                + " " + INST.fZ + " " + (int) INST.fC + " " + INST.fB + " " + INST.fS + " " + INST.fT + " fuel=" + fuel;
    }

    /** A generic static @Async method: hands its argument back after a suspension. */
    @Async
    static <T> Coroutine<T> echo(int depth, T value) {
        Await.on(Asyncio.sleep(0));
        return Coroutine.of(value);
    }

    /** A generic private instance @Async method with two arguments of the type parameter. */
    @Async
    private <T> Coroutine<T> second(T first, T second) {
        T kept = first;
        Await.on(Asyncio.sleep(0));
        log("second " + show(kept));
        return Coroutine.of(second);
    }

    @Async static Coroutine<Double> a0(int depth) {
        if (depth <= 0 || --fuel < 0) { return Coroutine.of(0.0); }
        return Coroutine.of(0.0);
    }

    @Async Coroutine<Void> a2(int depth, char p0) {
        if (depth <= 0 || --fuel < 0) { return Coroutine.done(); }
        int w12 = 0; l11: while (w12 < 1) {
            w12++;
            l13: for (int i14 = 0; i14 < 0; i14++) {
                Await.on(Asyncio.sleep(0));
            }
            try {
                final UnaryOperator<String> fn16 = x17 -> "";
            } finally {
                if (((Boolean) Await.on(Asyncio.gather(Asyncio.sleep(0, false), Coroutine.of(((Boolean) Await.on(Asyncio.gather(Asyncio.sleep(0, sZ), Coroutine.of(INST.fZ))).get(0))))).get(0))) { continue; }
            }
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        try { log("result " + show(Asyncio.run(a0(4)))); } catch (Throwable t) { log("uncaught " + t.getClass().getSimpleName() + ": " + t.getMessage()); }
        log("statics " + statics());
    }
}

