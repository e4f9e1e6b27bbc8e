package dev.weft.it;

import dev.weft.Asyncio;
import dev.weft.Await;
import dev.weft.CancelledError;
import dev.weft.Coroutine;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.annotations.Async;
import dev.weft.test.AsyncTestBase;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code return c;} and {@code return m(...);} are tail awaits: the result is the returned coroutine's, and
 * nothing of the returning method runs after it, so the weaver gives it no resume point, and a method called
 * directly that has no frame makes none. These tests check that every meaning of {@code return await c} in
 * Python stays: values (objects, primitives, null), the order of events, exceptions, cancellation, methods run as
 * tasks, and a frame suspended in a tail await keeping nothing its body no longer needs.
 */
class TailAwaitTest extends AsyncTestBase {

    private final List<String> log = new ArrayList<>();

    /**
     * The trace is CPython 3.11's for the same program, with {@code return await c} where Java says
     * {@code return c}. The methods are called directly (private and static: no frame until one suspends, and a
     * method that only delegates makes none) and through their frames (overridable instance methods).
     */
    @Test
    void aReturnedCoroutineIsAwaitedInPlace() {
        List<String> expected = List.of("delegate 1", "leaf 2", "callback", "leaf resumed 2", "got 4",
                "made 10", "leaf 11", "leaf resumed 11", "got 22",
                "sleep made", "got slept",
                "delegate 20", "leaf 21", "leaf resumed 21", "task got 42",
                "made 30", "leaf 31", "leaf resumed 31", "task got 62",
                "caught failed 1", "task caught failed 2", "got null",
                "framed 40", "leaf 40", "leaf resumed 40", "got 80",
                "forever finally", "cancelled");
        Direct.log.clear();
        Asyncio.run(Direct.main());
        assertEquals(expected, Direct.log, "called directly");
        Asyncio.run(new Virtual().main());
        assertEquals(expected, log, "through frames");
    }

    /** The program with methods called directly: private and static. */
    static final class Direct {
        static final List<String> log = new ArrayList<>();


        @Async
        private static Coroutine<Integer> leaf(int v) {
            log.add("leaf " + v);
            Await.on(Asyncio.sleep(0));
            log.add("leaf resumed " + v);
            return Coroutine.of(v * 2);
        }

        @Async
        private static Coroutine<Integer> delegateDirect(int v) {
            log.add("delegate " + v);
            return leaf(v + 1);
        }

        @Async
        private static Coroutine<Integer> delegateStored(int v) {
            Coroutine<Integer> c = leaf(v + 1);
            log.add("made " + v);
            return c;
        }

        @Async
        private static Coroutine<String> delegateSleep() {
            Coroutine<String> c = Asyncio.sleep(0, "slept");
            log.add("sleep made");
            return c;
        }

        @Async
        private static Coroutine<Integer> failsLater(int v) {
            Await.on(Asyncio.sleep(0));
            throw new IllegalStateException("failed " + v);
        }

        @Async
        private static Coroutine<Integer> delegateFailure(int v) {
            return failsLater(v);
        }

        @Async
        private static Coroutine<Integer> nothing() {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(null);
        }

        @Async
        private static Coroutine<Integer> delegateNothing() {
            return nothing();
        }

        @Async
        private static Coroutine<Integer> framedThenDelegates(Future<Integer> done) {
            int x = Await.on(done);
            log.add("framed " + x);
            return leaf(x);
        }

        @Async
        private static Coroutine<Integer> forever() {
            try {
                Await.on(Asyncio.sleep(3600));
            } finally {
                log.add("forever finally");
            }
            return Coroutine.of(0);
        }

        @Async
        private static Coroutine<Integer> delegateForever() {
            return forever();
        }

        @Async
        private static Coroutine<Void> main() {
            Asyncio.getRunningLoop().callSoon(() -> log.add("callback"));
            log.add("got " + Await.on(delegateDirect(1)));
            log.add("got " + Await.on(delegateStored(10)));
            log.add("got " + Await.on(delegateSleep()));
            Task<Integer> t = Asyncio.createTask(delegateDirect(20));
            log.add("task got " + Await.on(t));
            Task<Integer> t2 = Asyncio.createTask(delegateStored(30));
            log.add("task got " + Await.on(t2));
            try {
                Await.on(delegateFailure(1));
            } catch (IllegalStateException e) {
                log.add("caught " + e.getMessage());
            }
            Task<Integer> t3 = Asyncio.createTask(delegateFailure(2));
            try {
                Await.on(t3);
            } catch (IllegalStateException e) {
                log.add("task caught " + e.getMessage());
            }
            log.add("got " + Await.on(delegateNothing()));
            Future<Integer> done = Asyncio.getRunningLoop().createFuture();
            done.setResult(40);
            log.add("got " + Await.on(framedThenDelegates(done)));
            Task<Integer> t4 = Asyncio.createTask(delegateForever());
            Await.on(Asyncio.sleep(0));
            t4.cancel();
            try {
                Await.on(t4);
            } catch (CancelledError e) {
                log.add("cancelled");
            }
            return Coroutine.done();
        }
    }

