package dev.weft.transformer.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the length of each method's bytecode ({@code code_length} of its {@code Code} attribute) straight from
 * a class file: what the JVM's limits (64 KB per method) and HotSpot's ({@code -XX:HugeMethodLimit}, 8,000
 * bytes) are measured in. ASM does not expose it.
 */
public final class CodeSizes {
    private CodeSizes() {
    }

    /**
     * @param b a class file
     * @return {@code name + descriptor} to the code length of every method with code, in class-file order
     */
    public static Map<String, Integer> of(byte[] b) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int count = u2(b, 8);
        String[] utf8 = new String[count];
        int p = 10;
        for (int i = 1; i < count; i++) {
            int tag = b[p] & 0xFF;
            switch (tag) {
                case 1: {
                    int len = u2(b, p + 1);
                    utf8[i] = utf8(b, p + 3, len);
                    p += 3 + len;
                    break;
                }
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                    p += 5;
                    break;
                case 5: case 6:
                    p += 9;
                    i++;
                    break;
                case 7: case 8: case 16: case 19: case 20:
                    p += 3;
                    break;
                case 15:
                    p += 4;
                    break;
                default:
                    throw new IllegalArgumentException("unknown constant pool tag " + tag);
            }
        }
        p += 6; // access, this, super
        int interfaces = u2(b, p);
        p += 2 + 2 * interfaces;
        p = skipMembers(b, p);
        int methods = u2(b, p);
        p += 2;
        for (int m = 0; m < methods; m++) {
            String name = utf8[u2(b, p + 2)];
            String desc = utf8[u2(b, p + 4)];
            int attrs = u2(b, p + 6);
            p += 8;
            for (int a = 0; a < attrs; a++) {
                String attr = utf8[u2(b, p)];
                int len = u4(b, p + 2);
                if ("Code".equals(attr)) {
                    sizes.put(name + desc, u4(b, p + 10));
                }
                p += 6 + len;
            }
        }
        return sizes;
    }

    private static int skipMembers(byte[] b, int p) {
        int n = u2(b, p);
        p += 2;
        for (int i = 0; i < n; i++) {
            int attrs = u2(b, p + 6);
            p += 8;
            for (int a = 0; a < attrs; a++) {
                p += 6 + u4(b, p + 2);
            }
        }
        return p;
    }

    private static String utf8(byte[] b, int p, int len) {
        // Modified UTF-8; names and descriptors of methods are what matter, and ASCII in practice.
        StringBuilder sb = new StringBuilder(len);
        int end = p + len;
        while (p < end) {
            int c = b[p++] & 0xFF;
            if (c < 0x80) {
                sb.append((char) c);
            } else if ((c & 0xE0) == 0xC0) {
                sb.append((char) (((c & 0x1F) << 6) | (b[p++] & 0x3F)));
            } else {
                sb.append((char) (((c & 0x0F) << 12) | ((b[p++] & 0x3F) << 6) | (b[p++] & 0x3F)));
            }
        }
        return sb.toString();
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int u4(byte[] b, int p) {
        return (u2(b, p) << 16) | u2(b, p + 2);
    }
}
