package dev.weft;

import dev.weft.annotations.Async;

/**
 * Run by SignalsTest in a JVM of its own, which sends it SIGINT once it printed "started". The same program in
 * Python 3.11 prints: started / finally ran / KeyboardInterrupt (exit status 0).
 */
public final class SigintProgram {
    private SigintProgram() {
    }

    @Async
    static Coroutine<Void> main() {
        System.out.println("started");
        try {
            Await.on(Asyncio.sleep(100));
        } finally {
            System.out.println("finally ran");
        }
        return Coroutine.done();
    }

    public static void main(String[] args) {
        try {
            Asyncio.run(main());
        } catch (KeyboardInterrupt e) {
            System.out.println("KeyboardInterrupt");
        }
    }
}
