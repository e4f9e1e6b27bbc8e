#!/usr/bin/env python3
"""Turns the results of benchmarks/run.sh into one table and an SVG bar chart (standard library only).

    python3 report.py RESULTS.txt [--svg ratios.svg] [--jmh jmh.json]

RESULTS.txt holds lines

    MACHINE <key> <text>
    RESULT <system> <workload> <metric> <value> <unit>     (one per measured run)
    SKIP <system> <workload> <metric> <reason>
    INFO <area> <key> <text>
    FAIL <system> <workload> <text>

and anything else (comments) is ignored. For every workload and metric the table shows each system's
median, min-max and number of samples, and each peer's ratio to the reference system (Weft; for the
javaagent start-up rows, the run with the agent). Every metric here is lower-is-better, so a ratio
above 1 means the reference is better (faster, smaller) by that factor.
"""

import argparse
import json
import math
import os
import statistics
import sys
from collections import OrderedDict, defaultdict

SYSTEM_ORDER = ["weft", "vthreads", "cf", "kotlin", "kotlin-seq", "asyncio",
                "asm-copy", "asm-read", "plain", "noop-agent", "prewoven", "agent"]
SYSTEM_NAMES = {
    "weft": "Weft",
    "vthreads": "virtual threads",
    "cf": "CompletableFuture",
    "kotlin": "Kotlin coroutines",
    "kotlin-seq": "Kotlin sequence {}",
    "asyncio": "Python asyncio",
    "asm-copy": "ASM read+write copy",
    "asm-read": "ASM ClassReader only",
    "plain": "no agent",
    "noop-agent": "no-op -javaagent",
    "prewoven": "woven at build, no agent",
    "agent": "-javaagent",
}
# What a system is on one workload, where the general name would mislead: W6 has no generator in virtual threads
# (a hand-written iterator stands there, as plain calls do in W5) and is Kotlin's Flow in the kotlin column.
WORKLOAD_SYSTEM_NAMES = {
    ("w6", "vthreads"): "hand-written iterator",
    ("w6", "kotlin"): "Kotlin Flow",
    ("w6", "asyncio"): "Python async generator",
}
# JMH classes whose methods are systems with a workload-specific name above.
JMH_CLASS_WORKLOADS = {"W6AsyncFor": "w6"}
PEERS = ["vthreads", "cf", "kotlin", "asyncio"]
PEER_COLORS = {"vthreads": "#4e79a7", "cf": "#f28e2b", "kotlin": "#7f3fbf", "asyncio": "#59a14f"}
WORKLOAD_ORDER = ["w1", "w1y", "w2", "w2g", "w4", "w5", "w5n", "w6", "w3", "w3g", "weave", "skip", "agent-hello", "agent-weft"]
WORKLOAD_NAMES = {
    "w1": "W1 handoff (per switch)",
    "w1y": "W1y yield (per yield)",
    "w2": "W2 spawn (per task)",
    "w2g": "W2g spawn, gather (per task)",
    "w3": "W3 sleepers",
    "w3g": "W3g sleepers, one gather",
    "w4": "W4 queue (per item)",
    "w5": "W5 await done (per await)",
    "w5n": "W5n await, 1000 deep",
    "w6": "W6 async for (per item)",
    "weave": "weave @Async classes",
    "skip": "skip plain classes",
    "agent-hello": "start-up, hello world",
    "agent-weft": "start-up, Weft hello",
}
METRIC_ORDER = ["time_per_op", "time_per_chain", "alloc_per_op", "wall", "rss_peak", "heap_per_task", "rss_per_task",
                "time_per_class", "time"]
METRIC_NAMES = {
    "time_per_op": "time/op",
    "time_per_chain": "time/chain",
    "alloc_per_op": "alloc/op",
    "wall": "wall",
    "rss_peak": "peak RSS",
    "heap_per_task": "heap/task",
    "rss_per_task": "RSS/task",
    "time_per_class": "time/class",
    "time": "process",
}
# Recorded in the results but left out of the table (time_per_chain is time_per_op times 1000).
HIDDEN_METRICS = {"time_per_chain"}
# A Weft median at most this much above the fastest peer's is "level" with it, which the goal's "at" allows.
LEVEL = 0.05

