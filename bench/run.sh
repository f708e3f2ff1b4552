#!/usr/bin/env bash
# Runs the standard fan-out scenarios against huiwu-server (bench/fanout.mjs) and
# writes the results to bench/results/<UTC time>/ (ignored by git).
#
# Starts one private redis-server (Debian's) on a free port with its data in a temp
# dir and the production persistence setting (--appendonly yes --appendfsync always,
# docs/decisions/0003), and a fresh huiwu-server (or two) per scenario, on free
# ports, all on 127.0.0.1. The server binary is copied into the temp dir first, so
# a rebuild during the run does not change what is measured. Everything it starts is
# stopped by PID on exit (trap).
#
# Usage: bench/run.sh [options]
#   --scenarios a,b,c,d     which scenarios (default a,b,c,d); see below
#   --duration-scale X      multiply every duration by X (0.5 = a quick pass)
#   --repeat K              run every scenario K times (default 1)
#   --procs P               client worker processes (default 1)
#   --format json|binary    wire encoding of every client (default json)
#   --change edit_item|control_timer   the change the writers send (default edit_item)
#   --threads N             huiwu-server --threads (default 0 = one per core)
#   --server-bin PATH       default build/service/huiwu-server
#   --out DIR               default bench/results/<UTC time>
#   --fanout-flags "..."    extra flags for every fanout.mjs run (split on whitespace)
#   --appendfsync always|everysec   redis fsync policy (default always, the production
#                           setting; everysec only to see what the fsync costs)
#   --server-env VAR=VALUE  environment for the huiwu-server processes (repeatable), e.g.
#                           LD_PRELOAD=/path/shim.so for an experiment; recorded in machine.txt
#
# Scenarios (the same shapes as the peer harness in shared/bench/peers):
#   a   1 meeting  x   50 viewers, 20 changes/s, 20 s
#   b  20 meetings x   25 viewers, 10 changes/s per meeting, 20 s
#   c   1 meeting  x 1000 viewers,  5 changes/s, 15 s
#   d  = b on 2 instances sharing the Redis: writer of meeting r on instance r%2,
#        viewer j of every meeting on instance j%2
#   g  (extra, stress) 20 meetings x 25 viewers, 80 changes/s per meeting, 15 s
#        (40 000 deliveries/s): on 2 shared cores the client saturates first
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(dirname "$0")"
BENCH="$(pwd)"
ROOT="$(cd .. && pwd)"

SCENARIOS="a,b,c,d"
SCALE=1
REPEAT=1
PROCS=1
FORMAT=json
CHANGE=edit_item
THREADS=0
SERVER_BIN="$ROOT/build/service/huiwu-server"
OUT=""
FANOUT_FLAGS=""
SERVER_ENV=()
FSYNC=always
while [ $# -gt 0 ]; do
  case "$1" in
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --duration-scale) SCALE="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --procs) PROCS="$2"; shift 2 ;;
    --format) FORMAT="$2"; shift 2 ;;
    --change) CHANGE="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --server-bin) SERVER_BIN="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --fanout-flags) FANOUT_FLAGS="$2"; shift 2 ;;
    --server-env) SERVER_ENV+=("$2"); shift 2 ;;
    --appendfsync) FSYNC="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (--help)" >&2; exit 2 ;;
  esac
done

