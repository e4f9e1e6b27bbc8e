/**
 * Weft's test kit for JUnit 5. {@link dev.weft.test.WeftTest @WeftTest} runs each {@code @Test @Async} method on
 * a fresh event loop, optionally on virtual time, and fails the test for what it leaked: pending tasks,
 * exceptions never retrieved, errors the loop reported, unclosed servers and transports, coroutines never
 * awaited. {@link dev.weft.test.TestLoop} is a loop on virtual time that a test steps from outside, as
 * kotlinx-coroutines-test's scheduler; {@link dev.weft.test.VirtualTime} runs a coroutine on such a clock
 * without JUnit; {@link dev.weft.test.AsyncTestBase} asserts the exact order of steps in a test
 * ({@code expect(n)}, {@code finish(n)}), after kotlinx.coroutines' {@code TestBase}.
 *
 * <p>Virtual time is exact: a {@code sleep(10)} takes no real time and ends at exactly 10 seconds on the loop's
 * clock, so tests of timeouts and schedules assert exact times and never flake.
 */
package dev.weft.test;