    /** The same program with overridable instance methods (of a class that is not final): every call makes a frame. */
    class Virtual {

        @Async
        Coroutine<Integer> leaf(int v) {
            log.add("leaf " + v);
            Await.on(Asyncio.sleep(0));
            log.add("leaf resumed " + v);
            return Coroutine.of(v * 2);
        }

        @Async
        Coroutine<Integer> delegateDirect(int v) {
            log.add("delegate " + v);
            return leaf(v + 1);
        }

        @Async
        Coroutine<Integer> delegateStored(int v) {
            Coroutine<Integer> c = leaf(v + 1);
            log.add("made " + v);
            return c;
        }

        @Async
        Coroutine<String> delegateSleep() {
            Coroutine<String> c = Asyncio.sleep(0, "slept");
            log.add("sleep made");
            return c;
        }

        @Async
        Coroutine<Integer> failsLater(int v) {
            Await.on(Asyncio.sleep(0));
            throw new IllegalStateException("failed " + v);
        }

        @Async
        Coroutine<Integer> delegateFailure(int v) {
            return failsLater(v);
        }

        @Async
        Coroutine<Integer> nothing() {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(null);
        }

        @Async
        Coroutine<Integer> delegateNothing() {
            return nothing();
        }

        @Async
        Coroutine<Integer> framedThenDelegates(Future<Integer> done) {
            int x = Await.on(done);
            log.add("framed " + x);
            return leaf(x);
        }

        @Async
        Coroutine<Integer> forever() {
            try {
                Await.on(Asyncio.sleep(3600));
            } finally {
                log.add("forever finally");
            }
            return Coroutine.of(0);
        }

        @Async
        Coroutine<Integer> delegateForever() {
            return forever();
        }

        @Async
        Coroutine<Void> main() {
            Asyncio.getRunningLoop().callSoon(() -> log.add("callback"));
            log.add("got " + Await.on(delegateDirect(1)));
            log.add("got " + Await.on(delegateStored(10)));
            log.add("got " + Await.on(delegateSleep()));
            Task<Integer> t = Asyncio.createTask(delegateDirect(20));
            log.add("task got " + Await.on(t));
            Task<Integer> t2 = Asyncio.createTask(delegateStored(30));
            log.add("task got " + Await.on(t2));
            try {
                Await.on(delegateFailure(1));
            } catch (IllegalStateException e) {
                log.add("caught " + e.getMessage());
            }
            Task<Integer> t3 = Asyncio.createTask(delegateFailure(2));
            try {
                Await.on(t3);
            } catch (IllegalStateException e) {
                log.add("task caught " + e.getMessage());
            }
            log.add("got " + Await.on(delegateNothing()));
            Future<Integer> done = Asyncio.getRunningLoop().createFuture();
            done.setResult(40);
            log.add("got " + Await.on(framedThenDelegates(done)));
            Task<Integer> t4 = Asyncio.createTask(delegateForever());
            Await.on(Asyncio.sleep(0));
            t4.cancel();
            try {
                Await.on(t4);
            } catch (CancelledError e) {
                log.add("cancelled");
            }
            return Coroutine.done();
        }
    }

    @Async
    private Coroutine<Integer> leafHere(int v) {
        log.add("leaf " + v);
        Await.on(Asyncio.sleep(0));
        log.add("leaf resumed " + v);
        return Coroutine.of(v * 2);
    }

    /** Its tail await is a direct call (Rt.tailInt). */
    @Async
    Coroutine<Integer> holdsThenCalls(Object held) {
        Object keep = new StringBuilder("kept ").append(held);
        Await.on(Asyncio.sleep(0));
        log.add(keep.toString());
        return leafHere(1);
    }

    /** Its tail await is of a coroutine (Rt.awaitTail). */
    @Async
    Coroutine<Integer> holdsThenAwaits(Object held) {
        Object keep = new StringBuilder("kept ").append(held);
        Await.on(Asyncio.sleep(0));
        log.add(keep.toString());
        return new Virtual().leaf(2);
    }

