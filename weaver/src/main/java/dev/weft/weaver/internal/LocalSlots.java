package dev.weft.weaver.internal;

/**
 * The body's local slots past the compiled method's own: a pass that needs a local of its own takes the next
 * free slot here, so that no two passes hand out the same one. What was taken is the body's {@code max_locals}.
 */
final class LocalSlots {
    private int next;

    /** @param first the first free slot: the compiled locals and the body's extra parameters come before it */
    LocalSlots(int first) {
        this.next = first;
    }

    /** @return a fresh slot for a value of this kind (and the one after it for a wide value) */
    int take(SlotKind kind) {
        int slot = next;
        next += kind.isWide() ? 2 : 1;
        return slot;
    }

    /** @return how many slots the body uses: every slot taken so far and all below them */
    int used() {
        return next;
    }
}
