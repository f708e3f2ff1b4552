#!/usr/bin/env bash
# Huiwu side by side with the peer (Hocuspocus, shared/bench/peers), in ONE session on
# this machine: the peer's own run-hocuspocus.sh for Hocuspocus (and the relay floor), and
# the same load.mjs scenarios for huiwu-server through bench/huiwu-client.mjs
# (--client-module). Scenarios run interleaved (for each repeat, for each scenario, every
# server in turn), so that the machine's drift hits all of them alike.
#
# For Huiwu every scenario gets a fresh private redis-server (appendonly yes, appendfsync
# always: every keystroke operation is fsynced before it is acknowledged or broadcast) and
# fresh huiwu-server(s), on free ports of 127.0.0.1; the server binary is copied first, so
# a rebuild during the run changes nothing. The peer runs exactly as its README says
# (stock Hocuspocus, its private Redis on 6390 without persistence, ports 14100+).
# Everything started here is stopped by PID on exit.
#
# The peer harness directory is read-only in the shared tree: copy it and install there,
#   cp -r /work/shared/bench/peers /tmp/peers && chmod -R u+w /tmp/peers && (cd /tmp/peers && ./install.sh)
#
# Usage: bench/run-peers.sh [options]
#   --peers DIR            the writable copy of the peer harness (default /tmp/peers)
#   --scenarios LIST       a,b,c,d,e,ew (default); ew = e with --history-window 5000 (the
#                          "burst" the peer README suggests trying)
#   --servers LIST         hocuspocus,relay,huiwu (default). relay = the calibration floor
#                          (a,b,c,e only). hocuspocus ew is skipped unless --peer-burst.
#                          relay-cpp = the C++ floor (bench/relay-cpp: Beast, no storage),
#                          driven by huiwu-client.mjs in each of --formats (a,b,c,e only);
#                          build it first: HUIWU_BUILD_TARGET=huiwu_relay_cpp deploy/build.sh
#   --formats LIST         huiwu wire formats: binary (default), json, or binary,json
#   --repeat K             (default 1)
#   --duration-scale X     multiply fan-out durations by X
#   --peer-burst           also run ew against Hocuspocus (its README measured ~10 s of CPU
#                          for a 20k-update burst; 100k may hit the 300 s limit)
#   --server-bin PATH      default build/service/huiwu-server
#   --server-args "..."    extra huiwu-server flags (split on whitespace), e.g. "--threads 1"
#   --relay-cpp-bin PATH   default build/bench/relay-cpp/huiwu_relay_cpp
#   --tag NAME             appended to Huiwu's server name in the results (huiwu-binary-NAME),
#                          to tell a variation from the main runs
#   --out DIR              default bench/results/<UTC time>-peers
#   --appendfsync MODE     Huiwu's Redis: always (default: every edit fsynced before its ack,
#                          as in production) or everysec/no, a variation that shows what the
#                          fsync costs in latency (use with --tag)
#   --joiners N            joins measured in e/ew (default 10, the peer harness's; every
#                          server gets the same N, the peer through its load.mjs flags)
#   --pin                  the load generator on CPU 0, every server and its Redis on CPU 1,
#                          so that client and server never share a core (on this 2-core
#                          machine the kernel otherwise often wakes a server's thread on the
#                          client's busy core and the two take turns: docs/performance.md,
#                          the join). Same for every server; written in machine.txt
#   --perf SECONDS         also profile the servers (fan-out scenarios): linux-perf samples
#                          every server process for SECONDS from 4 s after the load starts
#                          (setup done), flat (no call graphs); the top of each profile, by
#                          shared object and by symbol, goes to profile-<server>-<scen>.txt
#
# Output: results.jsonl (load.mjs's JSON lines plus rep, loadavg before/after, and for
# Huiwu the server's /metrics counters), machine.txt, server-logs.txt, summary.md
# (bench/compare.mjs).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(dirname "$0")"
BENCH="$(pwd)"
ROOT="$(cd .. && pwd)"

