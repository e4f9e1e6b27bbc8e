/**
 * The javaagent ({@code weft-transformer} jar): {@link dev.weft.agent.WeftAgent} weaves every {@code @Async}
 * method of the application's classes as they load, with the same weaver as the Maven plugin, for programs
 * run from an IDE or built without the plugin. Its jar shades and relocates ASM, so it clashes with no ASM on
 * the application's class path.
 */
package dev.weft.agent;
