#!/usr/bin/env bash
# E3, idle connections (issue 16): what N open, idle connections cost each echo server of E1 (the same servers,
# unchanged), in memory (RSS, and the JVM heap's live set), in CPU while idle, and in the latency of one active
# connection among them. One C client (idle-client.c) opens the connections, one echo round trip each, and keeps
# them idle; each server runs on one thread / one loop, in a process of its own, as in E1.
#
#   benchmarks/io/run-e3.sh [--servers 'LIST'] [--conns N] [--pings K] [--idle S] [--server-warmup S] [--nmt]
#                           [--no-build]
#
#   --servers        which servers, in order (default: all that can run here):
#                    c weft-streams weft-protocol netty-nio netty-epoll vthreads
#                    asyncio-streams asyncio-protocol uvloop-streams uvloop-protocol
#   --conns N        idle connections (default 10000); the script raises ulimit -n to the hard limit and stops at
#                    once if N does not fit (the server and the client each need N descriptors, plus a few)
#   --pings K        round trips of 64 B on the one active connection (default 1000)
#   --idle S         seconds of the idle-CPU window (default 5)
#   --server-warmup S  once per server after it starts, an E1 run of 50 connections x 64 B (default 2), then
#                    rounds of W = min(500, N/20) idle connections (connect, echo, ping, close), not measured
#   --warm-rounds R  how many such rounds for a JVM server (default 20: about N connection set-ups in all, so that
#                    the JIT has compiled that path before the baseline; see E3.md); the others get 3
#   --nmt            JVM servers also run with -XX:NativeMemoryTracking=summary, and logs/SERVER.nmt-diff has what
#                    their native memory (outside the heap) grew by, per JVM area (NMT costs some memory itself)
#   --no-build       use the built clients, C server and benchmarks.jar as they are
#
# Environment: WEFT_BENCH_JDK (default /usr/lib/jvm/temurin-25-jdk-amd64) builds and runs the JVM servers and
# its jcmd reads their heap; E3_JVM_OPTS (default "-Xms1g -Xmx1g -Xmn32m -XX:+UseSerialGC", see E3.md: a larger
# heap than E1's 256m because the vthreads server keeps a 64 KiB buffer per connection, and a small fixed young
# generation so that its pages are all resident before the baseline); PYTHON (default python3) for asyncio;
# UVLOOP_PYTHON (default /usr/bin/python3, where Debian's python3-uvloop installs) for uvloop.
#
# Per server: start, warm up, baseline (JVM: GC.class_histogram, which runs a full GC first, and GC.heap_info;
# then VmRSS), connect N idle connections and wait until the RSS settles, measure again the same way, the server's
# CPU time (all threads) and context switches over S idle seconds, K round trips on one connection, then a status
# check and a sweep (one more round trip on every connection: all still served), quit, stop the server.
# Prints one table and writes it, the raw measurements, the JVM class histograms (top 25 after connecting, and the
# per-connection difference per class) and every log to benchmarks/target/io-e3/. Every server and client is
# stopped at the end, also when the script is interrupted.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/benchmarks/target/io-e3
BIN=$OUT/bin
HIST=$OUT/histograms
JDK=${WEFT_BENCH_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JDK/bin/java
JCMD=$JDK/bin/jcmd
JVM_OPTS=${E3_JVM_OPTS:--Xms1g -Xmx1g -Xmn32m -XX:+UseSerialGC}
PYTHON=${PYTHON:-python3}
UVLOOP_PYTHON=${UVLOOP_PYTHON:-/usr/bin/python3}
JAR=$ROOT/benchmarks/target/benchmarks.jar

SERVERS="c weft-streams weft-protocol netty-nio netty-epoll vthreads asyncio-streams asyncio-protocol uvloop-streams uvloop-protocol"
CONNS=10000
PINGS=1000
IDLE=5
SERVER_WARMUP=2
WARM_ROUNDS=20
BUILD=1
NMT=0

usage() { sed -n '2,37p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --servers) SERVERS=$2; shift ;;
        --conns) CONNS=$2; shift ;;
        --pings) PINGS=$2; shift ;;
        --idle) IDLE=$2; shift ;;
        --server-warmup) SERVER_WARMUP=$2; shift ;;
        --warm-rounds) WARM_ROUNDS=$2; shift ;;
        --no-build) BUILD=0 ;;
        --nmt) NMT=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-e3.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