# The workloads whose goal (issue 4) is "Weft at or below the fastest peer and >= 20x faster than asyncio", with
# W2g, W2 awaited with a gather per batch as users write it (issue 15). W6 has its own goal (W6_GOAL_NS below): the
# hand-written iterator in its vthreads column is the floor, not a peer to lead.
LEAD_WORKLOADS = ["w1", "w1y", "w2", "w2g", "w4", "w5", "w5n"]
# W6 (async for): at most this many ns and 0 B per item, and ahead of Kotlin's Flow.
W6_GOAL_NS = 10.0
# The sleepers: their goal is on the wall time (W3g: W3's sleepers awaited with one gather).
SLEEPER_WORKLOADS = ["w3", "w3g"]
# Bars of the chart: (workload, metric, label).
CHART_GROUPS = [
    ("w1", "time_per_op", "W1 handoff"),
    ("w1y", "time_per_op", "W1y yield"),
    ("w2", "time_per_op", "W2 spawn"),
    ("w2g", "time_per_op", "W2g gather"),
    ("w4", "time_per_op", "W4 queue"),
    ("w5", "time_per_op", "W5 await"),
    ("w5n", "time_per_op", "W5n nested"),
    ("w6", "time_per_op", "W6 async for"),
    ("w3", "wall", "W3 wall"),
    ("w3", "rss_peak", "W3 peak RSS"),
    ("w3", "heap_per_task", "W3 heap/task"),
    ("w3g", "wall", "W3g wall"),
]


# ------------------------------------------------------------------------------------------------ reading

class Results:
    def __init__(self):
        self.machine = OrderedDict()
        self.samples = defaultdict(list)          # (workload, metric, system) -> [values]
        self.units = {}                           # (workload, metric) -> unit
        self.skips = []
        self.infos = []
        self.fails = []

    def systems(self, workload, metric):
        have = {s for (w, m, s) in self.samples if w == workload and m == metric}
        return sorted(have, key=order_key(SYSTEM_ORDER))

    def metrics(self, workload):
        have = {m for (w, m, s) in self.samples if w == workload and m not in HIDDEN_METRICS}
        return sorted(have, key=order_key(METRIC_ORDER))

    def workloads(self):
        have = {w for (w, m, s) in self.samples}
        return sorted(have, key=order_key(WORKLOAD_ORDER))

    def median(self, workload, metric, system):
        v = self.samples.get((workload, metric, system))
        return statistics.median(v) if v else None


def order_key(order):
    return lambda x: (order.index(x) if x in order else len(order), x)


def read_results(path):
    r = Results()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            kind = parts[0]
            if kind == "MACHINE" and len(parts) >= 2:
                r.machine[parts[1]] = " ".join(parts[2:])
            elif kind == "RESULT":
                if len(parts) < 6:
                    print(f"warning: {path}:{lineno}: short RESULT line ignored", file=sys.stderr)
                    continue
                _, system, workload, metric, value, unit = parts[:6]
                try:
                    x = float(value)
                except ValueError:
                    print(f"warning: {path}:{lineno}: bad value {value!r} ignored", file=sys.stderr)
                    continue
                if math.isnan(x) or x < 0:
                    continue  # -1 and NaN mean "not measured" (e.g. no allocation counter)
                r.samples[(workload, metric, system)].append(x)
                r.units.setdefault((workload, metric), unit)
            elif kind == "SKIP":
                text = " ".join(parts[1:])
                if text not in r.skips:
                    r.skips.append(text)
            elif kind == "INFO":
                r.infos.append(" ".join(parts[1:]))
            elif kind == "FAIL":
                r.fails.append(" ".join(parts[1:]))
    return r


