package dev.weft.it;

import dev.weft.AsyncCloseable;
import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.Coroutine;
import dev.weft.TaskGroup;
import dev.weft.Timeout;
import dev.weft.TimeoutError;
import dev.weft.annotations.Async;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** try-with-resources over an {@link AsyncCloseable} in woven code is {@code async with}, as in CPython 3.11. */
@org.junit.jupiter.api.Timeout(30)
class AsyncWithTest {

    /** Python's class with {@code __aenter__} (the constructor) and {@code __aexit__}. */
    static final class Res implements AsyncCloseable {
        private final String name;
        private final boolean suppress;
        private final RuntimeException fail;
        private final List<String> log;

        Res(String name, boolean suppress, RuntimeException fail, List<String> log) {
            this.name = name;
            this.suppress = suppress;
            this.fail = fail;
            this.log = log;
            log.add("enter " + name);
        }

        @Override
        @Async
        public Coroutine<Void> aclose() {
            Await.on(Asyncio.sleep(0));
            log.add("exit " + name + " None");
            if (fail != null) {
                throw fail;
            }
            return Coroutine.done();
        }

        @Override
        @Async
        public Coroutine<Boolean> aexit(Throwable error) {
            Await.on(Asyncio.sleep(0));
            log.add("exit " + name + " " + error.getClass().getSimpleName());
            if (fail != null) {
                throw fail;
            }
            return Coroutine.of(suppress);
        }
    }

    @Async
    static Coroutine<String> bodyReturn(List<String> log) {
        try (Res r = new Res("r1", false, null, log)) {
            log.add("in r1");
            return Coroutine.of("ret");
        }
    }

