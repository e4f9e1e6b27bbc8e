package dev.weft;

import dev.weft.annotations.Async;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Java half of the tests ported from CPython 3.11.7 programs ({@link TaskGroupTest}, {@link TimeoutTest}): a log
 * whose lines are written exactly as the Python harness below writes them, so that a test asserts its log equals
 * the output of the Python program quoted above it. Each Python program starts with {@code from vt import *}; vt.py
 * runs it on a loop with virtual time that, like Weft's {@code VirtualClock}, jumps to the next timer when nothing
 * is ready:
 *
 * <pre>
 * import asyncio
 * class VLoop(asyncio.SelectorEventLoop):
 *     _vt = 0.0
 *     def time(self): return self._vt
 *     def _run_once(self):
 *         if not self._ready:
 *             live = [h._when for h in self._scheduled if not h._cancelled]
 *             if live: self._vt = max(self._vt, min(live))
 *         super()._run_once()
 * log = []
 * def L(what): log.append(f"{asyncio.get_running_loop().time():.2f} {what}")
 * def run(main):
 *     with asyncio.Runner(loop_factory=VLoop) as r:
 *         r.run(main())
 *     for x in log: print(x)
 * async def worker(name, d):
 *     L(f"{name} start")
 *     try:
 *         await asyncio.sleep(d)
 *     except asyncio.CancelledError:
 *         L(f"{name} cancelled"); raise
 *     L(f"{name} end")
 *     return name
 * async def fails(name, d):
 *     L(f"{name} start")
 *     await asyncio.sleep(d)
 *     L(f"{name} fails")
 *     raise ValueError(name)
 * def eg(e):
 *     if isinstance(e, BaseExceptionGroup):
 *         return "EG[" + ", ".join(eg(x) for x in e.exceptions) + "]"
 *     return f"{type(e).__name__}({e})"
 * </pre>
 *
 * In an {@code @Async} method try-with-resources over an {@link AsyncCloseable} is {@code async with} (API.md), so
 * {@code async with cm as r: BODY} is {@code try (R r = cm) { BODY }}: {@code r.aclose()} is awaited when the block
 * ends normally, {@code r.aexit(e)} when it throws {@code e}. Where Python uses {@code r} after the statement (or in
 * an {@code except} around it) the port declares it right before: {@code R r = cm; try (r) { BODY }} (creating the
 * resource is {@code __aenter__}: {@code new TaskGroup()}, {@code Asyncio.timeout(d)}).
 */
final class PyTrace {
    final List<String> log = new ArrayList<>();

    /** Python's {@code L(what)}. */
    void log(String what) {
        log.add(String.format(Locale.ROOT, "%.2f %s", Asyncio.getRunningLoop().time(), what));
    }

    /** Python's {@code ValueError}, so that {@link #eg} prints the same name. */
    static final class ValueError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ValueError(String message) {
            super(message);
        }
    }

    /** Python's {@code eg(e)}: an exception as its type and message, a group as its members in brackets. */
    static String eg(Throwable e) {
        if (e instanceof ExceptionGroup) {
            return "EG[" + ((ExceptionGroup) e).exceptions().stream().map(PyTrace::eg)
                    .collect(Collectors.joining(", ")) + "]";
        }
        return e.getClass().getSimpleName() + "(" + (e.getMessage() == null ? "" : e.getMessage()) + ")";
    }

    /** Python's {@code str(when)} for a deadline: {@code None} is Weft's infinity. */
    static String when(double when) {
        return when == Double.POSITIVE_INFINITY ? "None" : Double.toString(when);
    }

    /** Python's {@code str(b)}. */
    static String py(boolean b) {
        return b ? "True" : "False";
    }

    /** @return {@code asyncio.current_task().cancelling()} */
    static int cancelling() {
        return Asyncio.currentTask().cancelling();
    }

    /** Python's {@code worker(name, d)}. */
    @Async
    Coroutine<String> worker(String name, double d) {
        log(name + " start");
        try {
            Await.on(Asyncio.sleep(d));
        } catch (CancelledError e) {
            log(name + " cancelled");
            throw e;
        }
        log(name + " end");
        return Coroutine.of(name);
    }

    /** Python's {@code fails(name, d)}. */
    @Async
    Coroutine<Void> fails(String name, double d) {
        log(name + " start");
        Await.on(Asyncio.sleep(d));
        log(name + " fails");
        throw new ValueError(name);
    }

    /** @param python the Python program's output, one line each */
    List<String> expected(String python) {
        return python.lines().map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }
}
