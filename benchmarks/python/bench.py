#!/usr/bin/env python3
"""The Weft benchmark workloads in Python asyncio (CPython, standard library only).

    python3 bench.py <workload> [--n N] [--rounds R] [--warmup W] [--sleep S]

workload: w1, w1y, w2, w2g, w3, w3g, w4, w5, w5n, w6 (or "all"). w2g and w3g are w2 and w3 awaited
the way users write them, with one asyncio.gather (per batch for w2g, over all sleepers for w3g). For w5n, N counts chains of 1000 nested coroutines
(time_per_op is per level, time_per_chain per whole chain), as in the JVM driver. w6 is async for over an
async generator yielding N items (time_per_op per item).

Prints one line per measured round, in the same format as the JVM driver
(dev.weft.bench.Macro):

    RESULT asyncio <workload> <metric> <value> <unit>

Metrics: time_per_op (ns) for w1, w1y, w2, w2g, w4, w5, w5n, w6; for w3 and w3g wall (s), rss_peak (MiB) and
rss_per_task (B: resident-set growth per suspended task, because tracemalloc is far too slow to
count a million tasks' heap). CPython cannot count the bytes allocated by an await, so w5/w5n/w6
print a SKIP line for alloc_per_op instead.

The default N is smaller than the JVM's for the slow workloads, so that a run stays short; every
number printed is per operation, so the ratios stay comparable. Each workload checks its result
and exits with status 1 when it is wrong.
"""

import argparse
import asyncio
import gc
import os
import resource
import sys
import time

SYSTEM = "asyncio"

# The issue's N, and the N used here by default (asyncio is 20-100x slower per op than the
# JVM systems; per-op numbers do not depend on N once N is in the tens of thousands).
ISSUE_N = {
    "w1": 1_000_000, "w1y": 1_000_000, "w2": 1_000_000, "w2g": 1_000_000, "w3": 1_000_000, "w3g": 1_000_000,
    "w4": 5_000_000, "w5": 1_000_000, "w5n": 1_000, "w6": 1_000_000,
}
DEFAULT_N = {
    "w1": 300_000, "w1y": 500_000, "w2": 500_000, "w2g": 500_000, "w3": 1_000_000, "w3g": 1_000_000,
    "w4": 2_000_000, "w5": 1_000_000, "w5n": 1_000, "w6": 1_000_000,
}
SLEEPERS = ("w3", "w3g")  # measured once a round, by wall time and memory; no warm-up by default
BATCH = 10_000      # W2, W2g batch size
QUEUE_SIZE = 1_000  # W4 queue bound
DEPTH = 1_000       # W5n nesting depth
SLEEP_S = 1.0       # W3, W3g sleep