    @Async
    static Coroutine<Void> bodyRaise(List<String> log) {
        try {
            try (Res r = new Res("r2", false, null, log)) {
                throw new IllegalArgumentException("v");
            }
        } catch (IllegalArgumentException e) {
            log.add("caught " + e.getMessage());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> suppressed(List<String> log) {
        Integer x = null;
        try (Res r = new Res("r3", true, null, log)) {
            x = 1;
            if (x == 1) {
                throw new IllegalArgumentException("s");
            }
        }
        log.add("after r3 x=" + x);
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> exitFails(List<String> log) {
        try {
            try (Res r = new Res("r4", false, new IllegalStateException("k"), log)) {
                throw new IllegalArgumentException("orig");
            }
        } catch (IllegalStateException e) {
            log.add("replaced by " + e.getMessage() + ", suppressed " + e.getSuppressed().length);
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> nested(List<String> log) {
        try (Res a = new Res("a", false, null, log); Res b = new Res("b", true, null, log)) {
            log.add("in ab");
            if (a != null) {
                throw new IllegalArgumentException("n");
            }
        }
        log.add("after ab");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> loops(List<String> log) {
        for (int i = 0; i < 4; i++) {
            try (Res r = new Res("L" + i, false, null, log)) {
                if (i == 1) {
                    continue;
                }
                if (i == 2) {
                    break;
                }
                log.add("body " + i);
            }
        }
        log.add("after loop");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> normalExitFails(List<String> log) {
        try {
            try (Res r = new Res("r5", false, new IllegalStateException("k5"), log)) {
                log.add("in r5");
            }
        } catch (IllegalStateException e) {
            log.add("normal exit failed " + e.getMessage());
        }
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> all(List<String> log) {
        log.add(Await.on(bodyReturn(log)));
        Await.on(bodyRaise(log));
        Await.on(suppressed(log));
        Await.on(exitFails(log));
        Await.on(nested(log));
        Await.on(loops(log));
        Await.on(normalExitFails(log));
        return Coroutine.done();
    }

    /*
     * Python 3.11.7, /tmp/py/awith.py (ValueError as IllegalArgumentException, KeyError as IllegalStateException):
     *   enter r1, in r1, exit r1 None, ret, enter r2, exit r2 ValueError, caught v, enter r3, exit r3 ValueError,
     *   after r3 x=1, enter r4, exit r4 ValueError, replaced by KeyError, context ValueError, enter a, enter b,
     *   in ab, exit b ValueError, exit a None, after ab, enter L0, body 0, exit L0 None, enter L1, exit L1 None,
     *   enter L2, exit L2 None, after loop, enter r5, in r5, exit r5 None, normal exit failed 'k5'
     * The exception aexit throws replaces the block's (Python keeps the block's as __context__; Java has no such
     * link, and nothing is added to it as suppressed).
     */
    @Test
    void asyncWithAsInCPython() {
        List<String> log = new ArrayList<>();
        Asyncio.run(all(log));
        assertEquals(List.of("enter r1", "in r1", "exit r1 None", "ret", "enter r2", "exit r2 IllegalArgumentException",
                "caught v", "enter r3", "exit r3 IllegalArgumentException", "after r3 x=1", "enter r4",
                "exit r4 IllegalArgumentException", "replaced by k, suppressed 0", "enter a", "enter b", "in ab",
                "exit b IllegalArgumentException", "exit a None", "after ab", "enter L0", "body 0", "exit L0 None",
                "enter L1", "exit L1 None", "enter L2", "exit L2 None", "after loop", "enter r5", "in r5",
                "exit r5 None", "normal exit failed k5"), log);
    }

    @Async
    static Coroutine<String> noCodeAfter(List<String> log) {
        try (Res r = new Res("nc", true, null, log)) {
            if (log != null) {
                throw new IllegalArgumentException("x");
            }
            return Coroutine.of("body");
        }
    }

    @Async
    static Coroutine<Void> nullResource(List<String> log) {
        try (Res r = null) {
            log.add("body with null");
        }
        try {
            try (Res r = null) {
                throw new IllegalArgumentException("thrown with null");
            }
        } catch (IllegalArgumentException e) {
            log.add(e.getMessage());
        }
        return Coroutine.done();
    }

    /*
     * Java only: a block that cannot complete normally has no code after it, so an aexit that suppresses has nowhere
     * to go on (Python would fall through to the function's end); and a null resource is not closed, as Java's
     * try-with-resources skips it.
     */
    @Test
    void suppressionWithNoCodeAfterTheBlockAndNullResources() {
        List<String> log = new ArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(noCodeAfter(log)));
        assertEquals("dev.weft.it.AsyncWithTest$Res.aexit() suppressed the exception of a try-with-resources block"
                + " (async with) in dev.weft.it.AsyncWithTest.noCodeAfter, but no code follows the block: it always"
                + " returns, breaks, continues or throws", e.getMessage());
        assertEquals("x", e.getCause().getMessage());
        assertEquals(List.of("enter nc", "exit nc IllegalArgumentException"), log);
        log.clear();
        Asyncio.run(nullResource(log));
        assertEquals(List.of("body with null", "thrown with null"), log);
    }

    @Async
    static Coroutine<String> assigned(boolean fail, List<String> log) {
        String a;
        int n;
        try (Res r = new Res("as", true, null, log)) {
            if (fail) {
                throw new IllegalArgumentException("before");
            }
            a = "x";
            n = 5;
        }
        return Coroutine.of(a + " " + n);
    }

    @Async
    static Coroutine<Void> empty(List<String> log) {
        try (Res r = new Res("e", false, null, log)) {
        }
        log.add("after empty");
        return Coroutine.done();
    }

    @Async
    static Coroutine<String> withCatch(List<String> log) {
        String r = "start";
        try (Res s = new Res("wc", true, null, log)) {
            if (r != null) {
                throw new IllegalArgumentException("x");
            }
        } catch (IllegalStateException e) {
            r = "caught";
        }
        return Coroutine.of(r + ", after the statement");
    }

    @Async
    static Coroutine<Void> shapes(List<String> log) {
        log.add(Await.on(assigned(false, log)));
        log.add(Await.on(assigned(true, log)));
        Await.on(empty(log));
        log.add(Await.on(withCatch(log)));
        return Coroutine.done();
    }

    /*
     * Python 3.11.7, /tmp/py/awith2.py:
     *   ['enter as', 'exit as None', 'x 5', 'enter as', 'exit as ValueError', 'None 0', 'enter e', 'exit e None',
     *    'after empty', 'enter wc', 'exit wc ValueError', 'start, after the statement']
     * Locals the block assigns hold their defaults after a suppressed exception (Python's would be unbound; the
     * port starts them at None and 0); an empty block still enters and exits; the statement's own catch clause
     * is not the code after it.
     */
    @Test
    void assignedLocalsEmptyBlocksAndCatchClauses() {
        List<String> log = new ArrayList<>();
        Asyncio.run(shapes(log));
        assertEquals(List.of("enter as", "exit as None", "x 5", "enter as", "exit as IllegalArgumentException",
                "null 0", "enter e", "exit e None", "after empty", "enter wc", "exit wc IllegalArgumentException",
                "start, after the statement"), log);
    }

    @Async
    static Coroutine<Void> child(int i, List<String> log) {
        Await.on(Asyncio.sleep(0.01));
        log.add("child " + i + " done");
        return Coroutine.done();
    }

    @Async
    static Coroutine<Void> breaks(List<String> log) {
        Timeout last = null;
        for (int i = 0; i < 3; i++) {
            try (Timeout t = Asyncio.timeout(1)) {
                last = t;
                Await.on(Asyncio.sleep(0));
                if (i == 1) {
                    break;
                }
                log.add("timeout body " + i);
            }
        }
        log.add("after loop expired=" + (last.isExpired() ? "True" : "False"));
        for (int i = 0; i < 3; i++) {
            try (TaskGroup tg = new TaskGroup()) {
                tg.createTask(child(i, log));
                if (i == 1) {
                    break;
                }
                log.add("tg body " + i);
            }
        }
        log.add("after tg loop");
        int i = 0;
        try {
            for (; i < 3; i++) {
                try (Timeout t = Asyncio.timeout(0.01)) {
                    Await.on(Asyncio.sleep(1));
                }
            }
        } catch (TimeoutError e) {
            log.add("timed out at " + i);
        }
        return Coroutine.done();
    }

    /*
     * Python 3.11.7, /tmp/py/brk.py: timeout and TaskGroup blocks left by break (the group still waits for its
     * child) and a timeout that expires inside a loop:
     *   ['timeout body 0', 'after loop expired=False', 'tg body 0', 'child 0 done', 'child 1 done', 'after tg loop',
     *    'timed out at 0']
     */
    @Test
    void timeoutAndTaskGroupBlocksLeftByBreak() {
        List<String> log = new ArrayList<>();
        Asyncio.run(breaks(log));
        assertEquals(List.of("timeout body 0", "after loop expired=False", "tg body 0", "child 0 done", "child 1 done",
                "after tg loop", "timed out at 0"), log);
    }
}
