#!/usr/bin/env bash
# E2, HTTP/1.1 keep-alive "hello world" (issue 16): wrk keeps N connections busy with GET requests, one at a time
# per connection; every server answers each with the same 78-byte response. Each server runs on one thread / one
# loop, in a process of its own; the script reads the server's CPU time (/proc/PID/stat) right before and right
# after each measured wrk run.
#
#   benchmarks/io/run-e2.sh [--servers 'LIST'] [--conns '50 500'] [--warmup S] [--measure S]
#                           [--server-warmup S] [--rounds R] [--no-build]
#
#   --servers        which servers, in order (default: all that can run here):
#                    c weft-streams weft-protocol netty-nio netty-epoll vthreads
#                    asyncio-streams asyncio-protocol uvloop-streams uvloop-protocol
#   --conns          wrk connection counts (default 50 500), each a cell
#   --warmup S       per cell, a wrk run of S seconds first, not counted (default 1)
#   --measure S      per cell, the measured wrk run, seconds (default 2)
#   --server-warmup S  once per server after it starts, wrk -c50 for S seconds, not counted (default 2)
#   --rounds R       run the whole server list R times, interleaved (round 1: every server, then round 2: every
#                    server, ...), and report the median of each cell (default 1)
#   --no-build       use the built C server and benchmarks.jar as they are
#
# Every server is first checked once per round: curl must get exactly the expected response, byte for byte, and
# http_check.py must get the right answers to pipelined requests and to a request split across sends.
#
# Environment: WEFT_BENCH_JDK (default /usr/lib/jvm/temurin-25-jdk-amd64) builds and runs the JVM servers;
# E2_JVM_OPTS (default "-Xms256m -Xmx256m -XX:+UseSerialGC") for every JVM server; PYTHON (default python3) for
# asyncio; UVLOOP_PYTHON (default /usr/bin/python3, where Debian's python3-uvloop installs) for uvloop.
#
# Prints one table and writes it, with every wrk output and each server's log, to benchmarks/target/io-e2/. Any
# error (a wrong response, a non-2xx answer, a socket error, a server that died) is printed as ERROR while it
# happens and listed again under the table, and the script then exits with status 1. Every server is stopped at
# the end, also when the script is interrupted.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$ROOT/benchmarks/target/io-e2
BIN=$OUT/bin
JDK=${WEFT_BENCH_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JDK/bin/java
JVM_OPTS=${E2_JVM_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC}
PYTHON=${PYTHON:-python3}
UVLOOP_PYTHON=${UVLOOP_PYTHON:-/usr/bin/python3}
JAR=$ROOT/benchmarks/target/benchmarks.jar

SERVERS="c weft-streams weft-protocol netty-nio netty-epoll vthreads asyncio-streams asyncio-protocol uvloop-streams uvloop-protocol"
CONNS="50 500"
WARMUP=1
MEASURE=2
SERVER_WARMUP=2
ROUNDS=1
BUILD=1

usage() { sed -n '2,31p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --servers) SERVERS=$2; shift ;;
        --conns) CONNS=$2; shift ;;
        --warmup) WARMUP=$2; shift ;;
        --measure) MEASURE=$2; shift ;;
        --server-warmup) SERVER_WARMUP=$2; shift ;;
        --rounds) ROUNDS=$2; shift ;;
        --no-build) BUILD=0 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-e2.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
# wrk takes whole seconds; the cells are numbered by round.
for v in "$WARMUP" "$MEASURE" "$SERVER_WARMUP" "$ROUNDS"; do
    [[ $v =~ ^[0-9]+$ ]] || { echo "run-e2.sh: durations and rounds are whole numbers, not $v" >&2; exit 2; }
done
[ "$MEASURE" -gt 0 ] && [ "$ROUNDS" -gt 0 ] || { echo "run-e2.sh: --measure and --rounds must be > 0" >&2; exit 2; }

