/**
 * The Maven plugin ({@code weft-maven-plugin}): the {@code weave} goal weaves {@code target/classes} right after
 * the compiler in the {@code compile} phase, and {@code weave-tests} weaves {@code target/test-classes} in
 * {@code test-compile}, so {@code mvn compile exec:java} and {@code mvn test} run woven code. Both goals only
 * configure {@link dev.weft.weaver.ClassDirectoryWeaver}; no weaving logic lives here.
 */
package dev.weft.maven;
