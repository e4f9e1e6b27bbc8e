package dev.weft.it.seeds;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Py} prints what CPython prints (expected texts taken from CPython 3.11). */
class PyTest {

    @Test
    void reprOfScalars() {
        assertEquals("None", Py.repr(null));
        assertEquals("True", Py.repr(true));
        assertEquals("False", Py.str(false));
        assertEquals("42", Py.str(42));
        assertEquals("'Done'", Py.repr("Done"));
        assertEquals("Done", Py.str("Done"));
        assertEquals("\"it's\"", Py.repr("it's"));
        assertEquals("'a\"b\\'c'", Py.repr("a\"b'c"));
        assertEquals("'tab\\there\\n'", Py.repr("tab\there\n"));
    }

    @Test
    void reprOfFloats() {
        assertEquals("1.0", Py.repr(1.0));
        assertEquals("0.1", Py.repr(0.1));
        assertEquals("0.0001", Py.repr(1e-4));
        assertEquals("1e-05", Py.repr(1e-5));
        assertEquals("2.5e-07", Py.repr(2.5e-7));
        assertEquals("1e+16", Py.repr(1e16));
        assertEquals("9999999999999998.0", Py.repr(9999999999999998.0));
        assertEquals("1.2345678901234568e+17", Py.repr(123456789012345678.0));
        assertEquals("-0.0", Py.repr(-0.0));
    }

    @Test
    void reprOfContainers() {
        assertEquals("['Done', 'Done']", Py.str(List.of("Done", "Done")));
        assertEquals("[1, 'x', None, True]", Py.str(Arrays.asList(1, "x", null, true)));
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("data", 123);
        assertEquals("{'data': 123}", Py.str(dict));
        assertEquals("set()", Py.repr(Set.of()));
        assertEquals("{3, 1}", Py.repr(new LinkedHashSet<>(List.of(3, 1))));
        assertEquals("(1,)", Py.repr(Py.tuple(1)));
        assertEquals("(2, 'medium')", Py.str(Py.tuple(2, "medium")));
    }

    @Test
    void tuplesCompareItemByItem() {
        assertTrue(Py.tuple(1, "high").compareTo(Py.tuple(2, "medium")) < 0);
        assertTrue(Py.tuple(3, "low").compareTo(Py.tuple(3, "high")) > 0);
        assertTrue(Py.tuple(1).compareTo(Py.tuple(1, "a")) < 0);
        assertEquals(0, Py.tuple(2, "x").compareTo(Py.tuple(2, "x")));
    }
}
