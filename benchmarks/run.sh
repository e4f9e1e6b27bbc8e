#!/usr/bin/env bash
# Weft's benchmarks, in one command: builds, runs Weft, Java virtual threads, CompletableFuture steps, Kotlin
# coroutines (kotlin-seq: W6's sequence {} variant) and Python asyncio on every workload (interleaved, several
# rounds), the weaving and javaagent start-up benchmarks and the code growth of weaving, and prints one table
# (benchmarks/results/latest.txt, benchmarks/results/ratios.svg).
#
#   benchmarks/run.sh [--quick] [--rounds R] [--jmh] [--jmh-args 'ARGS'] [--no-build]
#                     [--systems 'weft vthreads cf kotlin kotlin-seq asyncio']
#                     [--workloads 'w1 w1y w2 w2g w3 w3g w4 w5 w5n w6']
#                     [--no-weaving] [--no-agent] [--growth-only] [--io | --io-only]
#
#   --quick      small N, one round: a smoke test of the whole pipeline (a minute or two)
#   --rounds R   rounds of the interleaved macro-benchmarks (default 3)
#   --jmh        also run the JMH micro-benchmarks with -prof gc (ns/op and B/op); --jmh-args adds JMH options
#                (e.g. a benchmark regexp)
#   --no-build   use the jars already built
#   --growth-only  only the code growth of weaving (seconds): writes benchmarks/results/growth.txt and nothing else
#                  (every run that weaves writes it too)
#   --io         also the I/O benchmarks of benchmarks/io (E1 echo, E2 HTTP with wrk, E3 idle connections; about
#                25 minutes with 3 rounds): their tables go to benchmarks/results/io-e1.txt, io-e2.txt, io-e3.txt
#   --io-only    only the I/O benchmarks
#
# Environment: WEFT_BENCH_JDK (default /usr/lib/jvm/temurin-25-jdk-amd64) runs every JVM benchmark and the build;
# PYTHON (default python3); MACRO_JVM_OPTS (extra JVM options for dev.weft.bench.Macro).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/benchmarks
RESULTS=$BENCH/results
WORK=$BENCH/target/bench-work
JDK=${WEFT_BENCH_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JDK/bin/java
JAVAC=$JDK/bin/javac
PYTHON=${PYTHON:-python3}
MACRO_JVM_OPTS=${MACRO_JVM_OPTS:-}

QUICK=0
IO=0
ROUNDS=3
ROUNDS_SET=0
JMH=0
JMH_ARGS=""
BUILD=1
WEAVING=1
AGENT=1
GROWTH_ONLY=0
SYSTEMS="weft vthreads cf kotlin kotlin-seq asyncio"
WORKLOADS="w1 w1y w2 w2g w3 w3g w4 w5 w5n w6"

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --rounds) ROUNDS=$2; ROUNDS_SET=1; shift ;;
        --rounds=*) ROUNDS=${1#*=}; ROUNDS_SET=1 ;;
        --jmh) JMH=1 ;;
        --jmh-args) JMH=1; JMH_ARGS=$2; shift ;;
        --no-build) BUILD=0 ;;
        --systems) SYSTEMS=$2; shift ;;
        --workloads) WORKLOADS=$2; shift ;;
        --no-weaving) WEAVING=0 ;;
        --no-agent) AGENT=0 ;;
        --growth-only) GROWTH_ONLY=1; SYSTEMS=""; WORKLOADS=""; AGENT=0; WEAVING=1 ;;
        --io) IO=1 ;;
        --io-only) IO=2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ "$QUICK" = 1 ] && [ "$ROUNDS_SET" = 0 ]; then ROUNDS=1; fi
case "$ROUNDS" in ''|*[!0-9]*|0) echo "run.sh: --rounds needs a positive number" >&2; exit 2 ;; esac