[ "$NMT" = 0 ] || JVM_OPTS="$JVM_OPTS -XX:NativeMemoryTracking=summary"
START=$(date +%s)
log() { printf '[run-e3 %4ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
die() { echo "run-e3.sh: $*" >&2; exit 1; }
MAIN_CLASS=dev.weft.bench.io.EchoServer C_SERVER=echo-server PY_SERVER=echo_server.py
# shellcheck source=lib.sh
. "$HERE/lib.sh"

[[ $CONNS =~ ^[0-9]+$ ]] && [ "$CONNS" -gt 0 ] || die "--conns needs a positive number, got '$CONNS'"
[[ $PINGS =~ ^[0-9]+$ ]] && [ "$PINGS" -gt 0 ] || die "--pings needs a positive number, got '$PINGS'"
[[ $WARM_ROUNDS =~ ^[0-9]+$ ]] || die "--warm-rounds needs a number, got '$WARM_ROUNDS'"

# ------------------------------------------------------------------------------------------------ limits
# The server and the client are separate processes: each needs N descriptors (plus a few of its own).
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ]; then
    need=$(( CONNS + 100 ))
    [ "$need" -le "$hard" ] || die "$CONNS connections need about $need descriptors per process, but the hard limit (ulimit -Hn) is $hard: use --conns $(( hard - 100 )) or less, or raise the hard limit"
    ulimit -n "$hard" || die "cannot raise ulimit -n to the hard limit $hard"
else
    ulimit -n 1048576 2>/dev/null || ulimit -n "$(( CONNS + 100 ))" || die "cannot raise ulimit -n to $(( CONNS + 100 ))"
fi
read -r port_lo port_hi < /proc/sys/net/ipv4/ip_local_port_range
[ $(( port_hi - port_lo + 1 )) -ge "$CONNS" ] || die "$CONNS connections from one address need $CONNS local ports; ip_local_port_range has $(( port_hi - port_lo + 1 ))"

mkdir -p "$OUT" "$BIN" "$OUT/logs" "$HIST"

# ------------------------------------------------------------------------------------------------ build
if [ "$BUILD" = 1 ]; then
    log "building idle-client, echo-client and echo-server (gcc -O2)"
    gcc -O2 -Wall -o "$BIN/idle-client" "$HERE/idle-client.c"
    gcc -O2 -Wall -o "$BIN/echo-client" "$HERE/echo-client.c"
    gcc -O2 -Wall -o "$BIN/echo-server" "$HERE/echo-server.c"
    build_jar "$SERVERS"
fi
for b in idle-client echo-client echo-server; do [ -x "$BIN/$b" ] || die "no $BIN/$b: run without --no-build"; done
require_jar "$SERVERS"
for s in $SERVERS; do
    case "$s" in weft-*|netty-*|vthreads) [ -x "$JCMD" ] || die "no $JCMD: the heap of the JVM servers is read with the JDK's jcmd" ;; esac
done

# ------------------------------------------------------------------------------------------------ processes
CLIENT_PID=""
CLIENT_IN=""
stop_client() {
    if [ -n "$CLIENT_IN" ]; then
        exec {CLIENT_IN}>&- 2>/dev/null || true
        CLIENT_IN=""
    fi
    if [ -n "$CLIENT_PID" ]; then
        kill "$CLIENT_PID" 2>/dev/null || true
        wait "$CLIENT_PID" 2>/dev/null || true
        CLIENT_PID=""
    fi
}
stop_server() { kill_server; }
cleanup() { stop_client; stop_server; rm -f "$OUT/client.in"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

is_jvm() { case "$1" in weft-*|netty-*|vthreads) return 0 ;; *) return 1 ;; esac; }

