package dev.weft.internal.context;

import java.util.function.BiConsumer;

/**
 * The contents of a context: an immutable map from context variables to their values, Python's {@code Context}
 * HAMT. Every change makes a new map and leaves the old one as it was, so that copying a context is sharing its
 * map (O(1)), as CPython's {@code copy_context} does.
 *
 * <p>Keys are compared by identity and hashed by {@link System#identityHashCode} (a variable keeps its own, so
 * that a lookup does not ask for it). A map of up to {@link #SMALL} entries is one open-addressed table of keys
 * and values at most half full: a program has a few variables, and a lookup is then one probe into one array. A
 * bigger one is a hash array mapped trie (32 children a node, as CPython's), so a change copies only the path to
 * one leaf. Values may be {@code null}; a lookup answers {@link #ABSENT} for a key the map does not hold.
 *
 * <p>Every field is final and no array changes once the map is made: a map read by another thread through a data
 * race (a context read while a thread runs in it) is seen whole. Internal.
 */
public final class ContextMap {

    /** What {@link #get} answers for a key the map does not hold. */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };
    /** The most entries kept in a table. */
    static final int SMALL = 8;
    /** The map with no entries: a table of one empty slot. */
    public static final ContextMap EMPTY = new ContextMap(new Object[2], null, 0, 0);

    /**
     * While the map is small: keys and values, alternating, in 2^k slots of which at most half are taken; a key
     * sits at its hash's low k bits or, when that slot is taken, at the next free one. {@code null} once a trie.
     */
    private final Object[] table;
    /**
     * The table's slots less one (its length / 2 - 1), kept so that a lookup finds its slot without waiting for the
     * table's length; 0 for a trie.
     */
    private final int mask;
    /** The trie's root once the map is big. */
    private final Node root;
    private final int size;
    /**
     * How many of the keys are bound to a thread-local: a context switch looks at the map's entries only when this is
     * not 0, so switching costs nothing for maps without bound variables.
     */
    private final int bound;

    private ContextMap(Object[] table, Node root, int size, int bound) {
        this.table = table;
        this.mask = table == null ? 0 : (table.length >>> 1) - 1;
        this.root = root;
        this.size = size;
        this.bound = bound;
    }

    /**
     * @param key a context variable
     * @return its value, or {@link #ABSENT}
     */
    public Object get(Object key) {
        return get(key, System.identityHashCode(key));
    }

    /**
     * {@link #get(Object)} with the key's hash known: what {@code ContextVar.get} calls.
     *
     * @param key a context variable
     * @param hash {@code System.identityHashCode(key)}
     * @return its value, or {@link #ABSENT}
     */
    public Object get(Object key, int hash) {
        Object[] t = table;
        if (t != null) {
            // The first probe finds the key, or the empty slot that says it is absent, nearly always.
            int i = (hash & mask) << 1;
            Object k = t[i];
            if (k == key) {
                return t[i + 1];
            }
            return k == null ? ABSENT : probe(t, key, i);
        }
        return root.find(hash, key);
    }

    /** The probes after the first: the keys that share the first slot sit in the slots after it. */
    private Object probe(Object[] t, Object key, int first) {
        for (int i = (first + 2) & (2 * mask + 1); ; i = (i + 2) & (2 * mask + 1)) {
            Object k = t[i];
            if (k == key) {
                return t[i + 1];
            }
            if (k == null) {
                return ABSENT;
            }
        }
    }

    /** @return the number of entries */
    public int size() {
        return size;
    }

    /** @return how many keys are bound to a thread-local (as {@link #with} and {@link #without} were told) */
    public int boundCount() {
        return bound;
    }

    /**
     * @param key a context variable
     * @param value its new value (may be {@code null})
     * @param keyIsBound whether the variable is bound to a thread-local (counted for {@link #boundCount})
     * @return a map with {@code key} mapped to {@code value}; this map if it already was
     */
    public ContextMap with(Object key, Object value, boolean keyIsBound) {
        int hash = System.identityHashCode(key);
        Object[] t = table;
        if (t != null) {
            int slot = slotOf(t, key, hash);
            if (t[2 * slot] == key) {
                if (t[2 * slot + 1] == value) {
                    return this;
                }
                Object[] b = t.clone();
                b[2 * slot + 1] = value;
                return new ContextMap(b, null, size, bound);
            }
            int newBound = bound + (keyIsBound ? 1 : 0);
            if (size < SMALL) {
                Object[] b = new Object[2 * capacityFor(size + 1)];
                forEachIn(t, (k, v) -> put(b, k, v));
                put(b, key, value);
                return new ContextMap(b, null, size + 1, newBound);
            }
            Node[] r = {Node.EMPTY};
            forEachIn(t, (k, v) -> r[0] = r[0].assoc(0, System.identityHashCode(k), k, v));
            return new ContextMap(null, r[0].assoc(0, hash, key, value), size + 1, newBound);
        }
        boolean added = root.find(hash, key) == ABSENT;
        Node r = root.assoc(0, hash, key, value);
        if (r == root) {
            return this;
        }
        return new ContextMap(null, r, added ? size + 1 : size, bound + (added && keyIsBound ? 1 : 0));
    }

    /**
     * @param key a context variable
     * @param keyIsBound whether the variable is bound to a thread-local
     * @return a map without {@code key}; this map if it had none
     */
    public ContextMap without(Object key, boolean keyIsBound) {
        if (get(key) == ABSENT) {
            return this;
        }
        int newBound = bound - (keyIsBound ? 1 : 0);
        Object[] t = table;
        if (t != null) {
            // Rebuilt without it: open addressing has no simple delete, and the table is small.
            Object[] b = new Object[2 * capacityFor(size - 1)];
            forEachIn(t, (k, v) -> {
                if (k != key) {
                    put(b, k, v);
                }
            });
            return new ContextMap(b, null, size - 1, newBound);
        }
        Node r = root.without(0, System.identityHashCode(key), key);
        if (size - 1 <= SMALL) {
            // Small again: back to a table, which a lookup probes faster than it walks a trie.
            Object[] b = new Object[2 * capacityFor(size - 1)];
            if (r != null) {
                r.forEach((k, v) -> put(b, k, v));
            }
            return new ContextMap(b, null, size - 1, newBound);
        }
        return new ContextMap(null, r, size - 1, newBound);
    }

    /** @return the slots a table of {@code n} entries has: a power of two, at least twice {@code n} */
    private static int capacityFor(int n) {
        return n == 0 ? 1 : Integer.highestOneBit(2 * n - 1) << 1;
    }

    /** @return the slot of {@code key} in {@code t}, or the free slot where it would go */
    private static int slotOf(Object[] t, Object key, int hash) {
        int mask = (t.length >>> 1) - 1;
        int i = hash & mask;
        while (t[2 * i] != null && t[2 * i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Puts a key not yet in {@code t}, a table being built. */
    private static void put(Object[] t, Object key, Object value) {
        int i = slotOf(t, key, System.identityHashCode(key));
        t[2 * i] = key;
        t[2 * i + 1] = value;
    }

    private static void forEachIn(Object[] t, BiConsumer<Object, Object> action) {
        for (int i = 0; i < t.length; i += 2) {
            if (t[i] != null) {
                action.accept(t[i], t[i + 1]);
            }
        }
    }

    /**
     * Calls {@code action} for every entry, in no particular order.
     *
     * @param action receives each key and its value
     */
    public void forEach(BiConsumer<Object, Object> action) {
        if (table != null) {
            forEachIn(table, action);
        } else {
            root.forEach(action);
        }
    }

    /**
     * A trie node: a bitmap of which of the 32 slots at its level are taken, and for each taken slot a key and its
     * value, or {@code null} and the child node for the keys whose hash codes share the slot. Keys whose hash codes
     * are equal in all 32 bits share a {@link Collision} node.
     */
    private static class Node {
        static final Node EMPTY = new Node(0, new Object[0]);

        final int bitmap;
        final Object[] array;

        Node(int bitmap, Object[] array) {
            this.bitmap = bitmap;
            this.array = array;
        }

        /** A loop down the levels, not a recursion: a lookup is what a get does. */
        final Object find(int hash, Object key) {
            Node n = this;
            for (int shift = 0; ; shift += 5) {
                if (n instanceof Collision) {
                    return ((Collision) n).lookup(hash, key);
                }
                int bit = 1 << ((hash >>> shift) & 31);
                if ((n.bitmap & bit) == 0) {
                    return ABSENT;
                }
                int i = 2 * Integer.bitCount(n.bitmap & (bit - 1));
                Object k = n.array[i];
                if (k != null) {
                    return k == key ? n.array[i + 1] : ABSENT;
                }
                n = (Node) n.array[i + 1];
            }
        }

        Node assoc(int shift, int hash, Object key, Object value) {
            int bit = 1 << ((hash >>> shift) & 31);
            int i = 2 * Integer.bitCount(bitmap & (bit - 1));
            if ((bitmap & bit) == 0) {
                Object[] b = new Object[array.length + 2];
                System.arraycopy(array, 0, b, 0, i);
                b[i] = key;
                b[i + 1] = value;
                System.arraycopy(array, i, b, i + 2, array.length - i);
                return new Node(bitmap | bit, b);
            }
            Object k = array[i];
            Object v = array[i + 1];
            if (k == null) {
                Node child = ((Node) v).assoc(shift + 5, hash, key, value);
                return child == v ? this : with(i + 1, child);
            }
            if (k == key) {
                return v == value ? this : with(i + 1, value);
            }
            // Two keys in one slot: they move down into a child (different hash codes part within 32 bits).
            Node child = pair(shift + 5, System.identityHashCode(k), k, v, hash, key, value);
            Object[] b = array.clone();
            b[i] = null;
            b[i + 1] = child;
            return new Node(bitmap, b);
        }

        private static Node pair(int shift, int h1, Object k1, Object v1, int h2, Object k2, Object v2) {
            if (h1 == h2) {
                return new Collision(h1, new Object[] {k1, v1, k2, v2});
            }
            return EMPTY.assoc(shift, h1, k1, v1).assoc(shift, h2, k2, v2);
        }

        private Node with(int index, Object value) {
            Object[] b = array.clone();
            b[index] = value;
            return new Node(bitmap, b);
        }

        /** @return the node without {@code key}; this node if it had none; {@code null} if nothing is left */
        Node without(int shift, int hash, Object key) {
            int bit = 1 << ((hash >>> shift) & 31);
            if ((bitmap & bit) == 0) {
                return this;
            }
            int i = 2 * Integer.bitCount(bitmap & (bit - 1));
            Object k = array[i];
            if (k == null) {
                Node child = (Node) array[i + 1];
                Node c = child.without(shift + 5, hash, key);
                if (c == child) {
                    return this;
                }
                if (c != null) {
                    return with(i + 1, c);
                }
            } else if (k != key) {
                return this;
            }
            if (bitmap == bit) {
                return null;
            }
            Object[] b = new Object[array.length - 2];
            System.arraycopy(array, 0, b, 0, i);
            System.arraycopy(array, i + 2, b, i, array.length - i - 2);
            return new Node(bitmap ^ bit, b);
        }

        void forEach(BiConsumer<Object, Object> action) {
            for (int i = 0; i < array.length; i += 2) {
                if (array[i] == null) {
                    ((Node) array[i + 1]).forEach(action);
                } else {
                    action.accept(array[i], array[i + 1]);
                }
            }
        }
    }

    /** Keys whose identity hash codes are equal: a list scanned by identity. */
    private static final class Collision extends Node {
        final int hash;

        Collision(int hash, Object[] keysAndValues) {
            super(0, keysAndValues);
            this.hash = hash;
        }

        Object lookup(int hash, Object key) {
            if (hash == this.hash) {
                for (int i = 0; i < array.length; i += 2) {
                    if (array[i] == key) {
                        return array[i + 1];
                    }
                }
            }
            return ABSENT;
        }

        @Override
        Node assoc(int shift, int hash, Object key, Object value) {
            if (hash != this.hash) {
                // A key of another hash code reached this level: the collision moves down under a new node.
                Node n = new Node(1 << ((this.hash >>> shift) & 31), new Object[] {null, this});
                return n.assoc(shift, hash, key, value);
            }
            for (int i = 0; i < array.length; i += 2) {
                if (array[i] == key) {
                    if (array[i + 1] == value) {
                        return this;
                    }
                    Object[] b = array.clone();
                    b[i + 1] = value;
                    return new Collision(hash, b);
                }
            }
            Object[] b = new Object[array.length + 2];
            System.arraycopy(array, 0, b, 0, array.length);
            b[array.length] = key;
            b[array.length + 1] = value;
            return new Collision(hash, b);
        }

        @Override
        Node without(int shift, int hash, Object key) {
            if (hash != this.hash) {
                return this;
            }
            for (int i = 0; i < array.length; i += 2) {
                if (array[i] == key) {
                    if (array.length == 2) {
                        return null;
                    }
                    Object[] b = new Object[array.length - 2];
                    System.arraycopy(array, 0, b, 0, i);
                    System.arraycopy(array, i + 2, b, i, array.length - i - 2);
                    return new Collision(hash, b);
                }
            }
            return this;
        }
    }
}
