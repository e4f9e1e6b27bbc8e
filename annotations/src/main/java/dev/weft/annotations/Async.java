package dev.weft.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as a coroutine body: Python's {@code async def}.
 *
 * <p>The method must return {@code dev.weft.Coroutine<T>} and may use {@code Await.on(...)}
 * wherever Python would write {@code await}. The Weft weaver (the {@code weft-maven-plugin} at build
 * time, or {@code -javaagent:weft-agent.jar} at load time) rewrites the method into a resumable
 * state machine: calling it runs none of its body and returns a fresh coroutine object, which runs
 * when it is awaited or wrapped in a task.
 *
 * <p>It is a weave-time error to put {@code @Async} on a constructor, a static initialiser, an
 * abstract or native method, a {@code synchronized} method that awaits, or a method whose return type
 * is not {@code Coroutine}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Async {
}