start_server() { # name -> sets SERVER_PID and PORT
    launch_server "$1" "$OUT/logs/$1.out" "$OUT/logs/$1.err"
}

# The idle client: commands through a FIFO on its stdin, its answers in a file.
CLIENT_OUT=$OUT/client.out
start_client() { # conns logfile
    rm -f "$OUT/client.in"
    mkfifo "$OUT/client.in"
    : > "$CLIENT_OUT"
    "$BIN/idle-client" 127.0.0.1 "$PORT" "$1" < "$OUT/client.in" > "$CLIENT_OUT" 2>> "$2" &
    CLIENT_PID=$!
    exec {CLIENT_IN}> "$OUT/client.in"   # opens once the client has opened its end
    rm -f "$OUT/client.in"
}
await_line() { # WORD timeout_s [seen] -> prints the client's last line starting with WORD once there are more
    # than seen of them; fails on timeout, or when the client has exited without one
    local word=$1 deadline=$(( $(date +%s) + $2 )) seen=${3:-0}
    while :; do
        if [ "$(grep -c "^$word" "$CLIENT_OUT" || true)" -gt "$seen" ]; then
            grep "^$word" "$CLIENT_OUT" | tail -1
            return 0
        fi
        if ! kill -0 "$CLIENT_PID" 2>/dev/null; then   # gone: what it wrote last may have come meanwhile
            [ "$(grep -c "^$word" "$CLIENT_OUT" || true)" -gt "$seen" ] || return 1
            grep "^$word" "$CLIENT_OUT" | tail -1
            return 0
        fi
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}
client_cmd() { # command WORD timeout_s: sends a command, prints its answer line
    local seen
    seen=$(grep -c "^$2" "$CLIENT_OUT" || true)
    echo "$1" >&"$CLIENT_IN"
    await_line "$2" "$3" "$seen"
}
end_client() { # quits the client; sets CLOSED_LINE (its last line), empty if it had none
    echo quit >&"$CLIENT_IN" 2>/dev/null || true
    exec {CLIENT_IN}>&-
    CLIENT_IN=""
    CLOSED_LINE=$(await_line CLOSED 120) || CLOSED_LINE=""
    wait "$CLIENT_PID" 2>/dev/null || true
    CLIENT_PID=""
}

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
cpu_ticks() { # utime + stime of all threads
    sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
ctx_switches() { # voluntary + involuntary, summed over the process's threads
    cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {s += $2} END {print s + 0}'
}
thread_csw() { # pid -> one line per thread: tid, context switches so far, name
    local t
    for t in /proc/"$1"/task/*; do
        awk -v tid="${t##*/}" -v name="$(cat "$t/comm" 2>/dev/null)" '/ctxt_switches/ {s += $2} END {print tid, s + 0, name}' "$t/status" 2>/dev/null || true
    done
}
young_gcs() { "$JCMD" "$1" PerfCounter.print 2>/dev/null | awk -F= '/sun.gc.collector.0.invocations/ {print $2}'; }
heap_range() { # GC.heap_info output -> "lo hi" (hex, no 0x) of the Java heap's reservation (Serial: DefNew, Tenured)
    awk '/^ *DefNew/ { gsub(/[\[,]/, " "); for (i = 1; i <= NF; i++) if ($i ~ /^0x/) { lo = $i; break } }
         /^ *Tenured/ { gsub(/[\[,)]/, " "); for (i = 1; i <= NF; i++) if ($i ~ /^0x/) hi = $i }
         END { if (lo != "" && hi != "") print substr(lo, 3), substr(hi, 3) }' "$1"
}
heap_rss_kb() { # pid lo hi -> kB of the mappings inside [lo, hi) that are resident: the heap's touched pages
    awk -v lo="$2" -v hi="$3" '
        function h2n(x,   i, n, c) { n = 0; x = tolower(x); for (i = 1; i <= length(x); i++) { c = index("0123456789abcdef", substr(x, i, 1)) - 1; n = n * 16 + c }; return n }
        BEGIN { L = h2n(lo); H = h2n(hi) }
        /^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); inside = h2n(a[1]) >= L && h2n(a[2]) <= H }
        /^Rss:/ && inside { s += $2 }
        END { print s + 0 }' "/proc/$1/smaps"
}
live_heap() { # pid file -> bytes of live objects (jcmd runs a full GC first), fillers left out
    # Serial's full GC may leave some dead space in place (up to MarkSweepDeadRatio, 5%, of the old generation)
    # as filler arrays, jdk.internal.vm.FillerElement[]: dead, yet listed. 49 MB of them once, in vthreads.
    "$JCMD" "$1" GC.class_histogram > "$2" 2>&1 || return 1
    awk '$1 ~ /^[0-9]+:$/ && $4 ~ /jdk\.internal\.vm\.Filler/ { f += $3 } $1 == "Total" { t = $3 }
         END { if (t != "") print t - f }' "$2"
}

