package dev.weft;

import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * SLF4J's MDC, a real thread-local API (its {@code BasicMDCAdapter}, SLF4J's thread-local implementation of the MDC),
 * follows each task: a context variable bound to it installs the task's value
 * whenever the task runs, so code that logs through the MDC (here: reads {@code MDC.get}) sees its own request's id
 * between awaits, although both requests interleave on the loop's one thread.
 */
@Timeout(30)
class ContextVarMdcTest {

    /** The MDC a logging back end would read (SLF4J's static {@code MDC} delegates to an adapter like this one). */
    static final MDCAdapter MDC = new BasicMDCAdapter();

    static final ContextVar<String> REQUEST_ID = ContextVar.bound("requestId", new ThreadLocalBinding<>() {
        @Override
        public void set(String value) {
            MDC.put("requestId", value);
        }

        @Override
        public void clear() {
            MDC.remove("requestId");
        }
    });

    @Async
    static Coroutine<Void> handle(String rid, double d, List<String> log) {
        REQUEST_ID.set(rid);
        log.add(rid + " start sees " + MDC.get("requestId"));
        Await.on(Asyncio.sleep(d));
        log.add(rid + " after sleep sees " + MDC.get("requestId"));
        Await.on(Asyncio.sleep(0));
        log.add(rid + " end sees " + MDC.get("requestId"));
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> main(List<String> log) {
        Await.on(Asyncio.gather(handle("r1", 0.02, log), handle("r2", 0.01, log)));
        String seen = MDC.get("requestId");
        log.add("main sees " + (seen == null ? "none" : seen));
        return Coroutine.done();
    }

    /*
     * Python 3.11.7, /tmp/py/mdc.py (the same program reading the context variable, where Java code reads the MDC):
     *   ['r1 start sees r1', 'r2 start sees r2', 'r2 after sleep sees r2', 'r2 end sees r2', 'r1 after sleep sees r1',
     *    'r1 end sees r1', 'main sees none']
     */
    @Test
    void eachTaskSeesItsOwnMdc() {
        List<String> log = new ArrayList<>();
        Asyncio.run(main(log));
        assertEquals(List.of("r1 start sees r1", "r2 start sees r2", "r2 after sleep sees r2", "r2 end sees r2",
                "r1 after sleep sees r1", "r1 end sees r1", "main sees none"), log);
        assertNull(MDC.get("requestId"), "the loop's thread is left as it was");
    }
}
