package dev.weft.it.seeds;

import dev.weft.internal.VirtualClock;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code str()} and {@code repr()} for the values the seed programs print, so that a port prints
 * exactly what CPython prints: {@code ['A', 'B']}, {@code {'data': 123}}, {@code True}, {@code None}.
 * Also a tuple (for the priority queue of 12) and {@code time.sleep}.
 */
public final class Py {

    private Py() {
    }

    /**
     * Python's {@code str(x)}: what {@code print(x)} and an f-string {@code {x}} show.
     *
     * @param x a value
     * @return its str
     */
    public static String str(Object x) {
        if (x instanceof String s) {
            return s;
        }
        return repr(x);
    }

    /**
     * Python's {@code repr(x)} for None, bool, int, float, str, list, tuple, dict and set.
     *
     * @param x a value
     * @return its repr
     */
    public static String repr(Object x) {
        if (x == null) {
            return "None";
        }
        if (x instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (x instanceof String s) {
            return reprString(s);
        }
        if (x instanceof Character c) {
            return reprString(String.valueOf(c));
        }
        if (x instanceof Double || x instanceof Float) {
            return reprFloat(((Number) x).doubleValue());
        }
        if (x instanceof Tuple t) {
            return t.toString();
        }
        if (x instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep).append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                sep = ", ";
            }
            return sb.append('}').toString();
        }
        if (x instanceof Set<?> s) {
            return s.isEmpty() ? "set()" : join("{", s, "}");
        }
        if (x instanceof Collection<?> c) {
            return join("[", c, "]");
        }
        if (x instanceof Object[] a) {
            return join("[", Arrays.asList(a), "]");
        }
        return String.valueOf(x);
    }

    private static String join(String open, Iterable<?> items, String close) {
        StringBuilder sb = new StringBuilder(open);
        String sep = "";
        for (Object item : items) {
            sb.append(sep).append(repr(item));
            sep = ", ";
        }
        return sb.append(close).toString();
    }

    /** CPython's unicode_repr: single quotes unless the text has a single quote and no double quote. */
    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < ' ' || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(quote).toString();
    }

    /** float repr: the shortest digits, positional between 1e-4 and 1e16, else 'e' notation. */
    private static String reprFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal v = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-4 && abs < 1e16) {
            String plain = v.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = v.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - v.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format("%02d", Math.abs(exponent));
    }

    /**
     * The clock of the running seed program when it runs on virtual time (set by {@code SeedProgramsTest}), else
     * {@code null}: then {@link #timeSleep} and {@link #perfCounter} use real time.
     */
    static volatile VirtualClock virtualClock;

    /**
     * Python's {@code time.sleep(seconds)}: blocks the calling thread. On virtual time the clock moves on
     * instead, as real time does while a thread blocks (and the loop with it, when the loop's thread calls it).
     *
     * @param seconds how long
     */
    public static void timeSleep(double seconds) {
        long nanos = Math.round(seconds * 1e9);
        VirtualClock clock = virtualClock;
        if (clock != null) {
            clock.advance(nanos);
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in time.sleep", e);
        }
    }

    /** @return Python's {@code time.perf_counter()}: seconds of the virtual clock, or of the real monotonic one */
    public static double perfCounter() {
        VirtualClock clock = virtualClock;
        return (clock != null ? clock.nanoTime() : System.nanoTime()) / 1e9;
    }

    /**
     * Python's {@code (a, b, ...)}.
     *
     * @param items the items
     * @return the tuple
     */
    public static Tuple tuple(Object... items) {
        return new Tuple(items);
    }

    /** An immutable tuple, ordered like Python's (item by item, then by length). */
    public static final class Tuple implements Comparable<Tuple>, Iterable<Object> {
        private final List<Object> items;

        private Tuple(Object[] items) {
            this.items = Collections.unmodifiableList(new ArrayList<>(Arrays.asList(items)));
        }

        /**
         * {@code t[i]}.
         *
         * @param i the index
         * @param <T> the item type the caller expects
         * @return the item
         */
        @SuppressWarnings("unchecked")
        public <T> T get(int i) {
            return (T) items.get(i);
        }

        /** @return {@code len(t)} */
        public int size() {
            return items.size();
        }

        @Override
        public Iterator<Object> iterator() {
            return items.iterator();
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public int compareTo(Tuple other) {
            int n = Math.min(items.size(), other.items.size());
            for (int i = 0; i < n; i++) {
                Object a = items.get(i);
                Object b = other.items.get(i);
                if (a.equals(b)) {
                    continue;
                }
                return ((Comparable) a).compareTo(b);
            }
            return Integer.compare(items.size(), other.items.size());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tuple t && items.equals(t.items);
        }

        @Override
        public int hashCode() {
            return items.hashCode();
        }

        @Override
        public String toString() {
            if (items.size() == 1) {
                return "(" + repr(items.get(0)) + ",)";
            }
            return join("(", items, ")");
        }
    }
}
