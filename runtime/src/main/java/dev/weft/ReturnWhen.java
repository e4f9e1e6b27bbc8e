package dev.weft;

/** When {@link Asyncio#wait} returns: Python's {@code asyncio.FIRST_COMPLETED} and friends. */
public enum ReturnWhen {
    /** As soon as any future finishes or is cancelled. */
    FIRST_COMPLETED,
    /**
     * As soon as any future finishes by raising an exception (a cancelled future does not count); like
     * {@link #ALL_COMPLETED} if none does.
     */
    FIRST_EXCEPTION,
    /** When all futures have finished or were cancelled. */
    ALL_COMPLETED
}
