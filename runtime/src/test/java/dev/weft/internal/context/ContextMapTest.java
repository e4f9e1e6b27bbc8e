package dev.weft.internal.context;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The persistent map under a context: every version keeps its contents, small and trie alike. */
class ContextMapTest {

    @Test
    void aChangeLeavesTheOldMapAsItWas() {
        Object a = new Object();
        Object b = new Object();
        ContextMap m0 = ContextMap.EMPTY;
        ContextMap m1 = m0.with(a, "a", false);
        ContextMap m2 = m1.with(b, null, true);
        assertSame(ContextMap.ABSENT, m0.get(a));
        assertEquals("a", m1.get(a));
        assertSame(ContextMap.ABSENT, m1.get(b));
        assertEquals(null, m2.get(b), "null is a value");
        assertEquals(2, m2.size());
        assertEquals(1, m2.boundCount());
        assertSame(m2, m2.with(a, "a", false), "the same value: the same map");
        ContextMap m3 = m2.without(b, true);
        assertEquals(0, m3.boundCount());
        assertSame(ContextMap.ABSENT, m3.get(b));
        assertEquals(null, m2.get(b));
        assertSame(m3, m3.without(b, true), "removing what is not there changes nothing");
    }

    /**
     * Random sets and removals over many keys, against a HashMap per version: the array form, the trie (past
     * {@link ContextMap#SMALL} keys), and back. 200,000 keys give identity hash codes that collide (31 bits), so
     * collision nodes are made too.
     */
    @Test
    void everyVersionHoldsWhatAHashMapWould() {
        Random rnd = new Random(42);
        for (int keys : new int[] {3, ContextMap.SMALL, ContextMap.SMALL + 1, 100, 5000}) {
            Object[] pool = new Object[keys];
            for (int i = 0; i < keys; i++) {
                pool[i] = new Object();
            }
            List<ContextMap> versions = new ArrayList<>();
            List<Map<Object, Object>> models = new ArrayList<>();
            ContextMap m = ContextMap.EMPTY;
            Map<Object, Object> model = new HashMap<>();
            for (int step = 0; step < 20 * keys + 100; step++) {
                Object k = pool[rnd.nextInt(keys)];
                if (rnd.nextInt(3) == 0) {
                    m = m.without(k, false);
                    model.remove(k);
                } else {
                    Integer v = rnd.nextInt(5) == 0 ? null : step;
                    m = m.with(k, v, false);
                    model.put(k, v);
                }
                if (step % (keys / 2 + 1) == 0) {
                    versions.add(m);
                    models.add(new HashMap<>(model));
                }
            }
            versions.add(m);
            models.add(model);
            for (int v = 0; v < versions.size(); v++) {
                check(versions.get(v), models.get(v), pool);
            }
        }
        Object[] many = new Object[200_000];
        ContextMap m = ContextMap.EMPTY;
        Map<Object, Object> model = new IdentityHashMap<>();
        for (int i = 0; i < many.length; i++) {
            many[i] = new Object();
            Integer v = i;
            m = m.with(many[i], v, false);
            model.put(many[i], v);
        }
        check(m, model, many);
        for (int i = 0; i < many.length; i += 2) {
            m = m.without(many[i], false);
            model.remove(many[i]);
        }
        check(m, model, many);
    }

    private static void check(ContextMap m, Map<Object, Object> model, Object[] keys) {
        assertEquals(model.size(), m.size());
        for (Object k : keys) {
            Object expected = model.containsKey(k) ? model.get(k) : ContextMap.ABSENT;
            assertSame(expected, m.get(k));
            assertSame(expected, m.get(k, System.identityHashCode(k)));
        }
        Map<Object, Object> seen = new IdentityHashMap<>();
        m.forEach(seen::put);
        assertEquals(model.size(), seen.size());
        seen.forEach((k, v) -> assertSame(model.get(k), v));
    }
}