PEERS=/tmp/peers
SCENARIOS="a,b,c,d,e,ew"
SERVERS="hocuspocus,relay,huiwu"
FORMATS="binary"
REPEAT=1
SCALE=1
PEER_BURST=0
SERVER_BIN="$ROOT/build/service/huiwu-server"
SERVER_ARGS=""
RELAY_CPP_BIN="$ROOT/build/bench/relay-cpp/huiwu_relay_cpp"
TAG=""
OUT=""
PERF_S=0
APPENDFSYNC=always
JOINERS=10
PIN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --peers) PEERS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --formats) FORMATS="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --duration-scale) SCALE="$2"; shift 2 ;;
    --peer-burst) PEER_BURST=1; shift ;;
    --server-bin) SERVER_BIN="$2"; shift 2 ;;
    --server-args) SERVER_ARGS="$2"; shift 2 ;;
    --relay-cpp-bin) RELAY_CPP_BIN="$2"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --perf) PERF_S="$2"; shift 2 ;;
    --appendfsync) APPENDFSYNC="$2"; shift 2 ;;
    --joiners) JOINERS="$2"; shift 2 ;;
    --pin) PIN=1; shift ;;
    -h|--help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (--help)" >&2; exit 2 ;;
  esac
done

use_peers "$PEERS"
[ -d "$PEERS/node_modules/@hocuspocus/server" ] || { echo "run ./install.sh in $PEERS first" >&2; exit 1; }
[ -w "$PEERS" ] || { echo "$PEERS is not writable: copy the harness first" >&2; exit 1; }
[ -x "$SERVER_BIN" ] || { echo "no server binary at $SERVER_BIN" >&2; exit 1; }
[ -d "$BENCH/node_modules/protobufjs" ] || { echo "(cd bench && npm ci) first" >&2; exit 1; }
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || { echo "redis-server/redis-cli missing" >&2; exit 1; }

OUT="${OUT:-$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)-peers}"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
TMP="$(mktemp -d /tmp/huiwu-peers.XXXXXX)"
STARTED_PIDS=()

cleanup() {
  stop_started
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dur() { node -e "console.log(Math.max(1, Math.round($1 * $SCALE)))"; }

# --pin: CLIENT_CPU prefixes every load generator; pin_servers PID... moves a server (all its
# threads) or a Redis to CPU 1. The peer's script starts its own servers and Redis, so
# pin_peer_start watches for them while it runs (pin_peer_stop ends the watch).
CLIENT_CPU=()
[ "$PIN" = 1 ] && CLIENT_CPU=(taskset -c 0)
pin_servers() {
  [ "$PIN" = 1 ] || return 0
  local pid
  for pid in "$@"; do taskset -a -p -c 1 "$pid" > /dev/null 2>&1 || true; done
}
pin_peer_start() {
  PIN_JOB=""
  [ "$PIN" = 1 ] || return 0
  # The watcher runs on the client's core, pins each server and Redis once, and stops 2 s
  # after the first server appeared (the peer's script starts them all before its load):
  # a watcher polling through the whole run would itself take turns with what it measures.
  (
    local seen=" " p t_first=""
    for _ in $(seq 1 1200); do
      for p in $(pgrep -f 'hocuspocus-server.mjs|relay-baseline.mjs' || true) \
               $(pgrep -f 'redis-server (127.0.0.1:16390|.*--port 16390)' || true); do
        case "$seen" in *" $p "*) continue ;; esac
        pin_servers "$p"; seen="$seen$p "
        [ -n "$t_first" ] || t_first=$SECONDS
      done
      [ -n "$t_first" ] && [ $(( SECONDS - t_first )) -ge 2 ] && break
      sleep 0.05
    done
  ) &
  PIN_JOB=$!
  taskset -p -c 0 "$PIN_JOB" > /dev/null 2>&1 || true
}
pin_peer_stop() {
  [ -n "${PIN_JOB:-}" ] || return 0
  kill "$PIN_JOB" 2>/dev/null || true
  wait "$PIN_JOB" 2>/dev/null || true
  PIN_JOB=""
}

