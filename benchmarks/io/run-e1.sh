#!/usr/bin/env bash
# E1, echo ping-pong (issue 16): N connections each send a message of S bytes and wait for the whole echo, over
# and over. One C load generator (echo-client.c) for every server; each server runs on one thread / one loop, in a
# process of its own; the generator reads the server's CPU time (/proc/PID/stat) over exactly the measured window.
#
#   benchmarks/io/run-e1.sh [--servers 'LIST'] [--conns '1 50 500'] [--sizes '64 16384']
#                           [--warmup S] [--measure S] [--server-warmup S] [--rounds R] [--no-build]
#
#   --servers        which servers, in order (default: all that can run here):
#                    c weft-streams weft-protocol weft-buffered netty-nio netty-epoll vthreads
#                    asyncio-streams asyncio-protocol uvloop-streams uvloop-protocol
#   --conns, --sizes the matrix (default 1 50 500 connections x 64 and 16384 bytes)
#   --warmup S       per cell, seconds not counted (default 1)
#   --measure S      per cell, seconds measured (default 2)
#   --server-warmup S  once per server after it starts, 50 connections x 64 B, not counted (default 2): the JIT
#                    of the JVM servers then gets about as long as the whole warm-up the brief asked for per cell
#   --rounds R       run the whole list of servers R times, round after round (so a slow minute of the shared
#                    machine hits every server alike), and report each cell's median, with the min-max of
#                    srv_us/msg over the rounds (default 1)
#   --no-build       use the built generator, C server and benchmarks.jar as they are
#
# Environment: WEFT_BENCH_JDK (default /usr/lib/jvm/temurin-25-jdk-amd64) builds and runs the JVM servers;
# E1_JVM_OPTS (default "-Xms256m -Xmx256m -XX:+UseSerialGC") for every JVM server; PYTHON (default python3) for
# asyncio; UVLOOP_PYTHON (default /usr/bin/python3, where Debian's python3-uvloop installs) for uvloop.
#
# Prints one table and writes it, with the generator's raw RESULT lines and each server's log, to
# benchmarks/target/io-e1/. Every server is stopped at the end, also when the script is interrupted.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/benchmarks/target/io-e1
BIN=$OUT/bin
JDK=${WEFT_BENCH_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JDK/bin/java
JVM_OPTS=${E1_JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}
PYTHON=${PYTHON:-python3}
UVLOOP_PYTHON=${UVLOOP_PYTHON:-/usr/bin/python3}
JAR=$ROOT/benchmarks/target/benchmarks.jar

SERVERS="c weft-streams weft-protocol weft-buffered netty-nio netty-epoll vthreads asyncio-streams asyncio-protocol uvloop-streams uvloop-protocol"
CONNS="1 50 500"
SIZES="64 16384"
WARMUP=1
MEASURE=2
SERVER_WARMUP=2
ROUNDS=1
BUILD=1

usage() { sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --servers) SERVERS=$2; shift ;;
        --conns) CONNS=$2; shift ;;
        --sizes) SIZES=$2; shift ;;
        --warmup) WARMUP=$2; shift ;;
        --measure) MEASURE=$2; shift ;;
        --server-warmup) SERVER_WARMUP=$2; shift ;;
        --rounds) ROUNDS=$2; shift ;;
        --no-build) BUILD=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-e1.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