START=$(date +%s)
log() { printf '[run-e2 %4ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
die() { echo "run-e2.sh: $*" >&2; exit 1; }
MAIN_CLASS=dev.weft.bench.io.HttpServer C_SERVER=http-server PY_SERVER=http_server.py
# shellcheck source=lib.sh
. "$HERE/lib.sh"

# The expected response, byte for byte (http-server.c, HttpServer.java and http_server.py each have it too).
RESPONSE='HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!'
RESPONSE_LEN=$(printf "$RESPONSE" | wc -c)

rm -rf "$OUT/wrk" "$OUT/logs"
mkdir -p "$OUT" "$BIN" "$OUT/logs" "$OUT/wrk"
printf "$RESPONSE" > "$OUT/expected-response"

# ------------------------------------------------------------------------------------------------ tools
for tool in wrk curl; do
    if ! command -v "$tool" > /dev/null; then
        log "$tool is missing: apt-get install -y $tool"
        apt-get install -y "$tool" > "$OUT/apt-$tool.log" 2>&1 \
            || { apt-get update > /dev/null 2>&1 && apt-get install -y "$tool" >> "$OUT/apt-$tool.log" 2>&1; } \
            || die "could not install $tool (log: $OUT/apt-$tool.log)"
    fi
done

# wrk prints nothing exact (its --latency lines are rounded, "2.16ms"); this script makes it print one line
# with the exact counts and the same latency histogram's percentiles, in microseconds. Defining only done()
# leaves wrk's request path as it is (no Lua per request or response).
cat > "$OUT/result.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d bytes=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
EOF

# ------------------------------------------------------------------------------------------------ build
if [ "$BUILD" = 1 ]; then
    log "building http-server (gcc -O2)"
    gcc -O2 -Wall -o "$BIN/http-server" "$HERE/http-server.c"
    build_jar "$SERVERS"
fi
[ -x "$BIN/http-server" ] || die "no $BIN/http-server: run without --no-build"
require_jar "$SERVERS"

# ------------------------------------------------------------------------------------------------ servers
WRK_PID=""
stop_server() {
    if [ -n "$WRK_PID" ]; then
        kill "$WRK_PID" 2>/dev/null || true
        wait "$WRK_PID" 2>/dev/null || true
        WRK_PID=""
    fi
    kill_server
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

start_server() { # name round -> sets SERVER_PID and PORT
    launch_server "$1" "$OUT/logs/$1.r$2.out" "$OUT/logs/$1.r$2.err"
}

ERRORS=$OUT/errors.txt
: > "$ERRORS"
error() { # what: printed now, listed again under the table
    log "ERROR: $*"
    echo "$*" >> "$ERRORS"
}

CLK_TCK=$(getconf CLK_TCK)
# The server's CPU time so far, user + system of all its threads, in clock ticks, into SERVER_TICKS. Read with
# builtins only: no process is started between the reading and wrk.
server_ticks() {
    local line rest
    local -a f
    read -r line < "/proc/$SERVER_PID/stat"
    rest=${line##*) }            # past "pid (comm) ", which may hold spaces; rest starts at field 3, the state
    read -r -a f <<< "$rest"
    SERVER_TICKS=$(( f[11] + f[12] ))   # fields 14 and 15: utime and stime
}


# Runs wrk against the server: run_wrk FILE CONNS SECONDS. Waits in the background (so that Ctrl-C stops it at
# once) and records the server's CPU ticks and this shell's children's CPU (wrk's, from `times`) around it.
run_wrk() {
    local file=$1 conns=$2 secs=$3
    times > "$file.times0"
    server_ticks; local t0=$SERVER_TICKS
    timeout $(( secs + 30 )) wrk -t1 -c"$conns" -d"$secs" --latency -s "$OUT/result.lua" \
        "http://127.0.0.1:$PORT/" > "$file" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || echo "wrk exit status $?" >> "$file"
    WRK_PID=""
    if kill -0 "$SERVER_PID" 2>/dev/null; then server_ticks; else SERVER_TICKS=$t0; fi
    times > "$file.times1"
    WRK_SERVER_US=$(( (SERVER_TICKS - t0) * 1000000 / CLK_TCK ))
    # `times`: the shell's own user and system time, then its children's; wrk is the only child waited for here.
    WRK_CPU_S=$(awk 'function s(x) { split(x, p, "m"); return p[1] * 60 + p[2] }   # "1m2.345s" -> 62.345
                     FNR == 2 { c[++i] = s($1) + s($2) } END { printf "%.3f", c[2] - c[1] }' \
                "$file.times0" "$file.times1")
    rm -f "$file.times0" "$file.times1"
    WRK_RESULT=$(grep -m1 '^RESULT' "$file" || true)
}

# The errors in the last wrk run, as "what=count ..." (empty: none); also checks that wrk read exactly the
# response bytes (a run ends with at most one response per connection partly read).
wrk_errors() { # conns
    local conns=$1 r=$WRK_RESULT msg="" k v requests bytes
    if [ -z "$r" ]; then echo "no-result"; return; fi
    for k in status connect read write timeout; do
        v=$(field "$k" "$r")
        [ "$v" = 0 ] || msg+="$k=$v "
    done
    requests=$(field requests "$r"); bytes=$(field bytes "$r")
    if [ "$requests" = 0 ] || [ "$bytes" -lt $(( requests * RESPONSE_LEN )) ] \
            || [ "$bytes" -gt $(( (requests + conns) * RESPONSE_LEN )) ]; then
        msg+="bytes=$bytes-for-$requests-requests "
    fi
    echo "${msg% }"
}

check_server() { # name round: curl's bytes and http_check.py
    local name=$1 round=$2 got=$OUT/logs/$1.r$2.curl
    if ! curl -s -S --max-time 5 -i --raw "http://127.0.0.1:$PORT/" > "$got" 2>> "$OUT/logs/$name.r$round.check"; then
        error "$name round $round: curl failed ($(tail -1 "$OUT/logs/$name.r$round.check"))"
        return 1
    fi
    if ! cmp -s "$got" "$OUT/expected-response"; then
        error "$name round $round: curl got a different response ($(wc -c < "$got") bytes, in $got)"
        return 1
    fi
    if ! "$PYTHON" "$HERE/http_check.py" 127.0.0.1 "$PORT" >> "$OUT/logs/$name.r$round.check" 2>&1; then
        error "$name round $round: http_check.py: $(tail -1 "$OUT/logs/$name.r$round.check")"
        return 1
    fi
    return 0
}

CELLS=$OUT/cells.txt     # one line per measured cell: round server conns req/s p50 p99 srv_us/req wrk_cpu% errors
RAW=$OUT/raw.txt
TABLE=$OUT/table.txt
{
    echo "# E2 HTTP/1.1 keep-alive hello world with wrk, $(date -u '+%Y-%m-%d %H:%M UTC'), warm-up ${WARMUP}s +" \
        "${MEASURE}s per cell, ${SERVER_WARMUP}s per server, $ROUNDS round(s)"
    echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(uname -sr)"
    echo "# $("$JAVA" -version 2>&1 | sed -n 2p); JVM options: $JVM_OPTS"
    echo "# $("$PYTHON" -c 'import sys; print("python", sys.version.split()[0])')" \
        "$("$UVLOOP_PYTHON" -c 'import sys, uvloop; print("/ uvloop", uvloop.__version__, "on python", sys.version.split()[0])' 2>/dev/null || echo '/ no uvloop')"
    echo "# $(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//'), wrk -t1 -cN -dS --latency"
    echo "# commit $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- . 2>/dev/null || echo ' (with local changes)')"
} > "$RAW"
: > "$CELLS"
: > "$OUT/rss.txt"

for round in $(seq "$ROUNDS"); do
    for server in $SERVERS; do
        tag="r$round $server"
        if ! start_server "$server" "$round"; then
            log "$tag: skipped (cannot run here)"
            echo "$round $server SKIPPED" >> "$CELLS"
            continue
        fi
        log "$tag: pid $SERVER_PID port $PORT"
        check_server "$server" "$round" && log "$tag: curl and http_check.py OK"
        if [ "$SERVER_WARMUP" != 0 ]; then
            f=$OUT/wrk/$server.r$round.server-warmup.txt
            run_wrk "$f" 50 "$SERVER_WARMUP"
            e=$(wrk_errors 50); [ -z "$e" ] || error "$tag server warm-up: $e (in $f)"
        fi
        for conns in $CONNS; do
            if [ "$WARMUP" != 0 ]; then
                f=$OUT/wrk/$server.r$round.c$conns.warmup.txt
                run_wrk "$f" "$conns" "$WARMUP"
                e=$(wrk_errors "$conns"); [ -z "$e" ] || error "$tag conns=$conns warm-up: $e (in $f)"
            fi
            f=$OUT/wrk/$server.r$round.c$conns.txt
            run_wrk "$f" "$conns" "$MEASURE"
            echo "$server round=$round conns=$conns $WRK_RESULT server_cpu_us=$WRK_SERVER_US wrk_cpu_s=$WRK_CPU_S" >> "$RAW"
            e=$(wrk_errors "$conns")
            [ -z "$e" ] || error "$tag conns=$conns: $e (in $f)"
            if ! kill -0 "$SERVER_PID" 2>/dev/null; then
                error "$tag died during conns=$conns (log: $OUT/logs/$server.r$round.err)"
            fi
            if [ -z "$WRK_RESULT" ]; then
                echo "$round $server $conns FAILED" >> "$CELLS"
                continue
            fi
            requests=$(field requests "$WRK_RESULT"); dur=$(field duration_us "$WRK_RESULT")
            p50=$(field p50_us "$WRK_RESULT"); p99=$(field p99_us "$WRK_RESULT")
            read -r rate cpu wpct < <(awk -v n="$requests" -v d="$dur" -v s="$WRK_SERVER_US" -v w="$WRK_CPU_S" \
                'BEGIN { printf "%.0f %.2f %.0f\n", n * 1e6 / d, n ? s / n : 0, 100 * w * 1e6 / d }')
            errs=$(( $(field status "$WRK_RESULT") ))/$(( $(field connect "$WRK_RESULT") + $(field read "$WRK_RESULT") \
                + $(field write "$WRK_RESULT") + $(field timeout "$WRK_RESULT") ))
            echo "$round $server $conns $rate $p50 $p99 $cpu $wpct $errs" >> "$CELLS"
            log "$tag conns=$conns: $rate req/s, p50 ${p50} us, p99 ${p99} us, server ${cpu} us/req, wrk cpu ${wpct}%, errors (non-2xx/socket) $errs"
        done
        hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER_PID/status" 2>/dev/null || echo '?')
        echo "$server round=$round peak_rss_mib=$hwm" >> "$RAW"
        echo "$server $hwm" >> "$OUT/rss.txt"
        stop_server
    done
done

# ------------------------------------------------------------------------------------------------ table
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v s="$1" -v c="$2" -v k="$3" '$2 == s && $3 == c && NF == 9 { print $k }' "$CELLS"; }
{
    sed -n '1,6p' "$RAW"
    echo
    if [ "$ROUNDS" -gt 1 ]; then echo "# median of $ROUNDS rounds per cell; srv_us range: min-max over the rounds"; fi
    printf '%-17s %6s %9s %9s %9s %10s %13s %7s %s\n' server conns req/s p50_us p99_us srv_us/req srv_us_range \
        wrk_cpu errors
    for server in $SERVERS; do
        if grep -q "^[0-9]* $server SKIPPED" "$CELLS"; then
            printf '%-17s %s\n' "$server" "SKIPPED (cannot run here; see $OUT/logs/$server.r*.err)"
            continue
        fi
        for conns in $CONNS; do
            n=$(col "$server" "$conns" 1 | wc -l)
            if [ "$n" = 0 ]; then
                printf '%-17s %6s %s\n' "$server" "$conns" "FAILED (see $OUT/wrk/$server.r*.c$conns.txt)"
                continue
            fi
            rate=$(col "$server" "$conns" 4 | median); p50=$(col "$server" "$conns" 5 | median)
            p99=$(col "$server" "$conns" 6 | median); cpu=$(col "$server" "$conns" 7 | median)
            lo=$(col "$server" "$conns" 7 | sort -g | head -1); hi=$(col "$server" "$conns" 7 | sort -g | tail -1)
            wpct=$(col "$server" "$conns" 8 | median)
            # errors: summed over the rounds, non-2xx responses / socket errors (connect+read+write+timeout)
            errs=$(col "$server" "$conns" 9 | awk -F/ '{ a += $1; b += $2 } END { print a "/" b }')
            [ "$n" = "$ROUNDS" ] || errs="$errs ($n of $ROUNDS rounds)"
            printf '%-17s %6s %9.0f %9.0f %9.0f %10.2f %13s %6.0f%% %s\n' "$server" "$conns" "$rate" "$p50" "$p99" \
                "$cpu" "$lo-$hi" "$wpct" "$errs"
        done
    done
    echo
    echo "req/s and p50/p99 (wrk's latency histogram, us): wrk -t1 -cN over the measured run. srv_us/req: the"
    echo "server process's CPU time (all its threads, user + system, /proc/PID/stat) from right before to right after"
    echo "that run, per request. wrk_cpu: wrk's own CPU over the run (near 100% = wrk, not the server, may be the"
    echo "limit). errors: non-2xx responses / socket errors (connect, read, write, timeout)."
    echo
    awk '{ if (!($1 in m) || $2 > m[$1]) m[$1] = $2; if (!($1 in o)) { o[$1] = NR; n[NR] = $1 } }
         END { for (i = 1; i <= NR; i++) if (i in n) printf "%-17s peak RSS %s MiB\n", n[i], m[n[i]] }' "$OUT/rss.txt"
    if [ -s "$ERRORS" ]; then
        echo
        echo "!!! ERRORS ($(wc -l < "$ERRORS")):"
        sed 's/^/!!!   /' "$ERRORS"
    else
        echo
        echo "no errors: every response checked by curl and http_check.py, no non-2xx, no socket errors"
    fi
} > "$TABLE"
cat "$TABLE"
log "done: $TABLE, raw $RAW, wrk outputs $OUT/wrk/"
[ ! -s "$ERRORS" ] || { log "there were ERRORS, see above"; exit 1; }