# append_lines FILE SERVER_NAME LABEL REP LA_BEFORE LA_AFTER [METRICS_FILE]: the JSON lines
# of FILE, with the run's context added, go to results.jsonl.
append_lines() {
  node -e '
    const fs = require("fs");
    const [file, server, label, rep, la0, la1, metricsFile] = process.argv.slice(1);
    let metrics = null;
    if (metricsFile && fs.existsSync(metricsFile)) metrics = JSON.parse(fs.readFileSync(metricsFile, "utf8"));
    const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim().startsWith("{")) : [];
    if (!lines.length) lines.push(JSON.stringify({ label, failed: true }));
    for (const l of lines) {
      const r = JSON.parse(l);
      r.label = label;
      r.server = server;
      r.rep = Number(rep);
      r.loadavg_before = la0;
      r.loadavg_after = la1;
      if (metrics) r.huiwu_metrics = metrics;
      fs.appendFileSync(process.argv[8], JSON.stringify(r) + "\n");
    }' "$1" "$2" "$3" "$4" "$5" "$6" "${7:-}" "$RESULTS"
}

# cpu_split SERVER LABEL REP PID...: user and system CPU seconds over the servers' whole
# lifetime (setup included), to cpu-split.jsonl: how much of a delivery's cost is the kernel's.
cpu_split() {
  local server="$1" label="$2" rep="$3" pid u=0 s=0 f
  shift 3
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    f="$(sed 's/^.*) //' "/proc/$pid/stat")"
    u=$(( u + $(echo "$f" | cut -d' ' -f12) )); s=$(( s + $(echo "$f" | cut -d' ' -f13) ))
  done
  echo "{\"server\":\"$server\",\"label\":\"$label\",\"rep\":$rep,\"utime_s\":$(awk "BEGIN{print $u/$(getconf CLK_TCK)}"),\"stime_s\":$(awk "BEGIN{print $s/$(getconf CLK_TCK)}")}" >> "$OUT/cpu-split.jsonl"
}

# perf_start NAME SCEN PIDS_COMMA_OR_PATTERN: in the background, after 4 s, sample those
# processes for PERF_S seconds (a pattern starting with "pgrep:" is looked up then: the peer's
# servers are started by its own script). perf_finish writes the report.
perf_start() {
  PERF_JOB=""
  [ "$PERF_S" != 0 ] || return 0
  local name="$1" scen="$2" pids="$3"
  case "$scen" in a|b|c|d) ;; *) return 0 ;; esac
  PERF_FILE="$OUT/perf-$name-$scen.data"
  PERF_NAME="$name"; PERF_SCEN="$scen"
  (
    sleep 4
    if [ "${pids#pgrep:}" != "$pids" ]; then pids="$(pgrep -d, -f "${pids#pgrep:}" || true)"; fi
    [ -n "$pids" ] && perf record -q -F 1999 -p "$pids" -o "$PERF_FILE" -- sleep "$PERF_S" > /dev/null 2>&1
  ) &
  PERF_JOB=$!
}
perf_finish() {
  [ -n "${PERF_JOB:-}" ] || return 0
  wait "$PERF_JOB" 2>/dev/null || true
  PERF_JOB=""
  [ -s "$PERF_FILE" ] || return 0
  {
    echo "# $PERF_NAME $PERF_SCEN: $PERF_S s from 4 s after the load started (perf record -F 1999, flat)"
    perf report -i "$PERF_FILE" --stdio --sort dso --percent-limit 1 2>/dev/null | grep -v '^$'
    perf report -i "$PERF_FILE" --stdio --sort dso,sym --percent-limit 0.8 2>/dev/null | grep -v '^$' | head -60
  } > "$OUT/profile-$PERF_NAME-$PERF_SCEN.txt"
  rm -f "$PERF_FILE"
}

