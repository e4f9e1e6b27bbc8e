package dev.weft.it.seeds;

import java.util.Locale;

/**
 * Port of seed-programs/37_blocking_time_sleep.py: a plain blocking sleep (no asyncio); the elapsed time
 * is printed in unscaled seconds, rounded to a whole second.
 */
public class S37BlockingTimeSleep {

    static final int SCALE = 20; // time scale: every seed duration in seconds is divided by 20

    static void main() {
        double start = Py.perfCounter();
        System.out.println("Start");
        Py.timeSleep(3.0 / SCALE); // Blocks for 3 seconds
        System.out.println("End");
        double elapsed = Py.perfCounter() - start;
        System.out.println("elapsed: " + String.format(Locale.ROOT, "%.1f", (double) Math.round(elapsed * SCALE)) + "s");
    }

    public static void main(String[] args) {
        main();
    }
}