def system_name(workload, system):
    return WORKLOAD_SYSTEM_NAMES.get((workload, system), SYSTEM_NAMES.get(system, system))


def reference_system(workload):
    return "agent" if workload.startswith("agent-") else "weft"


# ---------------------------------------------------------------------------------------------- formatting

def scale_for(unit, typical):
    """A display unit for a metric, chosen once per row group from a typical value."""
    if unit == "ns":
        for div, name in ((1e9, "s"), (1e6, "ms"), (1e3, "µs")):
            if typical >= 10 * div:
                return div, name
    if unit == "B":
        for div, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
            if typical >= 10 * div:
                return div, name
    return 1.0, unit


def num(x):
    if x is None:
        return "—"
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 100_000:
        return f"{x:,.0f}"
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def ratio_text(peer, ref):
    if peer is None or ref is None:
        return "—"
    if ref == 0:
        return "∞ (Weft 0)" if peer > 0 else "= (both 0)"
    r = peer / ref
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 10:
        return f"{r:.1f}×"
    if r >= 0.1 or r == 0:
        return f"{r:.2f}×"
    return f"{r:.2g}×"


def table(rows, header, aligns):
    widths = [max(len(str(r[i])) for r in [header] + rows if r) for i in range(len(header))]

    def fmt(r):
        cells = []
        for i, c in enumerate(r):
            c = str(c)
            cells.append(c.rjust(widths[i]) if aligns[i] == "r" else c.ljust(widths[i]))
        return "  ".join(cells).rstrip()

    sep = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), sep] + [fmt(r) if r else "" for r in rows])


# ------------------------------------------------------------------------------------------------ the table

def main_table(res):
    header = ["workload", "metric", "system", "median", "min–max", "n", "ratio"]
    rows = []
    for w in res.workloads():
        ref = reference_system(w)
        first_of_workload = True
        for m in res.metrics(w):
            systems = res.systems(w, m)
            unit = res.units[(w, m)]
            ref_med = res.median(w, m, ref)
            typical = ref_med if ref_med else statistics.median(
                [res.median(w, m, s) for s in systems])
            div, shown_unit = scale_for(unit, typical or 0)
            first_of_metric = True
            for s in systems:
                v = res.samples[(w, m, s)]
                med = statistics.median(v)
                if s == ref:
                    ratio = "1 (ref)"
                elif ref_med is not None:
                    ratio = ratio_text(med, ref_med)
                else:
                    ratio = "—"
                rows.append([
                    WORKLOAD_NAMES.get(w, w) if first_of_workload else "",
                    f"{METRIC_NAMES.get(m, m)} ({shown_unit})" if first_of_metric else "",
                    system_name(w, s),
                    num(med / div),
                    f"{num(min(v) / div)}–{num(max(v) / div)}" if len(v) > 1 else "",
                    str(len(v)),
                    ratio,
                ])
                first_of_workload = False
                first_of_metric = False
        rows.append([])
    while rows and not rows[-1]:
        rows.pop()
    return table(rows, header, ["l", "l", "l", "r", "r", "r", "r"])