# --- the peer, through its own script ------------------------------------------------------
run_peer() { # server(hocuspocus|relay) scenario rep
  local srv="$1" scen="$2" rep="$3" pscen="$2" flags="" la0 la1
  if [ "$scen" = ew ]; then pscen=e; flags="--history-window 5000"; fi
  case "$pscen" in e) flags="${flags:+$flags }--joiners $JOINERS" ;; esac
  rm -rf "$TMP/peer-out"
  la0="$(loadavg)"
  echo ">>> [$rep] $srv $scen (load $la0)" >&2
  [ "$srv" = hocuspocus ] && perf_start "$srv" "$scen" "pgrep:hocuspocus-server.mjs"
  pin_peer_start
  (cd "$PEERS" && ${CLIENT_CPU[@]+"${CLIENT_CPU[@]}"} ./run-hocuspocus.sh --server "$srv" --scenarios "$pscen" \
      --duration-scale "$SCALE" --out "$TMP/peer-out" ${flags:+--load-flags "$flags"}) > "$TMP/peer.log" 2>&1 || true
  pin_peer_stop
  la1="$(loadavg)"
  perf_finish
  grep -v '^{' "$TMP/peer.log" | grep -iE 'error|fail|warn' | grep -v EBADENGINE | head -5 >&2 || true
  if [ -f "$TMP/peer-out/server-logs.txt" ]; then
    { echo "--- $srv $scen rep $rep"; cat "$TMP/peer-out/server-logs.txt"; } >> "$OUT/server-logs.txt"
  fi
  append_lines "$TMP/peer-out/results.jsonl" "$srv" "$scen" "$rep" "$la0" "$la1"
}

# --- Huiwu: private Redis (fsync always) and fresh server(s) per scenario -------------------
start_servers() { # n -> SERVER_PIDS, URLS, SERVER_PID_LIST, PORT_LIST (bench/lib.sh)
  local i
  # shellcheck disable=SC2086
  start_huiwu "$TMP/huiwu-server" "$1" $SERVER_ARGS
  SERVER_PID_LIST=("${HUIWU_PIDS[@]}"); PORT_LIST=("${HUIWU_PORTS[@]}")
  SERVER_PIDS="$(IFS=,; echo "${HUIWU_PIDS[*]}")"
  URLS=""
  for i in "${HUIWU_PORTS[@]}"; do URLS="${URLS:+$URLS,}ws://127.0.0.1:$i/ws"; done
}

# The servers' counters that say whether anything went wrong: summed over instances.
collect_metrics() { # file
  local port
  : > "$TMP/metrics.txt"
  for port in "${PORT_LIST[@]}"; do curl -sf "http://127.0.0.1:$port/metrics" >> "$TMP/metrics.txt" || true; done
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
    const out = { commands: {}, errors: {}, slow_consumers_dropped: 0, frames_out: 0, frames_in: 0, redis_rtt_s_sum: 0, redis_rtt_count: 0 };
    for (const l of lines) {
      let m;
      if ((m = l.match(/^huiwu_commands_total\{kind="(\w+)"\} (\S+)/))) out.commands[m[1]] = (out.commands[m[1]] || 0) + Number(m[2]);
      else if ((m = l.match(/^huiwu_errors_total\{code="(\w+)"\} (\S+)/))) out.errors[m[1]] = (out.errors[m[1]] || 0) + Number(m[2]);
      else if ((m = l.match(/^huiwu_slow_consumers_dropped_total (\S+)/))) out.slow_consumers_dropped += Number(m[1]);
      else if ((m = l.match(/^huiwu_frames_out_total (\S+)/))) out.frames_out += Number(m[1]);
      else if ((m = l.match(/^huiwu_frames_in_total (\S+)/))) out.frames_in += Number(m[1]);
      else if ((m = l.match(/^huiwu_redis_rtt_seconds_sum (\S+)/))) out.redis_rtt_s_sum += Number(m[1]);
      else if ((m = l.match(/^huiwu_redis_rtt_seconds_count (\S+)/))) out.redis_rtt_count += Number(m[1]);
    }
    out.redis_rtt_mean_ms = out.redis_rtt_count ? Math.round((1e6 * out.redis_rtt_s_sum) / out.redis_rtt_count) / 1000 : null;
    require("fs").writeFileSync(process.argv[2], JSON.stringify(out));' "$TMP/metrics.txt" "$1"
}

stop_huiwu() { # label
  local pid f
  for pid in "${SERVER_PID_LIST[@]}"; do stop_pid "$pid"; done
  stop_pid "$REDIS_PID"
  for f in "$TMP"/server-*.log; do
    [ -f "$f" ] || continue
    # Keep the log when it has more than the routine lines (JSON lines: "msg":"...").
    if grep -qvE '"msg":"(listening|redis connected|shutting down|stopped)"' "$f"; then
      { echo "--- huiwu $1, $(basename "$f")"; cat "$f"; } >> "$OUT/server-logs.txt"
    fi
    rm -f "$f"
  done
}

