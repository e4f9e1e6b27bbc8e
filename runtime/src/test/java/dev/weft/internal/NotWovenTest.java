package dev.weft.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "not woven" message says why, for each of the three reasons an Await.on can run unwoven. */
class NotWovenTest {

    @WeaveRefused("Refused.java:7: dev.weft.internal.NotWovenTest.Refused.bad: Await.on(...) in method bad, which"
            + " is not @Async: annotate the method with @Async (from dev.weft.annotations) and make it return"
            + " dev.weft.Coroutine")
    static final class Refused {
    }

    @Test
    void theAgentJarIsNamedAsTheBuildWritesIt() {
        assertTrue(NotWoven.agentJar().matches("weft-transformer-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\.jar"),
                NotWoven.agentJar());
    }

    @Test
    void nothingWoveTheCode() {
        assertEquals("Await.on(...) was called in dev.weft.internal.NotWovenTest.run, which was not woven by Weft."
                + " Build the project with the weft-maven-plugin (goals weave and weave-tests) or start the JVM with"
                + " -javaagent:" + NotWoven.agentJar() + ", and make sure the calling method is annotated @Async and"
                + " returns dev.weft.Coroutine.", NotWoven.message(NotWovenTest.class, "run", null));
    }

    @Test
    void theAgentRunsButTheMethodIsNotOneItWeaves() {
        assertEquals("Await.on(...) was called in dev.weft.internal.NotWovenTest.run, which the Weft javaagent"
                + " (/opt/weft-transformer-1.0.jar) did not weave: annotate the method with @Async (from"
                + " dev.weft.annotations) and make it return dev.weft.Coroutine (a lambda that awaits must return a"
                + " Coroutine).", NotWoven.message(NotWovenTest.class, "run", "/opt/weft-transformer-1.0.jar"));
    }

    @Test
    void theAgentRefusedTheClass() {
        assertEquals("Await.on(...) was called in dev.weft.internal.NotWovenTest$Refused.good, which is not woven:"
                + " the Weft javaagent refused to weave dev.weft.internal.NotWovenTest$Refused when it was loaded,"
                + " because of:\n"
                + "Refused.java:7: dev.weft.internal.NotWovenTest.Refused.bad: Await.on(...) in method bad, which is"
                + " not @Async: annotate the method with @Async (from dev.weft.annotations) and make it return"
                + " dev.weft.Coroutine\n"
                + "Fix these and the agent weaves the whole class.",
                NotWoven.message(Refused.class, "good", "/opt/weft-transformer-1.0.jar"));
    }
}