# The I/O benchmarks (benchmarks/io): each script builds what it needs, runs every peer and prints one table, which
# is kept beside the workloads' table. --quick makes their cells short; rounds as for the workloads.
run_io() {
    local io_args=(--rounds "$ROUNDS") ok=1 e
    if [ "$QUICK" = 1 ]; then io_args+=(--warmup 1 --measure 1); else io_args+=(--warmup 1 --measure 3); fi
    [ "$BUILD" = 1 ] || io_args+=(--no-build)
    mkdir -p "$RESULTS"
    for e in e1 e2 e3; do
        echo "[run.sh] I/O benchmark ${e^^}" >&2
        if [ "$e" = e3 ]; then
            # Memory does not move with the load: one round, no cells to time.
            "$BENCH/io/run-e3.sh" $([ "$BUILD" = 1 ] || echo --no-build) || ok=0
        else
            "$BENCH/io/run-$e.sh" "${io_args[@]}" || ok=0
        fi
        cp "$BENCH/target/io-$e/table.txt" "$RESULTS/io-$e.txt" 2>/dev/null || ok=0
    done
    [ "$ok" = 1 ] || { echo "run.sh: an I/O benchmark failed (see benchmarks/target/io-e*/)" >&2; return 1; }
}
if [ "$IO" = 2 ]; then
    run_io
    exit $?
fi

# Operation counts for --quick (per-op numbers stay comparable; the absolute w3 numbers do not).
quick_n() {
    case "$1" in
        w1|w1y|w2|w2g|w3|w3g) echo 20000 ;;
        w4|w5|w6) echo 100000 ;;
        w5n) echo 100 ;;   # chains of 1000
    esac
}

START=$(date +%s)
log() { printf '[run.sh %4ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
die() { echo "run.sh: $*" >&2; exit 1; }

[ -x "$JAVA" ] || die "no JDK at $JDK (set WEFT_BENCH_JDK)"
command -v "$PYTHON" >/dev/null || die "no $PYTHON"

# ---------------------------------------------------------------------------------------------------- build
if [ "$BUILD" = 1 ]; then
    log "building (mvn -pl annotations,runtime,transformer,benchmarks -am clean package, JDK $JDK)"
    mkdir -p "$WORK"
    if ! (cd "$ROOT" && JAVA_HOME=$JDK mvn -B -q -DskipTests clean package -pl annotations,runtime,transformer,benchmarks -am) \
        > "$WORK/build.log" 2>&1; then
        tail -40 "$WORK/build.log" >&2
        die "the Maven build failed (log: ${WORK#$ROOT/}/build.log)"
    fi
fi

first_jar() { # the first jar matching a glob, ignoring shade's original-*.jar
    local f
    for f in $1; do
        case "$(basename "$f")" in original-*|*-sources.jar|*-javadoc.jar) continue ;; esac
        [ -f "$f" ] && { echo "$f"; return 0; }
    done
    return 1
}
BENCH_JAR=$BENCH/target/benchmarks.jar
TRANSFORMER_JAR=$(first_jar "$ROOT/transformer/target/weft-transformer-*.jar") || die "no transformer jar: build first"
RUNTIME_JAR=$(first_jar "$ROOT/runtime/target/weft-runtime-*.jar") || die "no runtime jar: build first"
ANNOTATIONS_JAR=$(first_jar "$ROOT/annotations/target/weft-annotations-*.jar") || die "no annotations jar: build first"
needs_jar=$JMH
for s in $SYSTEMS; do [ "$s" = asyncio ] || needs_jar=1; done
if [ "$needs_jar" = 1 ] && [ ! -f "$BENCH_JAR" ]; then die "no $BENCH_JAR: build first"; fi

mkdir -p "$RESULTS" "$WORK"
RAW=$WORK/results.txt
: > "$RAW"

# --------------------------------------------------------------------------------------------- the machine
{
    echo "# Weft benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "MACHINE date $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "MACHINE cpu $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
    echo "MACHINE cores $(nproc 2>/dev/null || echo '?') logical"
    echo "MACHINE ram $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo unknown)"
    echo "MACHINE os $(uname -sr)"
    echo "MACHINE jdk $("$JAVA" -version 2>&1 | sed -n 2p)"
    echo "MACHINE jdk_build $("$JAVA" -version 2>&1 | head -1)"
    echo "MACHINE kotlin $(sed -n 's:.*<kotlin.version>\(.*\)</kotlin.version>.*:\1:p' "$BENCH/pom.xml" | head -1)," \
        "kotlinx.coroutines $(sed -n 's:.*<kotlinx.coroutines.version>\(.*\)</kotlinx.coroutines.version>.*:\1:p' "$BENCH/pom.xml" | head -1)"
    echo "MACHINE python $("$PYTHON" -c 'import platform; print(platform.python_implementation(), platform.python_version())')"
    echo "MACHINE commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$ROOT" && git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
    if [ "$QUICK" = 1 ]; then echo "MACHINE mode quick (small N, not representative)"; else echo "MACHINE mode full, $ROUNDS rounds"; fi
} >> "$RAW"

