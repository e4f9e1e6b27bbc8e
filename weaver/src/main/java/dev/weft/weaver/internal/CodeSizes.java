package dev.weft.weaver.internal;

import org.objectweb.asm.ClassReader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the length of each method's bytecode ({@code code_length} of its {@code Code} attribute) straight from
 * a class file: what the JVM's limits (64 KB per method) and HotSpot's ({@code -XX:HugeMethodLimit}, 8,000
 * bytes) are measured in. ASM's visitors do not expose it, so this walks the members from where ASM's reader
 * says the constant pool ends.
 */
public final class CodeSizes {
    private CodeSizes() {
    }

    /**
     * @param b a class file
     * @return {@code name + descriptor} to the code length of every method with code, in class-file order
     */
    public static Map<String, Integer> of(byte[] b) {
        ClassReader cr = new ClassReader(b);
        char[] buf = new char[cr.getMaxStringLength()];
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int p = cr.header + 6; // access, this, super
        p += 2 + 2 * cr.readUnsignedShort(p); // interfaces
        int fields = cr.readUnsignedShort(p);
        p += 2;
        for (int f = 0; f < fields; f++) {
            p = skipAttributes(cr, p + 6);
        }
        int methods = cr.readUnsignedShort(p);
        p += 2;
        for (int m = 0; m < methods; m++) {
            String name = cr.readUTF8(p + 2, buf);
            String desc = cr.readUTF8(p + 4, buf);
            int attrs = cr.readUnsignedShort(p + 6);
            p += 8;
            for (int a = 0; a < attrs; a++) {
                if ("Code".equals(cr.readUTF8(p, buf))) {
                    sizes.put(name + desc, cr.readInt(p + 10)); // after max_stack and max_locals
                }
                p += 6 + cr.readInt(p + 2);
            }
        }
        return sizes;
    }

    /** @return the offset after the attribute count at {@code p} and its attributes */
    private static int skipAttributes(ClassReader cr, int p) {
        int attrs = cr.readUnsignedShort(p);
        p += 2;
        for (int a = 0; a < attrs; a++) {
            p += 6 + cr.readInt(p + 2);
        }
        return p;
    }
}