def goals(res):
    """Issue 4's goals, checked against the medians of this run."""
    out = []
    quick = res.machine.get("mode", "").startswith("quick")

    def mark(ok):
        return "ok " if ok else "MISS"

    for w in LEAD_WORKLOADS + SLEEPER_WORKLOADS:
        m = "wall" if w in SLEEPER_WORKLOADS else "time_per_op"
        weft = res.median(w, m, "weft")
        if weft is None:
            if any(k[0] == w for k in res.samples):
                out.append(f"  ?    {w}: no Weft result")
            continue
        jvm = {s: res.median(w, m, s) for s in ("vthreads", "cf", "kotlin")}
        jvm = {s: x for s, x in jvm.items() if x is not None}
        parts = []
        verdict = "leads"
        peer_ok = True
        if jvm:
            best = min(jvm, key=jvm.get)
            if weft > jvm[best]:
                # "At or below the fastest peer": a median within LEVEL of it is at it. Processes running the
                # same machine code differ by more than that here, so a closer ranking would be the machine's.
                peer_ok = weft <= jvm[best] * (1 + LEVEL)
                verdict = f"is level (within {LEVEL:.0%})" if peer_ok else "does not lead"
            parts.append(f"vs fastest JVM peer ({SYSTEM_NAMES[best]}) {ratio_text(jvm[best], weft)}")
        py_ok = True
        py = res.median(w, m, "asyncio")
        if py is not None:
            py_ok = py / weft >= 20 if weft else True
            parts.append(f"vs asyncio {ratio_text(py, weft)} (goal ≥ 20×)")
        if peer_ok and not py_ok:
            verdict += ", but misses the asyncio goal"
        out.append(f"  {mark(peer_ok and py_ok)} {w} {METRIC_NAMES[m]}: Weft {verdict}: " + "; ".join(parts))
    rw = res.median("w3", "rss_peak", "weft")
    if rw is not None:
        peers = {s: res.median("w3", "rss_peak", s) for s in PEERS}
        peers = {s: x for s, x in peers.items() if x is not None}
        if peers:
            best = min(peers, key=peers.get)
            out.append(f"  {mark(rw <= peers[best])} w3 peak RSS: vs smallest peer ({SYSTEM_NAMES[best]}) "
                       f"{ratio_text(peers[best], rw)}")
    a = res.median("w5", "alloc_per_op", "weft")
    if a is not None:
        out.append(f"  {mark(a < 1)} w5: awaiting a completed coroutine allocates {num(a)} B (goal 0; under 1 B/op "
                   f"is taken as 0: a stray allocation in the measured section, not one per await)")
    an = res.median("w5n", "alloc_per_op", "weft")
    if an is not None:
        out.append(f"  {mark(an < 1)} w5n: nested await allocates {num(an)} B per await (goal 0)")
    t6 = res.median("w6", "time_per_op", "weft")
    if t6 is not None:
        parts = [f"Weft {num(t6)} ns per item (goal ≤ {num(W6_GOAL_NS)} ns)"]
        ok = t6 <= W6_GOAL_NS
        a6 = res.median("w6", "alloc_per_op", "weft")
        if a6 is not None:
            parts.append(f"{num(a6)} B per item (goal 0)")
            ok = ok and a6 < 1
        flow = res.median("w6", "time_per_op", "kotlin")
        if flow is not None:
            parts.append(f"vs Kotlin Flow {ratio_text(flow, t6)} (goal: ahead)")
            ok = ok and t6 < flow
        for s in ("kotlin-seq", "vthreads", "asyncio"):
            x = res.median("w6", "time_per_op", s)
            if x is not None:
                parts.append(f"{system_name('w6', s)} {ratio_text(x, t6)}")
        out.append(f"  {mark(ok)} w6 async for: " + "; ".join(parts))
    h = res.median("w3", "heap_per_task", "weft")
    if h is not None:
        out.append(f"  {mark(h <= 150)} w3: {num(h)} B of live heap per suspended sleeper (goal ≤ 150 B)")
    r = res.median("w3", "rss_peak", "weft")
    if r is not None:
        note = "  (quick run: fewer than 1,000,000 sleepers)" if quick else ""
        out.append(f"  {mark(r <= 250)} w3: peak RSS {num(r)} MiB (goal ≤ 250 MiB for 1,000,000 sleepers){note}")
    return out


