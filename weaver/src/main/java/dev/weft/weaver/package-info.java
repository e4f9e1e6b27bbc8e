/**
 * The weaver: turns each {@code @Async} method of a class file into a resumable state machine. One core
 * serves every way in: {@link dev.weft.weaver.Weaver} weaves one class file in memory (the javaagent calls it
 * as classes load), {@link dev.weft.weaver.ClassDirectoryWeaver} weaves a directory in place (the Maven plugin's
 * two goals), and {@link dev.weft.weaver.WeaveMain} does the same from the command line for other build tools.
 * {@link dev.weft.weaver.WeaveOptions} is the one option syntax all of them share.
 *
 * <p>Weaving never loads a user class (the class hierarchy is read from class files through a
 * {@link dev.weft.weaver.ClassFileLocator}), is idempotent (woven classes are recognised and left alone), and
 * either succeeds for a whole class or reports every misuse in it at once ({@link dev.weft.weaver.WeaveException},
 * each {@link dev.weft.weaver.WeaveProblem} naming the source file, line and method). A {@code Weaver} is
 * thread-safe.
 */
package dev.weft.weaver;