run_huiwu() { # format scenario rep
  local fmt="$1" scen="$2" rep="$3" n=1 la0 la1 args=() limit name="huiwu-$1${TAG:+-$TAG}"
  case "$scen" in
    a) args=(--rooms 1 --viewers 50 --rate 20 --duration "$(dur 20)") ;;
    b) args=(--rooms 20 --viewers 25 --rate 10 --duration "$(dur 20)") ;;
    c) args=(--rooms 1 --viewers 1000 --rate 5 --duration "$(dur 15)") ;;
    d) n=2; args=(--rooms 20 --viewers 25 --rate 10 --duration "$(dur 20)") ;;
    e) args=(--mode join --history 100000 --history-chunk 1 --joiners "$JOINERS" --join-url-index 0) ;;
    ew) args=(--mode join --history 100000 --history-chunk 1 --joiners "$JOINERS" --join-url-index 0 --history-window 5000) ;;
    *) echo "unknown scenario $scen" >&2; return ;;
  esac
  limit=300; [ "${args[0]}" = --mode ] || limit=$(( $(dur 20) + 240 ))
  start_redis
  start_servers "$n"
  pin_servers "$REDIS_PID" "${SERVER_PID_LIST[@]}"
  la0="$(loadavg)"
  echo ">>> [$rep] $name $scen (load $la0)" >&2
  rm -f "$TMP/line.json"
  perf_start "$name" "$scen" "$SERVER_PIDS"
  (cd "$PEERS" && HUIWU_BENCH_FORMAT="$fmt" ${CLIENT_CPU[@]+"${CLIENT_CPU[@]}"} timeout "$limit" node "$LOADMJS" \
      --client-module "$BENCH/huiwu-client.mjs" --server "$name" --label "$scen" --urls "$URLS" --server-pids "$SERVER_PIDS" --aux-pids "$REDIS_PID" \
      "${args[@]}" > "$TMP/line.json" 2> "$TMP/load.log") || { echo "load.mjs failed:" >&2; tail -5 "$TMP/load.log" >&2; }
  la1="$(loadavg)"
  perf_finish
  collect_metrics "$TMP/metrics.json"
  cpu_split "$name" "$scen" "$rep" "${SERVER_PID_LIST[@]}"
  append_lines "$TMP/line.json" "$name" "$scen" "$rep" "$la0" "$la1" "$TMP/metrics.json"
  stop_huiwu "$fmt $scen rep $rep"
}