def agent_notes(res):
    out = []
    for w, base in (("agent-hello", "plain"), ("agent-weft", "prewoven")):
        a = res.median(w, "time", "agent")
        b = res.median(w, "time", base)
        if a is None or b is None:
            continue
        line = (f"  {WORKLOAD_NAMES[w]}: the Weft agent costs {a - b:+.0f} ms ({(a / b - 1) * 100:+.0f}%) over "
                f"{SYSTEM_NAMES[base]} ({num(b)} → {num(a)} ms, medians)")
        noop = res.median(w, "time", "noop-agent")
        if noop is not None:
            line += f"; a no-op agent costs {noop - b:+.0f} ms, so Weft's own share is {a - noop:+.0f} ms"
        out.append(line)
    wv = res.median("weave", "time_per_class", "weft")
    cp = res.median("weave", "time_per_class", "asm-copy")
    if wv is not None and cp is not None:
        out.append(f"  weaving an @Async class costs {wv / cp:.1f}× a plain ASM copy of it "
                   f"({num(wv / 1e3)} vs {num(cp / 1e3)} µs per class)")
    sk = res.median("skip", "time_per_class", "weft")
    rd = res.median("skip", "time_per_class", "asm-read")
    if sk is not None and rd is not None:
        out.append(f"  skipping a class without @Async: {num(sk)} ns (an ASM ClassReader alone: {num(rd)} ns)")
    return out


