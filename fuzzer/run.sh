#!/usr/bin/env bash
# Runs the Weft differential fuzzer from the command line: builds what it needs, then runs
# dev.weft.fuzzer.FuzzMain with the given options. See README.md beside this file.
#
#   fuzzer/run.sh --programs 5000 [--seed N] [--jobs 2] [--without sync-finally-await,...]
#
# Set WEFT_FUZZ_NO_BUILD=1 to reuse the last build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
if [ -z "${WEFT_FUZZ_NO_BUILD:-}" ]; then
  # The reactor packages the runtime, annotations and transformer (the javaagent must be a jar) and
  # writes the fuzzer's class path to target/fuzzer.classpath.
  (cd "$root" && mvn -B -q package -DskipTests -pl fuzzer -am)
fi
cp="$(cat "$here/target/fuzzer.classpath")"
jar_of() { tr ':' '\n' <<<"$cp" | grep "/$1-[^/]*\.jar$" | head -n 1; }
cd "$here"
exec java \
  -Dweft.fuzzer.runtime="$(jar_of weft-runtime)" \
  -Dweft.fuzzer.annotations="$(jar_of weft-annotations)" \
  -Dweft.fuzzer.agent="$(jar_of weft-transformer)" \
  -Dweft.fuzzer.jdk25="${WEFT_FUZZ_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}" \
  -cp "$here/target/classes:$cp" dev.weft.fuzzer.FuzzMain "$@"