def item_sum(n):
    """The sum of i & 127 over range(n): the JVM driver's items, which stay small (cached) integers."""
    full, rest = divmod(n, 128)
    return full * (127 * 128 // 2) + rest * (rest - 1) // 2


class Mismatch(Exception):
    pass


def check(ok, what):
    if not ok:
        raise Mismatch(what)


def result(workload, metric, value, unit):
    if isinstance(value, float):
        text = f"{value:.6g}" if abs(value) < 1e15 else f"{value:.6e}"
    else:
        text = str(value)
    print(f"RESULT {SYSTEM} {workload} {metric} {text} {unit}", flush=True)


def skip(workload, metric, reason):
    print(f"SKIP {SYSTEM} {workload} {metric} {reason}", flush=True)


def rss_now_bytes():
    """Current resident set size, from /proc/self/statm (Linux)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


def rss_peak_mib():
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":
        return peak / (1024 * 1024)
    return peak / 1024


# --------------------------------------------------------------------------- W1 handoff

async def w1(n):
    """Two tasks ping-pong n round trips through two Events: 2n switches."""
    ping = asyncio.Event()
    pong = asyncio.Event()
    counts = [0, 0]

    async def a():
        for _ in range(n):
            ping.set()
            await pong.wait()
            pong.clear()
            counts[0] += 1

    async def b():
        for _ in range(n):
            await ping.wait()
            ping.clear()
            counts[1] += 1
            pong.set()

    t0 = time.perf_counter_ns()
    await asyncio.gather(asyncio.create_task(a()), asyncio.create_task(b()))
    dt = time.perf_counter_ns() - t0
    check(counts == [n, n], f"w1 round trips {counts} != {n}")
    return [("time_per_op", dt / (2 * n), "ns")]


# --------------------------------------------------------------------------- W1y yield

async def w1y(n):
    """Two tasks each sleep(0) n times: 2n yields."""
    counts = [0, 0]

    async def yielder(k):
        sleep = asyncio.sleep
        for _ in range(n):
            await sleep(0)
            counts[k] += 1

    t0 = time.perf_counter_ns()
    await asyncio.gather(asyncio.create_task(yielder(0)), asyncio.create_task(yielder(1)))
    dt = time.perf_counter_ns() - t0
    check(counts == [n, n], f"w1y yields {counts} != {n}")
    return [("time_per_op", dt / (2 * n), "ns")]


# --------------------------------------------------------------------------- W2 spawn

async def trivial(i):
    return i & 127


async def w2(n):
    """n trivial tasks, created and awaited in batches of BATCH."""
    create = asyncio.create_task
    total = 0
    t0 = time.perf_counter_ns()
    for start in range(0, n, BATCH):
        tasks = [create(trivial(i)) for i in range(start, min(n, start + BATCH))]
        for t in tasks:
            total += await t
    dt = time.perf_counter_ns() - t0
    check(total == item_sum(n), f"w2 sum {total} != {item_sum(n)}")
    return [("time_per_op", dt / n, "ns")]


async def w2g(n):
    """n trivial tasks in batches of BATCH: each batch created, then awaited with one gather, summed."""
    create = asyncio.create_task
    gather = asyncio.gather
    total = 0
    t0 = time.perf_counter_ns()
    for start in range(0, n, BATCH):
        tasks = [create(trivial(i)) for i in range(start, min(n, start + BATCH))]
        total += sum(await gather(*tasks))
    dt = time.perf_counter_ns() - t0
    check(total == item_sum(n), f"w2g sum {total} != {item_sum(n)}")
    return [("time_per_op", dt / n, "ns")]


# --------------------------------------------------------------------------- W3 sleepers

async def sleeper(i):
    await asyncio.sleep(SLEEP_S)
    return 1


async def w3(n):
    """n tasks each sleeping 1 s, awaited together."""
    gc.collect()
    rss0 = rss_now_bytes()
    create = asyncio.create_task
    t0 = time.perf_counter_ns()
    tasks = [create(sleeper(i)) for i in range(n)]
    # One turn of the loop: every task runs to its sleep and is suspended there. No timer can
    # fire before the next turn, so right now all n are suspended.
    await asyncio.sleep(0)
    rss1 = rss_now_bytes()
    done = await asyncio.gather(*tasks)
    wall = (time.perf_counter_ns() - t0) / 1e9
    check(len(done) == n and sum(done) == n, f"w3 finished {sum(done)} of {n}")
    check(wall >= SLEEP_S, f"w3 wall {wall} < {SLEEP_S}")
    out = [("wall", wall, "s"), ("rss_peak", rss_peak_mib(), "MiB")]
    if rss0 is not None and rss1 is not None:
        out.append(("rss_per_task", (rss1 - rss0) / n, "B"))
    del tasks, done
    return out


async def w3g(n):
    """n sleepers of 1 s, their coroutines passed to one gather."""
    gc.collect()
    rss0 = rss_now_bytes()
    t0 = time.perf_counter_ns()
    # gather wraps each coroutine in a task now; they start on the loop's next turn.
    everyone = asyncio.gather(*[sleeper(i) for i in range(n)])
    # One turn of the loop, as in w3: every sleeper runs to its sleep, so right now all n are suspended.
    await asyncio.sleep(0)
    rss1 = rss_now_bytes()
    done = await everyone
    wall = (time.perf_counter_ns() - t0) / 1e9
    check(len(done) == n and sum(done) == n, f"w3g finished {sum(done)} of {n}")
    check(wall >= SLEEP_S, f"w3g wall {wall} < {SLEEP_S}")
    out = [("wall", wall, "s"), ("rss_peak", rss_peak_mib(), "MiB")]
    if rss0 is not None and rss1 is not None:
        out.append(("rss_per_task", (rss1 - rss0) / n, "B"))
    del everyone, done
    return out


# --------------------------------------------------------------------------- W4 queue

async def w4(n):
    """One producer, one consumer, a bounded queue of QUEUE_SIZE, n items."""
    q = asyncio.Queue(QUEUE_SIZE)
    got = [0, 0]

    async def producer():
        put = q.put
        for i in range(n):
            await put(i & 127)

    async def consumer():
        get = q.get
        s = 0
        for _ in range(n):
            s += await get()
        got[0] = s
        got[1] = n

    t0 = time.perf_counter_ns()
    await asyncio.gather(asyncio.create_task(producer()), asyncio.create_task(consumer()))
    dt = time.perf_counter_ns() - t0
    check(got == [item_sum(n), n] and q.empty(), f"w4 got {got}")
    return [("time_per_op", dt / n, "ns")]


# --------------------------------------------------------------------------- W5 / W5n

async def completed(i):
    return i & 127


async def await_loop(n):
    s = 0
    for i in range(n):
        s += await completed(i)
    return s


async def w5(n):
    """Await a coroutine that returns at once, n times in one loop."""
    t0 = time.perf_counter_ns()
    s = await await_loop(n)
    dt = time.perf_counter_ns() - t0
    check(s == item_sum(n), f"w5 sum {s} != {item_sum(n)}")
    return [("time_per_op", dt / n, "ns")]


async def chain(depth, i):
    # W5n: the outermost of DEPTH coroutines; each awaits the next, the innermost returns at once.
    if depth == 0:
        return i & 127
    return await chain(depth - 1, i)


async def w5n(n):
    """n awaits of a chain of DEPTH nested coroutines (n counts chains, as in the JVM driver)."""
    t0 = time.perf_counter_ns()
    s = 0
    for i in range(n):
        s += await chain(DEPTH - 1, i)
    dt = time.perf_counter_ns() - t0
    check(s == item_sum(n), f"w5n sum {s} != {item_sum(n)}")
    return [("time_per_op", dt / (n * DEPTH), "ns"), ("time_per_chain", dt / n, "ns")]


# --------------------------------------------------------------------------- W6 async for

async def items(n):
    """An async generator of n items that never waits."""
    for i in range(n):
        yield i & 127


async def w6(n):
    """async for over an async generator of n items, summed in one task."""
    t0 = time.perf_counter_ns()
    s = 0
    async for x in items(n):
        s += x
    dt = time.perf_counter_ns() - t0
    check(s == item_sum(n), f"w6 sum {s} != {item_sum(n)}")
    return [("time_per_op", dt / n, "ns")]


WORKLOADS = {"w1": w1, "w1y": w1y, "w2": w2, "w2g": w2g, "w3": w3, "w3g": w3g, "w4": w4, "w5": w5, "w5n": w5n,
             "w6": w6}


def run(workload, n, rounds, warmup):
    fn = WORKLOADS[workload]
    # Warm-up rounds (not reported) at a tenth of the size: CPython has no JIT to warm, but the allocator's
    # free lists and the loop's caches fill up.
    for _ in range(warmup):
        asyncio.run(fn(max(1, n // 10)))
    for _ in range(rounds):
        for metric, value, unit in asyncio.run(fn(n)):
            result(workload, metric, value, unit)
    if workload in ("w5", "w5n", "w6"):
        skip(workload, "alloc_per_op", "CPython cannot count the bytes an await allocates")


def main(argv=None):
    global SLEEP_S
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("workload", choices=sorted(WORKLOADS) + ["all"])
    p.add_argument("--n", type=int, default=None,
                   help="size (default: " + ", ".join(f"{w} {n:,}" for w, n in DEFAULT_N.items())
                        + "; w5n counts chains of 1000)")
    p.add_argument("--rounds", type=int, default=1, help="measured rounds in this process (default 1)")
    p.add_argument("--warmup", type=int, default=None,
                   help="warm-up rounds at a tenth of the size (default 1; w3, w3g 0)")
    p.add_argument("--sleep", type=float, default=SLEEP_S, help="w3, w3g: seconds each task sleeps (default 1)")
    args = p.parse_args(argv)
    if args.rounds < 0 or (args.warmup or 0) < 0 or args.sleep < 0:
        p.error("--rounds, --warmup and --sleep must not be negative")
    SLEEP_S = args.sleep
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * DEPTH))
    names = sorted(WORKLOADS) if args.workload == "all" else [args.workload]
    try:
        for w in names:
            n = args.n if args.n is not None else DEFAULT_N[w]
            if n < 1:
                p.error("--n must be positive")
            warmup = args.warmup if args.warmup is not None else (0 if w in SLEEPERS else 1)
            run(w, n, args.rounds, warmup)
    except Mismatch as e:
        print(f"FAIL {SYSTEM} wrong result: {e}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