START=$(date +%s)
log() { printf '[run-e1 %4ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
die() { echo "run-e1.sh: $*" >&2; exit 1; }
MAIN_CLASS=dev.weft.bench.io.EchoServer C_SERVER=echo-server PY_SERVER=echo_server.py
# shellcheck source=lib.sh
. "$HERE/lib.sh"

mkdir -p "$OUT" "$BIN" "$OUT/logs"

# ------------------------------------------------------------------------------------------------ build
if [ "$BUILD" = 1 ]; then
    log "building echo-client and echo-server (gcc -O2)"
    gcc -O2 -Wall -o "$BIN/echo-client" "$HERE/echo-client.c"
    gcc -O2 -Wall -o "$BIN/echo-server" "$HERE/echo-server.c"
    build_jar "$SERVERS"
fi
[ -x "$BIN/echo-client" ] || die "no $BIN/echo-client: run without --no-build"
require_jar "$SERVERS"

# ------------------------------------------------------------------------------------------------ servers
stop_server() { kill_server; }
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

start_server() { # name -> sets SERVER_PID and PORT
    launch_server "$1" "$OUT/logs/$1.out" "$OUT/logs/$1.err"
}


RAW=$OUT/raw.txt
TABLE=$OUT/table.txt
ROWS=$OUT/rows.txt   # one line per server, cell and round: what the table is computed from
{
    echo "# E1 echo ping-pong, $(date -u '+%Y-%m-%d %H:%M UTC'), warm-up ${WARMUP}s + ${MEASURE}s per cell," \
        "${SERVER_WARMUP}s per server, $ROUNDS round(s)"
    echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(uname -sr)"
    echo "# $("$JAVA" -version 2>&1 | sed -n 2p); JVM options: $JVM_OPTS"
    echo "# $("$PYTHON" -c 'import sys; print("python", sys.version.split()[0])')" \
        "$("$UVLOOP_PYTHON" -c 'import sys, uvloop; print("/ uvloop", uvloop.__version__, "on python", sys.version.split()[0])' 2>/dev/null || echo '/ no uvloop')"
    echo "# commit $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- . 2>/dev/null || echo ' (with local changes)')"
} > "$RAW"
: > "$ROWS"
: > "$OUT/rss.txt"

for round in $(seq "$ROUNDS"); do
for server in $SERVERS; do
    if ! start_server "$server"; then
        log "$server: skipped (cannot run here)"
        echo "$server - - SKIPPED $round" >> "$ROWS"
        continue
    fi
    log "round $round/$ROUNDS, $server: pid $SERVER_PID port $PORT"
    if [ "$SERVER_WARMUP" != 0 ]; then
        "$BIN/echo-client" 127.0.0.1 "$PORT" 50 64 0 "$SERVER_WARMUP" > /dev/null 2>> "$OUT/logs/$server.client" || true
    fi
    for size in $SIZES; do
        for conns in $CONNS; do
            line=$(timeout $(( ${WARMUP%.*} + ${MEASURE%.*} + 60 )) "$BIN/echo-client" 127.0.0.1 "$PORT" "$conns" "$size" \
                "$WARMUP" "$MEASURE" "$SERVER_PID" 2>> "$OUT/logs/$server.client") || true
            if [ -z "$line" ]; then line="RESULT conns=$conns size=$size FAILED"; fi
            echo "$server round=$round $line" >> "$RAW"
            if ! kill -0 "$SERVER_PID" 2>/dev/null; then
                log "$server died during conns=$conns size=$size"
            fi
            if [[ $line == *FAILED* ]]; then
                echo "$server $conns $size FAILED $round" >> "$ROWS"
                log "$server conns=$conns size=$size: FAILED (see $OUT/logs/$server.client)"
                continue
            fi
            rate=$(field msgs_per_s "$line"); p50=$(field p50_us "$line"); p99=$(field p99_us "$line")
            cpu=$(field server_cpu_us_per_msg "$line"); cli=$(field client_cpu_s "$line")
            secs=$(field secs "$line"); err=$(field errors "$line"); stalled=$(field stalled "$line")
            cli_pct=$(awk -v c="$cli" -v s="$secs" 'BEGIN { printf "%.0f", 100 * c / s }')
            echo "$server $conns $size OK $round $rate $p50 $p99 $cpu $cli_pct $err $stalled" >> "$ROWS"
            log "$server conns=$conns size=$size: $rate msg/s, p50 ${p50} us, p99 ${p99} us, server ${cpu} us/msg, errors $err, stalled $stalled"
        done
    done
    hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status" 2>/dev/null || echo '?')
    echo "$server round=$round peak_rss_mib=$hwm" >> "$RAW"
    echo "$server $hwm" >> "$OUT/rss.txt"
    stop_server
done
done

# One row per server and cell: the median over the rounds of each number (the errors summed), srv_us/msg's
# min-max beside it; servers and cells in the order they ran.
table_rows() {
    awk -v rounds="$ROUNDS" '
        function median(list,    a, n, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        function lo(list,    a, n, i, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]; return m }
        function hi(list,    a, n, i, m) { n = split(list, a, " "); m = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > m + 0) m = a[i]; return m }
        {
            key = $1 " " $2 " " $3
            if (!(key in seen)) { seen[key] = 1; order[++keys] = key }
            if ($4 == "SKIPPED") { skipped[key] = 1; next }
            if ($4 == "FAILED") { failed[key]++; next }
            rate[key] = rate[key] " " $6; p50[key] = p50[key] " " $7; p99[key] = p99[key] " " $8
            cpu[key] = cpu[key] " " $9; gen[key] = gen[key] " " $10; err[key] += $11; stall[key] += $12; ok[key]++
        }
        END {
            for (k = 1; k <= keys; k++) {
                key = order[k]; split(key, f, " ")
                if (key in skipped) { printf "%-17s SKIPPED (cannot run here: see the logs)\n", f[1]; continue }
                if (!(key in ok)) { printf "%-17s %6s %6s FAILED in every round\n", f[1], f[2], f[3]; continue }
                spread = rounds > 1 ? sprintf("%.2f-%.2f", lo(cpu[key]), hi(cpu[key])) : "-"
                printf "%-17s %6s %6s %10.0f %9.1f %9.1f %10.2f %11s %7.0f%% %3d/%d%s\n", f[1], f[2], f[3],
                    median(rate[key]), median(p50[key]), median(p99[key]), median(cpu[key]), spread,
                    median(gen[key]), err[key], stall[key], (key in failed) ? "  FAILED in " failed[key] " round(s)" : ""
            }
        }' "$ROWS"
}

{
    sed -n '1,5p' "$RAW"
    echo
    printf '%-17s %6s %6s %10s %9s %9s %10s %11s %8s %s\n' server conns bytes msg/s p50_us p99_us srv_us/msg \
        'min-max' gen_cpu err/stall
    table_rows
    echo
    echo "srv_us/msg: the server process's CPU time (all its threads, user + system) over the measured window, per"
    echo "message; min-max: its range over the rounds. gen_cpu: the generator's own CPU over the window (near 100% ="
    echo "the generator, not the server, may be the limit). err/stall: errors (wrong bytes, closed connections) /"
    echo "connections with no message measured, summed over the rounds. Other columns: medians over the rounds."
    echo
    awk '{ if (!($1 in peak) || $2 > peak[$1]) peak[$1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
         END { for (i = 1; i <= n; i++) printf "%-17s peak RSS %s MiB\n", order[i], peak[order[i]] }' "$OUT/rss.txt"
} > "$TABLE"
cat "$TABLE"
log "done: $TABLE, raw $RAW"
