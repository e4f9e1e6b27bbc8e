/**
 * The one annotation a Weft program needs at compile time: {@link dev.weft.annotations.Async @Async} marks a
 * method that returns a {@code dev.weft.Coroutine} and suspends with {@code Await.on(...)}. The annotation has
 * class retention: the weaver (Maven plugin or javaagent) reads it from the class file; nothing reads it by
 * reflection at run time.
 */
package dev.weft.annotations;
