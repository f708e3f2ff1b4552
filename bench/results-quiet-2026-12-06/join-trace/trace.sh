#!/usr/bin/env bash
# trace.sh huiwu|relay-cpp N [OUTDIR]: N joins into a 100k room on an instrumented build
# (build-trace/, see README.md), then align.mjs. PIN=1: client on CPU 0, server (+ Redis) on
# CPU 1. RENICE=-3: the server's threads at that nice level. HUIWU_SERVER_ENV="HX_NOAUDIT=1"
# etc.: the variations the patch carries.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../../.." && pwd)"
. "$ROOT/bench/lib.sh"
TMP=$(mktemp -d); STARTED_PIDS=(); trap 'stop_started; rm -rf $TMP' EXIT
S=$1; N=${2:-200}; OUTD=${3:-/tmp}
CLIENT=(); [ -n "${PIN:-}" ] && CLIENT=(taskset -c 0)
if [ "$S" = huiwu ]; then
  start_redis
  HUIWU_SERVER_ENV=(${HUIWU_SERVER_ENV:-}); start_huiwu "$ROOT/build-trace/service/huiwu-server" 1 --max-requests-per-second 100000
  [ -n "${PIN:-}" ] && { taskset -a -p -c 1 "${HUIWU_PIDS[0]}" >/dev/null; taskset -a -p -c 1 "$REDIS_PID" >/dev/null; }
  URL=ws://127.0.0.1:${HUIWU_PORTS[0]}/ws; LOG=$TMP/server-1.log
else
  P=$(free_port); "$ROOT/build-trace/bench/relay-cpp/huiwu_relay_cpp" --listen 127.0.0.1:$P > "$TMP/relay.log" 2>&1 & STARTED_PIDS+=($!)
  [ -n "${PIN:-}" ] && taskset -a -p -c 1 "${STARTED_PIDS[0]}" >/dev/null
  sleep 0.5; URL=ws://127.0.0.1:$P/ws; LOG=$TMP/relay.log
fi
if [ -n "${RENICE:-}" ]; then  # every thread of the server
  for p in ${HUIWU_PIDS[@]+"${HUIWU_PIDS[@]}"} ${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}; do
    for t in /proc/$p/task/*; do renice -n "$RENICE" -p "${t##*/}" >/dev/null; done
  done
fi
HUIWU_BENCH_FORMAT=binary ${CLIENT[@]+"${CLIENT[@]}"} node "$HERE/joinlat.mjs" "$URL" "$N" "$OUTD/client-$S.json"
cp "$LOG" "$OUTD/server-$S.log"
node "$HERE/align.mjs" "$OUTD/client-$S.json" "$OUTD/server-$S.log"
