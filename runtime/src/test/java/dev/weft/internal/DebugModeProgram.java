package dev.weft.internal;

import dev.weft.Asyncio;
import dev.weft.Coroutine;

/** Run by DebugModeTest in a new JVM: prints whether Asyncio.run's loop is in debug mode. */
public final class DebugModeProgram {
    private DebugModeProgram() {
    }

    public static void main(String[] args) {
        Asyncio.run(Coroutine.of(null));
        System.out.println("debug=" + Asyncio.getEventLoop().getDebug());
    }
}
