package dev.weft.weaver.internal;

import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which suspension points share one restore path. A shared path reloads the union of its points' values,
 * then switches on the label to the point's resume; a point may use a path that also reloads values of
 * other points only where that is harmless: the extra values go to slots dead at the point (never to a slot
 * it saved, nor to the second slot of a saved {@code long} or {@code double}), each field is restored to one
 * slot only, and a reference field a point did not save is {@code null} there (its save cleared it), so its
 * {@code checkcast} cannot fail. Points are numbered so that each path's points have consecutive labels.
 */
final class RestorePlan {

    /** One restore path: the values it reloads (by slot) and the points that resume through it. */
    static final class Group {
        final Map<Integer, SuspensionPoint.Saved> entries = new LinkedHashMap<>();
        final Map<String, Integer> fieldSlots = new HashMap<>();
        /** Every slot an entry writes (two for a long or a double). */
        final BitSet written = new BitSet();
        final List<SuspensionPoint> members = new ArrayList<>();
        final List<BitSet> occupied = new ArrayList<>();
        /** The fields the members' values below the awaitable are saved in: not restored to any slot. */
        final Set<String> stackFields = new HashSet<>();

        boolean tryAdd(SuspensionPoint p) {
            BitSet occ = occupied(p);
            List<SuspensionPoint.Saved> fresh = new ArrayList<>();
            BitSet freshSlots = new BitSet();
            Set<String> mine = new HashSet<>();
            for (SuspensionPoint.Saved s : p.stack) {
                if (s.field != null) {
                    mine.add(s.field.name);
                }
            }
            for (String f : mine) {
                if (fieldSlots.containsKey(f)) {
                    return false; // the group restores this field to a slot; here it holds a stack value
                }
            }
            for (SuspensionPoint.Saved s : p.locals) {
                if (s.field != null && stackFields.contains(s.field.name)) {
                    return false;
                }
                SuspensionPoint.Saved g = entries.get(s.slot);
                if (g != null) {
                    if (!same(g, s)) {
                        return false;
                    }
                    continue;
                }
                BitSet slots = slots(s);
                if (slots.intersects(written) || slots.intersects(freshSlots)) {
                    return false; // overlaps the other half of a wide value
                }
                for (BitSet o : occupied) {
                    if (slots.intersects(o)) {
                        return false; // would overwrite a value another point saved
                    }
                }
                if (s.field != null && fieldSlots.containsKey(s.field.name)) {
                    return false;
                }
                fresh.add(s);
                freshSlots.or(slots);
            }
            for (SuspensionPoint.Saved g : entries.values()) {
                if (!owns(p, g) && slots(g).intersects(occ)) {
                    return false;
                }
            }
            stackFields.addAll(mine);
            for (SuspensionPoint.Saved s : fresh) {
                entries.put(s.slot, s);
                written.or(slots(s));
                if (s.field != null) {
                    fieldSlots.put(s.field.name, s.slot);
                }
            }
            members.add(p);
            occupied.add(occ);
            return true;
        }

        private static boolean owns(SuspensionPoint p, SuspensionPoint.Saved g) {
            for (SuspensionPoint.Saved s : p.locals) {
                if (s.slot == g.slot && same(s, g)) {
                    return true;
                }
            }
            return false;
        }
    }

    final List<Group> groups = new ArrayList<>();

    /**
     * Groups the points (first fit), keeps a shared path only where it is smaller, then renumbers the labels.
     * Each list in {@code together} (points alike, see {@link Hub}) is one group of its own.
     */
    static RestorePlan of(List<SuspensionPoint> points, List<List<SuspensionPoint>> together) {
        RestorePlan plan = new RestorePlan();
        Map<SuspensionPoint, List<SuspensionPoint>> listOf = new HashMap<>();
        for (List<SuspensionPoint> list : together) {
            for (SuspensionPoint p : list) {
                listOf.put(p, list);
            }
        }
        List<Group> candidates = new ArrayList<>();
        Set<Group> fixed = new HashSet<>();
        for (SuspensionPoint p : points) {
            List<SuspensionPoint> list = listOf.get(p);
            if (list != null) {
                if (list.get(0) == p) {
                    Group g = new Group();
                    for (SuspensionPoint q : list) {
                        if (!g.tryAdd(q)) {
                            throw new IllegalStateException("points alike do not share a restore path");
                        }
                    }
                    candidates.add(g);
                    fixed.add(g);
                }
                continue;
            }
            boolean added = false;
            for (Group g : candidates) {
                if (!fixed.contains(g) && g.tryAdd(p)) {
                    added = true;
                    break;
                }
            }
            if (!added) {
                Group g = new Group();
                g.tryAdd(p);
                candidates.add(g);
            }
        }
        for (Group g : candidates) {
            int separate = 0;
            for (SuspensionPoint p : g.members) {
                separate += restoreBytes(p.locals) + 3;
            }
            int shared = restoreBytes(new ArrayList<>(g.entries.values())) + 4 + 16 + 4 * g.members.size();
            if (g.members.size() == 1 || shared < separate || fixed.contains(g)) {
                plan.groups.add(g);
            } else {
                for (SuspensionPoint p : g.members) {
                    Group single = new Group();
                    single.tryAdd(p);
                    plan.groups.add(single);
                }
            }
        }
        int label = 1;
        for (Group g : plan.groups) {
            for (SuspensionPoint p : g.members) {
                p.label = label++;
            }
        }
        return plan;
    }

    static boolean same(SuspensionPoint.Saved a, SuspensionPoint.Saved b) {
        if (a.slot != b.slot || a.alwaysNull != b.alwaysNull) {
            return false;
        }
        if (a.alwaysNull) {
            return true;
        }
        return a.field == b.field && a.type.equals(b.type);
    }

    private static BitSet slots(SuspensionPoint.Saved s) {
        BitSet b = new BitSet();
        b.set(s.slot);
        if (!s.alwaysNull && s.type.getSize() == 2) {
            b.set(s.slot + 1);
        }
        return b;
    }

    private static BitSet occupied(SuspensionPoint p) {
        BitSet b = new BitSet();
        for (SuspensionPoint.Saved s : p.locals) {
            b.or(slots(s));
        }
        return b;
    }

    /** Roughly the bytes of code that reload these values. */
    static int restoreBytes(List<SuspensionPoint.Saved> values) {
        int n = 0;
        for (SuspensionPoint.Saved s : values) {
            int store = s.slot <= 3 ? 1 : s.slot <= 255 ? 2 : 4;
            if (s.alwaysNull) {
                n += 1 + store;
            } else {
                boolean cast = SlotKind.of(s.type) == SlotKind.REFERENCE && !s.type.equals(TypeInterpreter.OBJECT);
                n += 1 + 3 + (cast ? 3 : 0) + store;
            }
        }
        return n;
    }

    static boolean isReference(Type t) {
        return SlotKind.of(t) == SlotKind.REFERENCE;
    }
}