    @Async
    Coroutine<Void> inspect() {
        Task<Integer> t = Asyncio.createTask(holdsThenCalls("x"));
        Task<Integer> u = Asyncio.createTask(holdsThenAwaits("y"));
        Await.on(Asyncio.sleep(0));
        Await.on(Asyncio.sleep(0)); // both now wait in their tail awaits
        log.add("saved references " + savedReferences(t.getCoro()) + " " + savedReferences(u.getCoro()));
        log.add("got " + Await.on(t) + " " + Await.on(u));
        return Coroutine.done();
    }

    /** The values of the frame's fields that hold saved references (not its arguments, not its receiver). */
    private static List<Object> savedReferences(Object frame) {
        List<Object> values = new ArrayList<>();
        for (Field f : frame.getClass().getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive() && f.getName().startsWith("l")) {
                f.setAccessible(true);
                try {
                    values.add(f.get(frame));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return values;
    }

    @Test
    void aFrameSuspendedInATailAwaitKeepsNothingItsBodySaved() {
        Asyncio.run(inspect());
        assertEquals(List.of("kept x", "leaf 1", "kept y", "leaf 2", "saved references [null] [null]",
                "leaf resumed 1", "leaf resumed 2", "got 2 4"), log);
    }

    // ---- tail awaits on several lines: each stores which one it is in its frame's label ----

    static final List<String> branchLog = new ArrayList<>();

    @Async
    private static Coroutine<Integer> branchLeaf(int v) {
        branchLog.add("leaf " + v);
        Await.on(Asyncio.sleep(0));
        branchLog.add("leaf resumed " + v);
        return Coroutine.of(v * 2);
    }

    @Async
    private static Coroutine<Integer> branchFails(int v) {
        Await.on(Asyncio.sleep(0));
        throw new IllegalStateException("failed " + v);
    }

    /** Below 10 the method has a frame when it reaches its tail awaits; from 10 on it has none. */
    @Async
    private static Coroutine<Integer> branches(int which) {
        int x = which;
        if (which < 10) {
            x = Await.on(Asyncio.sleep(0, which));
        }
        if (which % 10 == 0) {
            return branchLeaf(x);
        }
        if (which % 10 == 1) {
            return branchFails(x);
        }
        Coroutine<Integer> c = branchLeaf(x + 100);
        return c;
    }

    /** A primitive body, deeper than the inline limit: frames are made where the Java stack is cut. */
    @Async
    static Coroutine<Double> tailBranches(int n) {
        if (n == 0) {
            Await.on(Asyncio.sleep(0));
            return Coroutine.of(0.5);
        }
        if (n % 2 == 0) {
            return tailBranches(n - 1);
        }
        return tailBranches(n - 1);
    }

    @Async
    private static Coroutine<Void> branchesMain() {
        for (int which : new int[] {0, 1, 2, 10, 11, 12}) {
            try {
                branchLog.add(which + " got " + Await.on(branches(which)));
            } catch (IllegalStateException e) {
                branchLog.add(which + " caught " + e.getMessage());
            }
            Task<Integer> t = Asyncio.createTask(branches(which));
            try {
                branchLog.add(which + " task got " + Await.on(t));
            } catch (IllegalStateException e) {
                branchLog.add(which + " task caught " + e.getMessage());
            }
        }
        Task<Integer> t = Asyncio.createTask(branches(2));
        Await.on(Asyncio.sleep(0));
        Await.on(Asyncio.sleep(0));
        t.cancel();
        try {
            Await.on(t);
        } catch (CancelledError e) {
            branchLog.add("cancelled in the tail await");
        }
        branchLog.add("deep " + Await.on(tailBranches(5000)));
        return Coroutine.done();
    }

    @Test
    void tailAwaitsOnSeveralLinesBehaveAsOnOne() {
        branchLog.clear();
        Asyncio.run(branchesMain());
        assertEquals(List.of("leaf 0", "leaf resumed 0", "0 got 0", "leaf 0", "leaf resumed 0", "0 task got 0",
                "1 caught failed 1", "1 task caught failed 1",
                "leaf 102", "leaf resumed 102", "2 got 204", "leaf 102", "leaf resumed 102", "2 task got 204",
                "leaf 10", "leaf resumed 10", "10 got 20", "leaf 10", "leaf resumed 10", "10 task got 20",
                "11 caught failed 11", "11 task caught failed 11",
                "leaf 112", "leaf resumed 112", "12 got 224", "leaf 112", "leaf resumed 112", "12 task got 224",
                "leaf 102", "cancelled in the tail await", "deep 0.5"), branchLog);
    }
}