# One benchmark process: its RESULT/SKIP/INFO lines go to the results, everything goes to the log. A failing
# process is recorded as FAIL and the run goes on.
LOGS=$WORK/logs
mkdir -p "$LOGS"
run_case() { # system workload cmd...
    local system=$1 workload=$2; shift 2
    local out=$LOGS/$system-$workload.log rc=0
    timeout 900 "$@" > "$out.tmp" 2>&1 || rc=$?
    cat "$out.tmp" >> "$out"
    grep -E '^(RESULT|SKIP|INFO) ' "$out.tmp" >> "$RAW" || true
    if [ "$rc" != 0 ]; then
        echo "FAIL $system $workload exit $rc (see ${out#$ROOT/})" >> "$RAW"
        log "  FAILED: $system $workload (exit $rc), see $out"
        tail -5 "$out.tmp" | sed 's/^/    /' >&2
    elif ! grep -qE '^(RESULT|SKIP) ' "$out.tmp"; then
        echo "FAIL $system $workload no RESULT line (see ${out#$ROOT/})" >> "$RAW"
        log "  FAILED: $system $workload printed no RESULT, see $out"
    fi
    rm -f "$out.tmp"
}
rm -f "$LOGS"/*.log

# --------------------------------------------------------------------------------- macro, interleaved
read -r -a SYS_ARR <<< "$SYSTEMS"
nsys=${#SYS_ARR[@]}
for ((round = 1; round <= ROUNDS; round++)); do
    for w in $WORKLOADS; do
        # Rotate the order of the systems each round, so that none always runs first (or right after the
        # most demanding one).
        for ((k = 0; k < nsys; k++)); do
            s=${SYS_ARR[$(( (k + round - 1) % nsys ))]}
            # Per process: the JVM drivers warm up for 2 s (at least 2 rounds), so that the JIT has finished with
            # the workload before the measured rounds, then measure several rounds (all of them samples); W3 takes
            # seconds per round (virtual threads: ~14 s), so it measures once per process and the outer rounds
            # repeat it; so does W3g, the same sleepers gathered. asyncio has no JIT: one small warm-up round, and
            # fewer rounds (it is 10-100x slower).
            sleepers=0
            case "$w" in w3|w3g) sleepers=1 ;; esac
            if [ "$QUICK" = 1 ]; then
                nargs=(--n "$(quick_n "$w")" --rounds 1 --warmup 1)
            elif [ "$sleepers" = 1 ]; then
                nargs=(--rounds 1 --warmup 1)
            elif [ "$s" = asyncio ]; then
                nargs=(--rounds 3 --warmup 1)
            else
                nargs=(--rounds 5 --warmup-time 2)
            fi
            if [ "$s" = asyncio ] && [ "$sleepers" = 1 ]; then nargs+=(--warmup 0); fi
            # Whole JVM processes of the same code settle 10-40% apart on a small shared machine (all systems
            # alike; the layout of the process, not the JIT's result, decides): every JVM workload but W3/W3g runs
            # three processes a round, of three rounds each, so that no single process decides the median.
            procs=1
            if [ "$QUICK" = 0 ] && [ "$s" != asyncio ] && [ "$sleepers" = 0 ]; then
                procs=3
                nargs=(--rounds 3 --warmup-time 2)
            fi
            # Pairs Macro only answers with SKIP (Workloads.skipReason): kotlin-seq, W6's sequence {} variant, is not
            # started on the other workloads; cf, which has no generator for W6, once, for its SKIP line.
            case "$s/$w" in
                kotlin-seq/w6) ;;
                kotlin-seq/*) continue ;;
                cf/w6) [ "$round" = 1 ] || continue; procs=1 ;;
            esac
            for ((p = 1; p <= procs; p++)); do
                log "round $round/$ROUNDS: $s $w$([ "$procs" = 1 ] || echo " (process $p/$procs)")"
                if [ "$s" = asyncio ]; then
                    run_case "$s" "$w" "$PYTHON" "$BENCH/python/bench.py" "$w" "${nargs[@]}"
                else
                    # shellcheck disable=SC2086
                    run_case "$s" "$w" "$JAVA" $MACRO_JVM_OPTS -cp "$BENCH_JAR" dev.weft.bench.Macro "$s" "$w" \
                        "${nargs[@]}"
                fi
            done
        done
    done
done

# ------------------------------------------------------------------------------ weaving and the agent
if [ "$WEAVING" = 1 ] || [ "$AGENT" = 1 ]; then
    log "compiling benchmarks/src/weaving"
    WCLASSES=$WORK/weaving-classes
    rm -rf "$WCLASSES"
    mkdir -p "$WCLASSES"
    "$JAVAC" --release 17 -nowarn -d "$WCLASSES" \
        -cp "$TRANSFORMER_JAR:$RUNTIME_JAR:$ANNOTATIONS_JAR" \
        $(find "$BENCH/src/weaving" -name '*.java') "$ROOT/transformer/src/test/java/dev/weft/weaver/LargeMethods.java" \
        || die "javac failed on benchmarks/src/weaving"
fi

if [ "$WEAVING" = 1 ]; then
    if [ "$QUICK" = 1 ]; then wargs=(--classes 50 --warmup 1 --rounds 2); else wargs=(--classes 300 --warmup 3 --rounds 5); fi
    # Code growth: the project's own @Async sources (runtime, demo, it-tests) compiled by WeaveBench, which needs
    # the it-tests' libraries (JUnit, asm-util): their test class path, without Weft's own jars.
    gargs=(--growth-corpus "runtime=$ROOT/runtime/src/main/java" --growth-corpus "demo=$ROOT/demo/src/main/java")
    if (cd "$ROOT" && JAVA_HOME=$JDK mvn -B -q dependency:build-classpath -pl it-tests -Dmdep.includeScope=test \
            -Dmdep.outputFile="$WORK/it-tests.cp") > "$LOGS/growth-cp.log" 2>&1; then
        gargs+=(--growth-corpus "it-tests=$ROOT/it-tests/src/test/java,$ROOT/it-tests/src/main/java"
                --growth-cp "$(tr ':' '\n' < "$WORK/it-tests.cp" | grep -v '/dev/weft/' | paste -sd: -)")
    else
        log "  no class path for it-tests (see $LOGS/growth-cp.log): code growth without them"
    fi
    if [ "$GROWTH_ONLY" = 1 ]; then
        log "code growth of weaving"
        "$JAVA" -cp "$TRANSFORMER_JAR:$WCLASSES" dev.weft.bench.weaving.WeaveBench --runtime "$RUNTIME_JAR:$ANNOTATIONS_JAR" \
            --work "$WORK/weave-gen" "${gargs[@]}" --growth-only > "$LOGS/weft-weaving.log" 2>&1 \
            || die "the code growth run failed (see ${LOGS#$ROOT/}/weft-weaving.log)"
    else
        log "weaving: Weaver vs a plain ASM copy, skipping java.base, and code growth"
        run_case weft weaving "$JAVA" -cp "$TRANSFORMER_JAR:$WCLASSES" dev.weft.bench.weaving.WeaveBench \
            --runtime "$RUNTIME_JAR:$ANNOTATIONS_JAR" --work "$WORK/weave-gen" "${wargs[@]}" "${gargs[@]}"
    fi
    # The growth figures on their own: the summary lines, then every woven method.
    {
        echo "# Code growth of weaving, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
        echo "# woven body bytes / original bytes per @Async method (stub and frame class apart); goal: median <= 1.8x, worst <= 3x"
        grep '^INFO growth ' "$LOGS/weft-weaving.log" | sed 's/^INFO growth //'
        echo
        grep -E '^ *original +woven|^ *[0-9]+ +[0-9]+ +[0-9.]+x ' "$LOGS/weft-weaving.log" || true
    } > "$RESULTS/growth.txt"
    log "code growth in ${RESULTS#$ROOT/}/growth.txt"
fi
if [ "$GROWTH_ONLY" = 1 ]; then
    exit 0
fi

if [ "$AGENT" = 1 ]; then
    if [ "$QUICK" = 1 ]; then aruns=3; else aruns=15; fi
    # WeftHello woven at build time (as by the Maven plugin), for the run without the agent.
    PREWOVEN=$WORK/prewoven-classes
    rm -rf "$PREWOVEN"
    cp -r "$WCLASSES" "$PREWOVEN"
    "$JAVA" -cp "$TRANSFORMER_JAR" dev.weft.weaver.WeaveMain "$PREWOVEN" "$RUNTIME_JAR:$ANNOTATIONS_JAR" \
        > "$LOGS/weavemain.log" 2>&1 || die "WeaveMain failed (see $LOGS/weavemain.log)"
    # The baseline agent: the JVM's own cost of -javaagent and of a transformer that changes nothing.
    printf 'Premain-Class: dev.weft.bench.weaving.NoopAgent\n' > "$WORK/noop-agent.mf"
    rm -f "$WORK/noop-agent.jar"
    "$JDK/bin/jar" --create --file "$WORK/noop-agent.jar" --manifest "$WORK/noop-agent.mf" \
        -C "$WCLASSES" dev/weft/bench/weaving/NoopAgent.class -C "$WCLASSES" 'dev/weft/bench/weaving/NoopAgent$1.class' \
        || die "could not build the no-op agent jar"
    log "javaagent start-up: hello world, plain vs a no-op agent vs the Weft agent ($aruns runs each, interleaved)"
    q() { printf '%q ' "$@"; }
    run_case agent agent-hello "$PYTHON" "$BENCH/python/startup.py" --runs "$aruns" --expect "Hello, world!" agent-hello \
        plain "$(q "$JAVA" -cp "$WCLASSES" dev.weft.bench.weaving.Hello)" \
        noop-agent "$(q "$JAVA" "-javaagent:$WORK/noop-agent.jar" -cp "$WCLASSES" dev.weft.bench.weaving.Hello)" \
        agent "$(q "$JAVA" "-javaagent:$TRANSFORMER_JAR" -cp "$WCLASSES" dev.weft.bench.weaving.Hello)"
    log "javaagent start-up: Weft hello world, woven at build time vs by the agent"
    run_case agent agent-weft "$PYTHON" "$BENCH/python/startup.py" --runs "$aruns" --expect "Hello, world!" agent-weft \
        prewoven "$(q "$JAVA" -cp "$PREWOVEN:$RUNTIME_JAR" dev.weft.bench.weaving.WeftHello)" \
        agent "$(q "$JAVA" "-javaagent:$TRANSFORMER_JAR" -cp "$WCLASSES:$RUNTIME_JAR" dev.weft.bench.weaving.WeftHello)"
fi

# ------------------------------------------------------------------------------------------------- JMH
JMH_JSON=$WORK/jmh.json
rm -f "$JMH_JSON"
if [ "$JMH" = 1 ]; then
    if [ "$QUICK" = 1 ]; then jopts=(-f 1 -wi 1 -w 1s -i 1 -r 1s); else jopts=(-f 1 -wi 3 -w 1s -i 5 -r 1s); fi
    log "JMH with -prof gc ${JMH_ARGS:+($JMH_ARGS)}"
    # shellcheck disable=SC2086
    if "$JAVA" -cp "$BENCH_JAR" org.openjdk.jmh.Main "${jopts[@]}" -prof gc -rf json -rff "$JMH_JSON" $JMH_ARGS \
        > "$LOGS/jmh.log" 2>&1; then
        cp "$JMH_JSON" "$RESULTS/jmh.json"
    else
        echo "FAIL jmh - exit $? (see benchmarks/target/bench-work/logs/jmh.log)" >> "$RAW"
        log "  FAILED: JMH, see $LOGS/jmh.log"
        tail -5 "$LOGS/jmh.log" | sed 's/^/    /' >&2
    fi
fi

# ----------------------------------------------------------------------------------------------- report
cp "$RAW" "$RESULTS/latest.txt"
mkdir -p "$WORK/history"
cp "$RAW" "$WORK/history/$(date -u '+%Y%m%d-%H%M%S').txt"
log "results in ${RESULTS#$ROOT/}/latest.txt"
report_args=("$RESULTS/latest.txt" --svg "$RESULTS/ratios.svg")
if [ "$JMH" = 1 ] && [ -f "$RESULTS/jmh.json" ]; then report_args+=(--jmh "$RESULTS/jmh.json"); fi
"$PYTHON" "$BENCH/report/report.py" "${report_args[@]}" | tee "$RESULTS/table.txt"
log "done: ${RESULTS#$ROOT/}/table.txt, ${RESULTS#$ROOT/}/ratios.svg"
if [ "$IO" = 1 ]; then
    run_io || echo "FAIL io - see benchmarks/target/io-e*/" >> "$RESULTS/latest.txt"
fi
if grep -q '^FAIL ' "$RAW"; then
    log "some benchmarks FAILED (FAIL lines in ${RESULTS#$ROOT/}/latest.txt)"
    exit 1
fi
