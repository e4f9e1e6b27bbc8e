package dev.weft;

import java.nio.charset.StandardCharsets;

/** The I/O tests' bytes: ASCII text to bytes and back. */
final class Ascii {

    private Ascii() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
