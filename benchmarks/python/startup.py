#!/usr/bin/env python3
"""Times whole-process start-up of a few commands, interleaved (standard library only).

    python3 startup.py [--runs N] [--warmup W] [--expect TEXT] WORKLOAD SYSTEM 'CMD' [SYSTEM 'CMD' ...]

Runs each command W times untimed (to warm the file cache), then N rounds in which every command
runs once, in turn, and prints for each timed run

    RESULT <system> <workload> time <milliseconds> ms

A command whose exit status is not 0, or whose standard output lacks TEXT, stops the script with
status 1. Used by run.sh for the javaagent start-up overhead (hyperfine is not needed).
"""

import argparse
import shlex
import subprocess
import sys
import time


def run_once(argv, expect):
    t0 = time.perf_counter_ns()
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter_ns() - t0
    if p.returncode != 0 or (expect and expect not in p.stdout):
        sys.stderr.write(f"ERROR startup: {shlex.join(argv)} exited {p.returncode}\n"
                         f"--- stdout\n{p.stdout}--- stderr\n{p.stderr}")
        sys.exit(1)
    return dt / 1e6


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--expect", default=None)
    ap.add_argument("workload")
    ap.add_argument("pairs", nargs="+", help="SYSTEM 'CMD' pairs")
    a = ap.parse_args(argv)
    if len(a.pairs) % 2:
        ap.error("give SYSTEM 'CMD' pairs")
    cases = [(a.pairs[i], shlex.split(a.pairs[i + 1])) for i in range(0, len(a.pairs), 2)]
    for _ in range(a.warmup):
        for _, cmd in cases:
            run_once(cmd, a.expect)
    for _ in range(a.runs):
        for system, cmd in cases:
            ms = run_once(cmd, a.expect)
            print(f"RESULT {system} {a.workload} time {ms:.2f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
