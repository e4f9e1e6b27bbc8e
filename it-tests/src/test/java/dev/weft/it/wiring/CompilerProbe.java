package dev.weft.it.wiring;

import java.util.function.IntSupplier;

/** A lambda, whose body's name tells which compiler wrote this class file. */
final class CompilerProbe {
    private CompilerProbe() {
    }

    static IntSupplier lambdaHolder() {
        return () -> 3;
    }
}
