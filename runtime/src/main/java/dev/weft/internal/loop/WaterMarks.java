package dev.weft.internal.loop;

/** Python's {@code _set_write_buffer_limits}: a write buffer's water marks from what the user gave. */
public final class WaterMarks {
    /** Python's default high-water mark: 64 KiB. */
    public static final int DEFAULT_HIGH = 64 * 1024;

    private WaterMarks() {
    }

    /**
     * @param high the high mark, or -1 for four times {@code low} ({@link #DEFAULT_HIGH} if both are -1)
     * @param low the low mark, or -1 for a quarter of {@code high}
     * @return {@code {low, high}}
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    public static int[] of(int high, int low) {
        if (high < 0) {
            high = low < 0 ? DEFAULT_HIGH : 4 * low;
        }
        if (low < 0) {
            low = high / 4;
        }
        if (!(high >= low && low >= 0)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        return new int[] {low, high};
    }
}