[ -x "$SERVER_BIN" ] || { echo "no server binary at $SERVER_BIN: cmake --build build -j2 --target huiwu-server" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install redis-server" >&2; exit 1; }
command -v redis-cli >/dev/null || { echo "redis-cli missing: apt-get install redis-tools" >&2; exit 1; }
[ -d node_modules/ws ] || { echo "node_modules missing: (cd bench && npm ci)" >&2; exit 1; }

OUT="${OUT:-$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
TMP="$(mktemp -d /tmp/huiwu-bench.XXXXXX)"
STARTED_PIDS=()
SERVER_PID_LIST=()
REDIS_PID=""

cleanup() {
  stop_started
  cp "$TMP/redis/redis.log" "$OUT/redis.log" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_servers N -> SERVER_PIDS (comma list), URLS (comma list), SERVER_PID_LIST
start_servers() { # (bench/lib.sh's start_huiwu; HUIWU_TOKEN exported: one bench account)
  local p
  HUIWU_SERVER_ENV=("${SERVER_ENV[@]}")
  start_huiwu "$TMP/huiwu-server" "$1" --threads "$THREADS"
  SERVER_PID_LIST=("${HUIWU_PIDS[@]}")
  SERVER_PIDS="$(IFS=,; echo "${HUIWU_PIDS[*]}")"
  URLS=""
  for p in "${HUIWU_PORTS[@]}"; do URLS="${URLS:+$URLS,}ws://127.0.0.1:$p/ws"; done
}

stop_servers() { # label
  local pid f
  for pid in "${SERVER_PID_LIST[@]}"; do stop_pid "$pid"; done
  for f in "$TMP"/server-*.log; do
    [ -f "$f" ] || continue
    { echo "--- scenario $1, $(basename "$f")"; cat "$f"; } >> "$OUT/server-logs.txt"
    rm -f "$f"
  done
}

dur() { node -e "console.log(Math.max(1, Math.round($1 * $SCALE)))"; }

run_scenario() { # label instances meetings viewers rate duration
  local label="$1" n="$2" meetings="$3" viewers="$4" rate="$5" d
  d="$(dur "$6")"
  start_servers "$n"
  echo ">>> $label: $meetings meeting(s) x $viewers viewers, $rate changes/s, ${d}s, $n instance(s), $FORMAT, $CHANGE" >&2
  # shellcheck disable=SC2086
  if ! timeout $((d + 300)) node "$BENCH/fanout.mjs" --label "$label" --url "$URLS" \
      --server-pids "$SERVER_PIDS" --redis-pids "$REDIS_PID" --clk-tck "$(getconf CLK_TCK)" \
      --meetings "$meetings" --viewers "$viewers" --rate "$rate" --duration "$d" \
      --procs "$PROCS" --format "$FORMAT" --change "$CHANGE" $FANOUT_FLAGS > "$TMP/line.json"; then
    echo "{\"label\":\"$label\",\"failed\":true}" > "$TMP/line.json"
  fi
  cat "$TMP/line.json" >> "$RESULTS"
  stop_servers "$label"
}

machine_info() {
  {
    echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "mem_total: $(grep MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}')"
    echo "kernel: $(uname -r)"
    echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "node: $(node --version)"
    echo "redis: $(redis-server --version | cut -d' ' -f3 | cut -d= -f2), appendonly yes, appendfsync $FSYNC, data dir on $(df -T "$TMP" | awk 'NR==2{print $2" ("$1")"}')"
    echo "server_binary: $SERVER_BIN (sha256 $(sha256sum "$SERVER_BIN" | cut -c1-16), built $(date -u -r "$SERVER_BIN" +%Y-%m-%dT%H:%M:%SZ))"
    echo "build_type: $(grep -s '^CMAKE_BUILD_TYPE' "$(dirname "$(dirname "$SERVER_BIN")")/CMakeCache.txt" | cut -d= -f2)"
    echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && echo ' (work tree has changes)')"
    echo "server_threads: $THREADS (0 = one per core)"
    echo "server_env: ${SERVER_ENV[*]:-(none)}"
    echo "client: procs $PROCS, format $FORMAT, change $CHANGE, duration scale $SCALE"
    echo "loadavg_at_start: $(cat /proc/loadavg)"
  } > "$OUT/machine.txt"
}

cp "$SERVER_BIN" "$TMP/huiwu-server"
APPENDFSYNC="$FSYNC" start_redis
machine_info
cat "$OUT/machine.txt" >&2
T_START=$(date +%s)
for rep in $(seq 1 "$REPEAT"); do
  IFS=',' read -ra LIST <<< "$SCENARIOS"
  for s in "${LIST[@]}"; do
    case "$s" in
      a) run_scenario a 1 1 50 20 20 ;;
      b) run_scenario b 1 20 25 10 20 ;;
      c) run_scenario c 1 1 1000 5 15 ;;
      d) run_scenario d 2 20 25 10 20 ;;
      g) run_scenario g 1 20 25 80 15 ;;
      *) echo "unknown scenario $s" >&2 ;;
    esac
  done
done
echo "loadavg_at_end: $(cat /proc/loadavg)" >> "$OUT/machine.txt"
echo "total run time: $(( $(date +%s) - T_START )) s" >&2
node "$BENCH/summarize.mjs" "$RESULTS" | tee "$OUT/summary.md"
echo "results: $OUT" >&2