# Waits until the server's RSS moves less than 64 KiB over a second (at most 15 s).
settle() {
    local prev cur
    prev=$(rss_kb "$1")
    for _ in $(seq 15); do
        sleep 1
        cur=$(rss_kb "$1")
        [ $(( cur > prev ? cur - prev : prev - cur )) -lt 64 ] && return 0
        prev=$cur
    done
    log "RSS still moving after 15 s ($prev -> $cur kB): measuring anyway"
}

# The per-class difference of two histograms, per connection, sorted by bytes: what a connection is made of.
hist_diff() { # before after conns
    awk -v n="$3" '
        FNR == 1 { file++ }
        $1 ~ /^[0-9]+:$/ && $4 !~ /jdk\.internal\.vm\.Filler/ { key = $4; if (file == 1) { bi[key] = $2; bb[key] = $3 } else { ai[key] = $2; ab[key] = $3 }; seen[key] = 1 }
        END {
            for (k in seen) { di = ai[k] - bi[k]; db = ab[k] - bb[k]; if (di != 0 || db != 0) printf "%d %d %s\n", db, di, k }
        }' "$1" "$2" | sort -k1,1nr | awk -v n="$3" '
        BEGIN { printf "%10s %10s %9s %9s  %s\n", "d_bytes", "d_inst", "B/conn", "inst/conn", "class"; }
        { tb += $1; if (NR <= 40 || $1 < 0) printf "%10d %10d %9.1f %9.3f  %s\n", $1, $2, $1 / n, $2 / n, $3; else { rb += $1 } }
        END { if (rb) printf "%10d %10s %9.1f %9s  %s\n", rb, "", rb / n, "", "(the other classes)";
              printf "%10d %10s %9.1f %9s  %s\n", tb, "", tb / n, "", "TOTAL (dead-space fillers left out)" }'
}

RAW=$OUT/raw.txt
TABLE=$OUT/table.txt
{
    echo "# E3 idle connections, $(date -u '+%Y-%m-%d %H:%M UTC'), $CONNS connections, idle window ${IDLE}s," \
        "$PINGS pings, ${SERVER_WARMUP}s warm-up per server"
    echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(uname -sr)"
    echo "# $("$JAVA" -version 2>&1 | sed -n 2p); JVM options: $JVM_OPTS"
    echo "# $("$PYTHON" -c 'import sys; print("python", sys.version.split()[0])')" \
        "$("$UVLOOP_PYTHON" -c 'import sys, uvloop; print("/ uvloop", uvloop.__version__, "on python", sys.version.split()[0])' 2>/dev/null || echo '/ no uvloop')"
    echo "# commit $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- . 2>/dev/null || echo ' (with local changes)')"
} > "$RAW"
: > "$TABLE.rows"
rm -f "$OUT/split.txt.tmp"
warm_conns=$(( CONNS / 20 < 500 ? CONNS / 20 : 500 ))
[ "$warm_conns" -gt 0 ] || warm_conns=1