def jmh_table(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    entries = []
    for b in data:
        name = b.get("benchmark", "?")
        if name.startswith("dev.weft.bench."):
            name = name[len("dev.weft.bench."):]
        group, _, system = name.rpartition(".")
        system = system.replace("_", "-")   # a JMH method kotlin_seq is the system kotlin-seq
        params = ",".join(f"{k}={v}" for k, v in sorted((b.get("params") or {}).items()))
        if params:
            group += f" [{params}]"
        pm = b.get("primaryMetric", {})
        sec = b.get("secondaryMetrics", {}) or {}
        alloc = sec.get("gc.alloc.rate.norm") or sec.get("·gc.alloc.rate.norm")
        entries.append((group or name, system, b.get("mode", ""), pm.get("score"), pm.get("scoreError"),
                        pm.get("scoreUnit", ""), alloc.get("score") if alloc else None))
    weft = {(g, u): sc for g, s, _, sc, _, u, _ in entries if s == "weft"}
    header = ["benchmark", "system", "mode", "score", "± error", "unit", "ratio", "alloc (B/op)"]
    rows = []
    last = None
    for g, s, mode, score, err, unit, alloc in sorted(
            entries, key=lambda e: (e[0], order_key(SYSTEM_ORDER)(e[1]))):
        if last is not None and g != last:
            rows.append([])
        ref = weft.get((g, unit))
        ratio = "1 (ref)" if s == "weft" else (ratio_text(score, ref) if ref is not None and mode == "avgt" else "—")
        label = system_name(JMH_CLASS_WORKLOADS.get(g.split(" [")[0], ""), s)
        rows.append([g if g != last else "", label, mode, num(score),
                     num(err) if isinstance(err, (int, float)) and not math.isnan(err) else "",
                     unit, ratio, num(alloc) if alloc is not None else "—"])
        last = g
    return table(rows, header, ["l", "l", "l", "r", "r", "l", "r", "r"])


def report(res, jmh=None):
    lines = ["Weft benchmarks"]
    for k, v in res.machine.items():
        lines.append(f"  {k}: {v}")
    lines.append("")
    lines.append("ratio = system ÷ reference (Weft; for start-up rows, the run with -javaagent). Every metric is")
    lines.append("lower-is-better, so a ratio above 1 means Weft is faster/smaller by that factor, below 1 that")
    lines.append("the peer is. median and min–max are over all runs of all rounds.")
    lines.append("")
    lines.append(main_table(res))
    g = goals(res)
    if g:
        lines += ["", "Goals (issue 4; W6: the async-for issue), on the medians above:"] + g
    notes = agent_notes(res)
    if notes:
        lines += ["", "Weaving and the javaagent:"] + notes
    if res.infos:
        lines += ["", "Notes:"] + [f"  {i}" for i in res.infos]
    if res.skips:
        lines += ["", "Not measured:"] + [f"  {s}" for s in res.skips]
    if jmh:
        lines += ["", "JMH micro-benchmarks (-prof gc; alloc = gc.alloc.rate.norm):", jmh_table(jmh)]
    if res.fails:
        lines += ["", "FAILED:"] + [f"  {f}" for f in res.fails]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- the chart

def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def fmt_ratio_label(r):
    if r >= 100:
        return f"{r:,.0f}×"
    if r >= 10:
        return f"{r:.0f}×"
    if r >= 1:
        return f"{r:.1f}×"
    return f"{r:.2f}×"


def svg_chart(res):
    groups = []
    for w, m, label in CHART_GROUPS:
        ref = res.median(w, m, "weft")
        if not ref:
            continue
        bars = []
        for s in PEERS:
            x = res.median(w, m, s)
            bars.append((s, x / ref if x is not None and x > 0 else None))
        if any(r for _, r in bars):
            groups.append((label, bars))
    peers = [s for s in PEERS if any(dict(b).get(s) for _, b in groups)]
    if not groups:
        return None

    ratios = [r for _, bars in groups for _, r in bars if r]
    lo_dec = math.floor(math.log10(min(min(ratios), 1.0) / 1.3))
    hi_dec = math.ceil(math.log10(max(max(ratios), 1.0) * 1.5))
    if hi_dec - lo_dec < 2:
        hi_dec = lo_dec + 2
    lo_v, hi_v = 10.0 ** lo_dec, 10.0 ** hi_dec

    bar_w, gap_in, gap_out = 28, 3, 30
    group_w = len(peers) * bar_w + (len(peers) - 1) * gap_in
    left, right, top, bottom = 86, 84, 104, 92
    plot_w = len(groups) * group_w + (len(groups) + 1) * gap_out
    plot_h = 360
    width, height = left + plot_w + right, top + plot_h + bottom

    def y(v):
        return top + plot_h * (1 - (math.log10(v) - lo_dec) / (hi_dec - lo_dec))

    o = []
    o.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">')
    o.append(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    o.append(f'<text x="{left}" y="28" font-size="17" font-weight="bold" fill="#222">'
             f'How many times slower (or bigger) each alternative is than Weft</text>')
    sub = []
    if res.machine.get("cpu"):
        sub.append(res.machine["cpu"])
    if res.machine.get("cores"):
        sub.append(res.machine["cores"].replace(" logical", " cores"))
    if res.machine.get("jdk"):
        sub.append(res.machine["jdk"].split(" (build")[0])
    if res.machine.get("python"):
        sub.append(res.machine["python"])
    if res.machine.get("date"):
        sub.append(res.machine["date"])
    if res.machine.get("mode", "").startswith("quick"):
        sub.append("QUICK RUN (small N)")
    o.append(f'<text x="{left}" y="48" font-size="11" fill="#666">{esc(" · ".join(sub))}</text>')
    # legend
    lx = left
    for s in peers:
        o.append(f'<rect x="{lx}" y="64" width="12" height="12" rx="2" fill="{PEER_COLORS[s]}"/>')
        o.append(f'<text x="{lx + 17}" y="74.5" fill="#333">{esc(SYSTEM_NAMES[s])}</text>')
        lx += 17 + 7.2 * len(SYSTEM_NAMES[s]) + 22
    # grid and axis
    for d in range(lo_dec, hi_dec + 1):
        v = 10.0 ** d
        yy = y(v)
        o.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + plot_w}" y2="{yy:.1f}" stroke="#d0d0d0"/>')
        lab = f"{v:g}×" if v >= 1 else f"{v:g}×"
        o.append(f'<text x="{left - 8}" y="{yy + 4:.1f}" text-anchor="end" fill="#555">{esc(lab)}</text>')
        if d < hi_dec:
            for k in (2, 5):
                yy2 = y(v * k)
                o.append(f'<line x1="{left}" y1="{yy2:.1f}" x2="{left + plot_w}" y2="{yy2:.1f}" '
                         f'stroke="#eeeeee"/>')
    o.append(f'<text transform="translate(22,{top + plot_h / 2:.0f}) rotate(-90)" text-anchor="middle" '
             f'fill="#444">peer ÷ Weft (log scale) — above 1: Weft is better</text>')
    # bars, from the Weft line
    y1 = y(1.0)
    for gi, (label, bars) in enumerate(groups):
        gx = left + gap_out + gi * (group_w + gap_out)
        if gi > 0 and label.startswith("W3") and not groups[gi - 1][0].startswith("W3"):
            sx = gx - gap_out / 2
            o.append(f'<line x1="{sx:.1f}" y1="{top}" x2="{sx:.1f}" y2="{top + plot_h + 28}" stroke="#bbbbbb" '
                     f'stroke-dasharray="4,4"/>')
        k = 0
        for s in peers:
            r = dict(bars).get(s)
            bx = gx + k * (bar_w + gap_in)
            k += 1
            if not r:
                o.append(f'<text x="{bx + bar_w / 2:.1f}" y="{y1 - 4:.1f}" text-anchor="middle" font-size="9" '
                         f'fill="#aaa">n/a</text>')
                continue
            yr = y(r)
            ytop, h = (yr, y1 - yr) if r >= 1 else (y1, yr - y1)
            o.append(f'<rect x="{bx}" y="{ytop:.1f}" width="{bar_w}" height="{max(h, 1):.1f}" '
                     f'fill="{PEER_COLORS[s]}"><title>{esc(SYSTEM_NAMES[s])} on {esc(label)}: '
                     f'{r:.3g}× Weft</title></rect>')
            ly = (yr - 4) if r >= 1 else (yr + 11)
            o.append(f'<text x="{bx + bar_w / 2:.1f}" y="{ly:.1f}" text-anchor="middle" font-size="9.5" '
                     f'fill="#333">{esc(fmt_ratio_label(r))}</text>')
        o.append(f'<text x="{gx + group_w / 2:.1f}" y="{top + plot_h + 20}" text-anchor="middle" '
                 f'font-weight="bold" fill="#333">{esc(label)}</text>')
    # the Weft line
    o.append(f'<line x1="{left}" y1="{y1:.1f}" x2="{left + plot_w}" y2="{y1:.1f}" stroke="#d62728" '
             f'stroke-width="2"/>')
    o.append(f'<text x="{left + plot_w + 8}" y="{y1 + 4:.1f}" font-weight="bold" '
             f'fill="#d62728">Weft = 1</text>')
    o.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#888"/>')
    o.append(f'<text x="{left}" y="{height - 38}" font-size="11" fill="#666">Medians of all rounds; time per '
             f'operation for W1–W6; wall time, peak RSS and live heap per sleeping task for W3, wall for W3g (asyncio: no '
             f'heap count). Bars below the red line: that peer beats Weft.</text>')
    if any(label.startswith("W6") for label, _ in groups):
        o.append(f'<text x="{left}" y="{height - 54}" font-size="11" fill="#666">W6: virtual threads = a '
                 f'hand-written iterator (no generator), Kotlin = Flow, asyncio = an async generator; '
                 f'CompletableFuture has none (n/a).</text>')
    o.append(f'<text x="{left}" y="{height - 20}" font-size="11" fill="#666">Reproduce: benchmarks/run.sh'
             f'</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Weft benchmark report")
    ap.add_argument("results")
    ap.add_argument("--svg", help="write the ratio chart here")
    ap.add_argument("--jmh", help="a JMH JSON result file (-rf json)")
    a = ap.parse_args(argv)
    res = read_results(a.results)
    if not res.samples and not res.fails:
        print(f"no RESULT lines in {a.results}", file=sys.stderr)
        return 1
    jmh = a.jmh if a.jmh and os.path.isfile(a.jmh) else None
    print(report(res, jmh))
    if a.svg:
        svg = svg_chart(res)
        if svg is None:
            print("(no ratios to Weft to chart)", file=sys.stderr)
        else:
            os.makedirs(os.path.dirname(os.path.abspath(a.svg)), exist_ok=True)
            with open(a.svg, "w", encoding="utf-8") as f:
                f.write(svg)
            print(f"\nchart: {a.svg}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