# --- relay-cpp: the C++ floor, through the same client module as Huiwu ---------------------
run_relay_cpp() { # format scenario rep
  local fmt="$1" scen="$2" rep="$3" la0 la1 args=() limit port pid k name="relay-cpp-$1"
  case "$scen" in
    a) args=(--rooms 1 --viewers 50 --rate 20 --duration "$(dur 20)") ;;
    b) args=(--rooms 20 --viewers 25 --rate 10 --duration "$(dur 20)") ;;
    c) args=(--rooms 1 --viewers 1000 --rate 5 --duration "$(dur 15)") ;;
    e) args=(--mode join --history 100000 --history-chunk 1 --joiners "$JOINERS" --join-url-index 0) ;;
    *) return ;;
  esac
  limit=300; [ "${args[0]}" = --mode ] || limit=$(( $(dur 20) + 240 ))
  port="$(free_port)"
  "$TMP/huiwu_relay_cpp" --listen "127.0.0.1:$port" > "$TMP/relay-cpp.log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  for k in $(seq 1 100); do grep -q READY "$TMP/relay-cpp.log" 2>/dev/null && break; sleep 0.1; done
  pin_servers "$pid"
  la0="$(loadavg)"
  echo ">>> [$rep] $name $scen (load $la0)" >&2
  rm -f "$TMP/line.json"
  perf_start "$name" "$scen" "$pid"
  (cd "$PEERS" && HUIWU_BENCH_FORMAT="$fmt" ${CLIENT_CPU[@]+"${CLIENT_CPU[@]}"} timeout "$limit" node "$LOADMJS" \
      --client-module "$BENCH/huiwu-client.mjs" --server "$name" --label "$scen" --urls "ws://127.0.0.1:$port/ws" --server-pids "$pid" \
      "${args[@]}" > "$TMP/line.json" 2> "$TMP/load.log") || { echo "load.mjs failed:" >&2; tail -5 "$TMP/load.log" >&2; }
  la1="$(loadavg)"
  perf_finish
  append_lines "$TMP/line.json" "$name" "$scen" "$rep" "$la0" "$la1"
  cpu_split "$name" "$scen" "$rep" "$pid"
  stop_pid "$pid"
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
    echo "redis: $(redis-server --version | cut -d' ' -f3 | cut -d= -f2); huiwu: appendonly yes, appendfsync $APPENDFSYNC, data dir on $(df -T "$TMP" | awk 'NR==2{print $2" ("$1")"}'); hocuspocus: its own (no persistence)"
    echo "server_binary: $SERVER_BIN (sha256 $(sha256sum "$SERVER_BIN" | cut -c1-16), built $(date -u -r "$SERVER_BIN" +%Y-%m-%dT%H:%M:%SZ))"
    echo "build_type: $(grep -s '^CMAKE_BUILD_TYPE' "$(dirname "$(dirname "$SERVER_BIN")")/CMakeCache.txt" | cut -d= -f2)"
    echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && echo ' (work tree has changes)')"
    echo "peers: $PEERS ($(cd "$PEERS" && node -e 'const p=require("./node_modules/@hocuspocus/server/package.json");console.log("@hocuspocus/server "+p.version)'))"
    echo "scenarios: $SCENARIOS; servers: $SERVERS; huiwu formats: $FORMATS; huiwu server args: ${SERVER_ARGS:-(none)}${TAG:+ (tag $TAG)}; repeat $REPEAT; duration scale $SCALE; joiners (e) $JOINERS; $([ "$PIN" = 1 ] && echo "pinned: load generators on CPU 0, servers and their Redis on CPU 1" || echo "not pinned")"
    echo "loadavg_at_start: $(cat /proc/loadavg)"
  } > "$OUT/machine.txt"
}

cp "$SERVER_BIN" "$TMP/huiwu-server"
case ",$SERVERS," in
  *,relay-cpp,*)
    [ -x "$RELAY_CPP_BIN" ] || { echo "no relay-cpp at $RELAY_CPP_BIN (HUIWU_BUILD_TARGET=huiwu_relay_cpp deploy/build.sh)" >&2; exit 1; }
    cp "$RELAY_CPP_BIN" "$TMP/huiwu_relay_cpp" ;;
esac
machine_info
cat "$OUT/machine.txt" >&2
T_START=$(date +%s)
IFS=',' read -ra SCEN_LIST <<< "$SCENARIOS"
IFS=',' read -ra SERVER_LIST <<< "$SERVERS"
IFS=',' read -ra FORMAT_LIST <<< "$FORMATS"
for rep in $(seq 1 "$REPEAT"); do
  for s in "${SCEN_LIST[@]}"; do
    for srv in "${SERVER_LIST[@]}"; do
      case "$srv" in
        hocuspocus)
          if [ "$s" = ew ] && [ "$PEER_BURST" != 1 ]; then continue; fi
          run_peer hocuspocus "$s" "$rep" ;;
        relay)
          case "$s" in a|b|c|e) run_peer relay "$s" "$rep" ;; esac ;;
        huiwu)
          for fmt in "${FORMAT_LIST[@]}"; do run_huiwu "$fmt" "$s" "$rep"; done ;;
        relay-cpp)
          for fmt in "${FORMAT_LIST[@]}"; do run_relay_cpp "$fmt" "$s" "$rep"; done ;;
        *) echo "unknown server $srv" >&2 ;;
      esac
    done
  done
done
echo "loadavg_at_end: $(cat /proc/loadavg)" >> "$OUT/machine.txt"
echo "total run time: $(( $(date +%s) - T_START )) s" >&2
node "$BENCH/compare.mjs" "$RESULTS" | tee "$OUT/summary.md"
echo "results: $OUT" >&2