for server in $SERVERS; do
    clog=$OUT/logs/$server.client
    : > "$clog"
    if ! start_server "$server"; then
        log "$server: skipped (cannot run here)"
        printf '%-17s %s\n' "$server" "SKIPPED (see $OUT/logs/$server.err)" >> "$TABLE.rows"
        continue
    fi
    log "$server: pid $SERVER_PID port $PORT"

    # ---- warm-up: the E1 ping-pong, then rounds of idle connections. Small rounds, so that the memory they free
    # is little of what the measured round may reuse (5% of it); many for a JVM, so that the connections' path is
    # compiled (C2 compiling it during the measured round grew the RSS outside the heap by 15-22 MB at 10,000
    # connections: the compiler's arenas, which malloc keeps, not the connections).
    if [ "$SERVER_WARMUP" != 0 ]; then
        "$BIN/echo-client" 127.0.0.1 "$PORT" 50 64 0 "$SERVER_WARMUP" > /dev/null 2>> "$clog" || true
    fi
    rounds=3
    if is_jvm "$server"; then rounds=$WARM_ROUNDS; fi
    for _ in $(seq "$rounds"); do
        start_client "$warm_conns" "$clog"
        await_line CONNECTED 120 > /dev/null || log "$server: warm-up round did not connect"
        client_cmd "ping 100" PING 60 > /dev/null || true
        end_client
    done
    if is_jvm "$server"; then
        # Eden is resident once it has filled once: until then the RSS would grow with allocation, not with the
        # connections. The warm-up almost always has done it; if not, more ping-pong.
        for _ in $(seq 10); do
            [ "$(young_gcs "$SERVER_PID")" -gt 0 ] 2>/dev/null && break
            "$BIN/echo-client" 127.0.0.1 "$PORT" 50 64 0 1 > /dev/null 2>> "$clog" || true
        done
        [ "$(young_gcs "$SERVER_PID")" -gt 0 ] 2>/dev/null || log "$server: no young collection yet: the RSS delta may include eden pages"
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        log "$server died during the warm-up"
        printf '%-17s %s\n' "$server" "DIED in the warm-up (see $OUT/logs/$server.err)" >> "$TABLE.rows"
        SERVER_PID=""
        continue
    fi

    # ---- baseline
    heap0=""; heap1=""
    if is_jvm "$server"; then
        heap0=$(live_heap "$SERVER_PID" "$HIST/$server-before.txt") || log "$server: jcmd GC.class_histogram failed"
        "$JCMD" "$SERVER_PID" GC.heap_info > "$OUT/logs/$server.heap-before" 2>&1 || true
        [ "$NMT" = 0 ] || "$JCMD" "$SERVER_PID" VM.native_memory baseline > /dev/null 2>&1 || log "$server: no NMT baseline"
    fi
    sleep 1
    rss0=$(rss_kb "$SERVER_PID")
    hrange=""; hrss0=""; hrss1=""
    if is_jvm "$server"; then
        hrange=$(heap_range "$OUT/logs/$server.heap-before")
        # shellcheck disable=SC2086  # two words: lo hi
        [ -z "$hrange" ] || hrss0=$(heap_rss_kb "$SERVER_PID" $hrange)
    fi
    echo "$server before rss_kb=$rss0 heap_rss_kb=${hrss0:-} anon_kb=$(status_kb "$SERVER_PID" RssAnon) file_kb=$(status_kb "$SERVER_PID" RssFile) threads=$(status_kb "$SERVER_PID" Threads) live_heap_B=${heap0:-}" >> "$RAW"

    # ---- N idle connections
    start_client "$CONNS" "$clog"
    if ! cline=$(await_line CONNECTED 600); then
        log "$server: the client did not connect (see $clog)"
        printf '%-17s %6s %s\n' "$server" "$CONNS" "FAILED to connect (see $clog)" >> "$TABLE.rows"
        stop_client; stop_server
        continue
    fi
    connected=$(awk '{print $2}' <<< "$cline")
    log "$server: $cline"
    settle "$SERVER_PID"
    if is_jvm "$server"; then
        heap1=$(live_heap "$SERVER_PID" "$HIST/$server-after.txt") || log "$server: jcmd GC.class_histogram failed"
        "$JCMD" "$SERVER_PID" GC.heap_info > "$OUT/logs/$server.heap-after" 2>&1 || true
        [ "$NMT" = 0 ] || "$JCMD" "$SERVER_PID" VM.native_memory summary.diff scale=KB > "$OUT/logs/$server.nmt-diff" 2>&1 || true
        sed -n '1,28p' "$HIST/$server-after.txt" > "$HIST/$server-after-top25.txt"
        hist_diff "$HIST/$server-before.txt" "$HIST/$server-after.txt" "$connected" > "$HIST/$server-per-conn.txt"
        sleep 1
    fi
    rss1=$(rss_kb "$SERVER_PID")
    # shellcheck disable=SC2086
    [ -z "$hrange" ] || hrss1=$(heap_rss_kb "$SERVER_PID" $hrange)
    echo "$server after connected=$connected rss_kb=$rss1 heap_rss_kb=${hrss1:-} anon_kb=$(status_kb "$SERVER_PID" RssAnon) file_kb=$(status_kb "$SERVER_PID" RssFile) threads=$(status_kb "$SERVER_PID" Threads) live_heap_B=${heap1:-}" >> "$RAW"

    # ---- idle: the server's CPU time and context switches over the window
    sleep 1
    c0=$(cpu_ticks "$SERVER_PID"); s0=$(ctx_switches "$SERVER_PID"); thread_csw "$SERVER_PID" > "$OUT/csw0.tmp"
    sleep "$IDLE"
    c1=$(cpu_ticks "$SERVER_PID"); s1=$(ctx_switches "$SERVER_PID"); thread_csw "$SERVER_PID" > "$OUT/csw1.tmp"
    # Who woke up while idle: the threads' context switches over the window, by thread.
    awk 'FNR == NR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) { $1 = ""; $2 = ""; sub(/^  /, ""); printf "%6d  %s\n", d, $0 } }' \
        "$OUT/csw0.tmp" "$OUT/csw1.tmp" | sort -k1,1nr > "$OUT/logs/$server.idle-threads"
    rm -f "$OUT/csw0.tmp" "$OUT/csw1.tmp"
    idle_ms=$(( (c1 - c0) * 1000 / $(getconf CLK_TCK) ))
    wakeups=$(( s1 - s0 ))
    echo "$server idle secs=$IDLE cpu_ms=$idle_ms ctx_switches=$wakeups" >> "$RAW"

    # ---- one active connection among the idle ones, then: are all still there and served?
    pline=$(client_cmd "ping $PINGS 64" PING 120) || pline="PING FAILED"
    sline=$(client_cmd status STATUS 30) || sline="STATUS FAILED"
    wline=$(client_cmd sweep SWEEP 300) || wline="SWEEP FAILED"
    end_client
    closed=$CLOSED_LINE
    echo "$server $cline" >> "$RAW"; echo "$server $pline" >> "$RAW"; echo "$server $sline" >> "$RAW"
    echo "$server $wline" >> "$RAW"; echo "$server ${closed:-CLOSED ?}" >> "$RAW"
    log "$server: $pline; $sline; $wline; ${closed:-no CLOSED line}"
    errs=$(field errors "${closed:-}")
    [ -n "$errs" ] || errs=$(field errors "$cline")
    [ -n "$errs" ] || errs="?"
    [[ $sline == STATUS* && $wline == SWEEP* && $pline == PING\ conn* ]] || errs="$errs+cmd"
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then log "$server died"; errs="$errs+died"; fi
    stop_server

    rss_per=$(awk -v a="$rss0" -v b="$rss1" -v n="$connected" 'BEGIN { printf "%.0f", n ? (b - a) * 1024 / n : 0 }')
    heap_per="-"
    if [ -n "$heap0" ] && [ -n "$heap1" ]; then
        heap_per=$(awk -v a="$heap0" -v b="$heap1" -v n="$connected" 'BEGIN { printf "%.0f", n ? (b - a) / n : 0 }')
    fi
    printf '%-17s %6s %8.1f %8.1f %10s %10s %8s %9s %8s %8s  %s\n' "$server" "$connected" \
        "$(awk -v k="$rss0" 'BEGIN { print k / 1024 }')" "$(awk -v k="$rss1" 'BEGIN { print k / 1024 }')" \
        "$rss_per" "$heap_per" "$idle_ms" "$wakeups" "$(field p50_us "$pline")" "$(field p99_us "$pline")" "$errs" \
        >> "$TABLE.rows"
    if [ -n "$hrss0" ] && [ -n "$hrss1" ]; then
        awk -v s="$server" -v a="$rss0" -v b="$rss1" -v ha="$hrss0" -v hb="$hrss1" -v n="$connected" 'BEGIN {
            printf "%-17s RSS %+.1f MB: heap pages %+.1f MB (%.0f B/conn), outside the heap %+.1f MB (%.0f B/conn)\n",
                s, (b - a) / 1024, (hb - ha) / 1024, n ? (hb - ha) * 1024 / n : 0,
                ((b - a) - (hb - ha)) / 1024, n ? ((b - a) - (hb - ha)) * 1024 / n : 0 }' >> "$OUT/split.txt.tmp"
    fi
    log "$server: rss $rss0 -> $rss1 kB ($rss_per B/conn), heap ${heap0:--} -> ${heap1:--} B ($heap_per B/conn), idle cpu ${idle_ms} ms, $wakeups context switches"
