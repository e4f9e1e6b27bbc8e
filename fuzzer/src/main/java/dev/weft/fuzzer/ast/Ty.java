package dev.weft.fuzzer.ast;

import java.util.Random;

/** The value types a generated program uses: every primitive type and {@code String}. */
public enum Ty {
    INT("int", "Integer", "I"),
    LONG("long", "Long", "J"),
    DOUBLE("double", "Double", "D"),
    FLOAT("float", "Float", "F"),
    BOOLEAN("boolean", "Boolean", "Z"),
    CHAR("char", "Character", "C"),
    BYTE("byte", "Byte", "B"),
    SHORT("short", "Short", "S"),
    STRING("String", "String", "T");

    /** The Java type as written in source. */
    public final String java;
    /** The boxed type, the type argument of {@code Coroutine<...>}. */
    public final String boxed;
    /** The suffix of the program's per-type helpers ({@code mixI}, {@code mixT}, ...). */
    public final String suffix;

    Ty(String java, String boxed, String suffix) {
        this.java = java;
        this.boxed = boxed;
        this.suffix = suffix;
    }

    /** @return whether {@code +=}, {@code -=} and {@code *=} apply */
    public boolean isNumeric() {
        return this != BOOLEAN && this != STRING;
    }

    /** @return whether {@code &}, {@code |}, {@code ^} and the shifts apply to it as an integral type */
    public boolean isIntegral() {
        return this == INT || this == LONG || this == CHAR || this == BYTE || this == SHORT;
    }

    /** @return a literal of this type that needs no parentheses in any operand position */
    public String defaultLiteral() {
        switch (this) {
            case INT: return "0";
            case LONG: return "0L";
            case DOUBLE: return "0.0";
            case FLOAT: return "0.0f";
            case BOOLEAN: return "false";
            case CHAR: return "'a'";
            case BYTE: return "((byte) 0)";
            case SHORT: return "((short) 0)";
            default: return "\"\"";
        }
    }

    /**
     * @param r the generator's random source
     * @return a literal of this type, parenthesised when it is negative or a cast
     */
    public String randomLiteral(Random r) {
        switch (this) {
            case INT: {
                int[] picks = {0, 1, 2, 3, 7, 42, -1, -5, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE};
                int v = r.nextInt(3) == 0 ? r.nextInt(2000) - 1000 : picks[r.nextInt(picks.length)];
                return v < 0 ? "(" + v + ")" : Integer.toString(v);
            }
            case LONG: {
                long[] picks = {0L, 1L, 3L, -2L, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, 123456789012L};
                long v = r.nextInt(3) == 0 ? r.nextInt(2000) - 1000 : picks[r.nextInt(picks.length)];
                return v < 0 ? "(" + v + "L)" : v + "L";
            }
            case DOUBLE: {
                String[] picks = {"0.5", "1.0", "(-2.25)", "1e10", "3.125", "(-0.0)", "100.0"};
                return picks[r.nextInt(picks.length)];
            }
            case FLOAT: {
                String[] picks = {"0.5f", "1.0f", "(-2.25f)", "1e6f", "3.125f"};
                return picks[r.nextInt(picks.length)];
            }
            case BOOLEAN:
                return r.nextBoolean() ? "true" : "false";
            case CHAR:
                return "'" + (char) ('a' + r.nextInt(26)) + "'";
            case BYTE:
                return "((byte) " + (r.nextInt(256) - 128) + ")";
            case SHORT:
                return "((short) " + (r.nextInt(20000) - 10000) + ")";
            default:
                return "\"" + (char) ('a' + r.nextInt(26)) + r.nextInt(100) + "\"";
        }
    }
}
