package dev.weft.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a JUnit 5 test class (or one test method) with Weft's test kit ({@link WeftExtension}).
 *
 * <p>Each {@code @Test @Async void} method runs on a fresh event loop of its own, in the thread JUnit runs it in, as
 * {@code Asyncio.run} would run it; so does every {@code Asyncio.run} a plain test method calls. When the test
 * method returns, the test fails if it left any of these behind, each named with the stack where it was made:
 * <ul>
 *   <li>a task still pending when the main coroutine ended (before the run cancels it);</li>
 *   <li>a failed task or future whose exception nobody retrieved ("Task exception was never retrieved");</li>
 *   <li>an error the loop reported to its exception handler (a callback that threw, ...);</li>
 *   <li>a server or transport not closed;</li>
 *   <li>a coroutine created in the test's thread and never awaited nor wrapped in a task.</li>
 * </ul>
 * What the test method itself throws comes first; these are added to it as suppressed exceptions.
 *
 * <pre>{@code
 * @WeftTest(virtualTime = true)
 * class ClockTest {
 *     @Test
 *     @Async
 *     void sleepsTakeNoTime() {
 *         Await.on(Asyncio.sleep(10));
 *         assertEquals(10.0, Asyncio.getRunningLoop().time());
 *     }
 * }
 * }</pre>
 *
 * <p>A test method may also take a {@link TestLoop} parameter: a loop on virtual time that the test steps from
 * outside, checked the same way when the test ends, then closed.
 *
 * <p>On a method, the annotation's values override the class's.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(WeftExtension.class)
public @interface WeftTest {

    /**
     * Whether the test's loops run on a virtual clock: {@code loop.time()} starts at 0, stands still while
     * callbacks run and jumps to the next timer when the loop would otherwise wait, so sleeps and timeouts are
     * exact and take no real time. With no timer left, the loop waits for real (only another thread can then wake
     * it). Off by default: the loop's clock is the system's.
     *
     * @return whether time is virtual
     */
    boolean virtualTime() default false;

    /**
     * Whether the test's loops run in debug mode, as Python's {@code IsolatedAsyncioTestCase} runs its loop: tasks
     * and callbacks remember where they were made (so a task left pending is named with that stack), and a
     * non-thread-safe call from another thread throws. On by default.
     *
     * @return whether the loops debug
     */
    boolean debug() default true;
}
