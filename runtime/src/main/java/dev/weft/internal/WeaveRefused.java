package dev.weft.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on a class by the Weft javaagent when it refuses to weave it (a misuse of {@code @Async} or
 * {@code Await.on} anywhere in the class): the class is loaded unwoven, and an {@code Await.on} in any of its
 * methods then fails with the agent's reasons instead of a message that says to install the agent. Not for
 * users' code.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WeaveRefused {
    /** @return the problems the agent found, one per line, each with its source file and line */
    String value();
}
