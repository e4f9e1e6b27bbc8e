# What run-e1.sh, run-e2.sh and run-e3.sh share: building, starting and stopping a server, reading a field of a
# RESULT line. Sourced, not run. The script sets, before sourcing: ROOT HERE OUT BIN JDK JAVA JVM_OPTS JAR PYTHON
# UVLOOP_PYTHON, and its own servers: MAIN_CLASS (the JVM servers' main class in benchmarks.jar), C_SERVER (the C
# server's binary in $BIN) and PY_SERVER (the Python server in $HERE); it defines log and die.

SERVER_PID=""

# The command that runs server NAME on 127.0.0.1 with an ephemeral port; empty if it cannot run here.
server_cmd() {
    local java="$JAVA $JVM_OPTS"
    case "$1" in
        c) echo "$BIN/$C_SERVER 127.0.0.1 0" ;;
        weft-*) echo "$java -cp $JAR $MAIN_CLASS $1 127.0.0.1 0" ;;
        # Netty 4.2 on JDK 24+ leaves sun.misc.Unsafe alone unless allowed; without it NIO at 16 KiB ran at a tenth
        # of its speed here (64 us of CPU per message instead of 9), so both Netty servers get it, as Netty advises.
        netty-nio|netty-epoll) echo "$java --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -cp $JAR $MAIN_CLASS $1 127.0.0.1 0" ;;
        vthreads) echo "$java -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1 -cp $JAR $MAIN_CLASS vthreads 127.0.0.1 0" ;;
        asyncio-streams) echo "$PYTHON $HERE/$PY_SERVER streams 127.0.0.1 0" ;;
        asyncio-protocol) echo "$PYTHON $HERE/$PY_SERVER protocol 127.0.0.1 0" ;;
        uvloop-streams|uvloop-protocol)
            if "$UVLOOP_PYTHON" -c 'import uvloop' 2>/dev/null; then
                echo "$UVLOOP_PYTHON $HERE/$PY_SERVER ${1#uvloop-} --uvloop 127.0.0.1 0"
            fi ;;
        *) die "unknown server $1" ;;
    esac
}

# Starts server NAME with its stdout in OUT_FILE and stderr in ERR_FILE; sets SERVER_PID and PORT (from its
# "READY <port>" line). Returns 1, with the server stopped, if it cannot run here or does not start within 10 s.
launch_server() { # name out_file err_file
    local name=$1 out=$2 err=$3 cmd
    cmd=$(server_cmd "$name")
    [ -n "$cmd" ] || return 1
    # shellcheck disable=SC2086  # the command is words on purpose
    $cmd > "$out" 2> "$err" &
    SERVER_PID=$!
    PORT=""
    for _ in $(seq 200); do
        PORT=$(awk '/^READY/ {print $2; exit}' "$out" 2>/dev/null)
        [ -n "$PORT" ] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    log "$name did not start: $(tail -3 "$err" | tr '\n' ' ')"
    kill_server
    return 1
}

# Stops the server: TERM, up to 5 s, then KILL.
kill_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

# Builds benchmarks.jar when one of SERVERS runs on the JVM: a reactor build only (never mvn install, the local
# repository is shared), offline.
build_jar() { # servers
    local s needs_jar=0
    for s in $1; do case "$s" in weft-*|netty-*|vthreads) needs_jar=1 ;; esac; done
    [ "$needs_jar" = 1 ] || return 0
    log "building benchmarks.jar (mvn -o package -pl annotations,weaver,runtime,transformer,benchmarks -am, JDK $JDK)"
    if ! (cd "$ROOT" && JAVA_HOME=$JDK mvn -B -o -q -DskipTests package \
            -pl annotations,weaver,runtime,transformer,benchmarks -am) > "$OUT/build.log" 2>&1; then
        tail -30 "$OUT/build.log" >&2
        die "the Maven build failed (log: $OUT/build.log; if Netty is not in ~/.m2 yet, run the same mvn once without -o)"
    fi
}

# Whether benchmarks.jar is there for the JVM servers among SERVERS.
require_jar() { # servers
    local s
    for s in $1; do
        case "$s" in weft-*|netty-*|vthreads) [ -f "$JAR" ] || die "no $JAR: run without --no-build" ;; esac
    done
}

field() { # key line: the value of key=value in a RESULT line
    sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $2"
}