done

{
    sed -n '1,5p' "$RAW"
    echo
    printf '%-17s %6s %8s %8s %10s %10s %8s %9s %8s %8s  %s\n' server conns rss0_MB rss1_MB rss_B/conn heap_B/conn \
        idle_ms idle_csw p50_us p99_us errors
    cat "$TABLE.rows"
    echo
    echo "conns: connections established and echoed (of $CONNS). rss0/rss1: the server's VmRSS before and after (JVM:"
    echo "each after a full GC); rss_B/conn = the difference / conns. heap_B/conn (JVM): the live heap (the total of"
    echo "jcmd GC.class_histogram, which collects first, less the dead-space fillers) after minus before, / conns."
    echo "idle_ms / idle_csw: the server's CPU time and context switches (all threads) over ${IDLE} s with every"
    echo "connection idle (logs/SERVER.idle-threads: which threads switched)."
    echo "p50/p99: $PINGS round trips of 64 B on one connection among the idle ones. errors: the client's errors (failed"
    echo "connects after 3 attempts, connections closed or wrong bytes, the final sweep over all connections)."
    echo "Per class and connection: histograms/SERVER-per-conn.txt; top 25 classes: histograms/SERVER-after-top25.txt."
    if [ -f "$OUT/split.txt.tmp" ]; then
        echo
        echo "JVM servers, where the RSS grew: the Java heap's resident pages (the mappings of its reservation in"
        echo "/proc/PID/smaps: the old generation's high-water mark, not its live set) and everything else:"
        cat "$OUT/split.txt.tmp"
    fi
} > "$TABLE"
rm -f "$TABLE.rows" "$OUT/split.txt.tmp"
cat "$TABLE"
log "done: $TABLE, raw $RAW"
