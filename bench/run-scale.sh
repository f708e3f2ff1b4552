#!/usr/bin/env bash
# Issue 16's load, in ONE session on this machine (numbers in docs/performance.md):
#
#  one      One instance, 10,000 WebSockets in 200 meetings, 50 of them typed into: an idle
#           crowd (bench/conns.mjs --hold: --idle sockets logged in and joined to 150 other
#           meetings) is opened first and held, then the peer harness's load.mjs drives
#           --typists meetings, each with one typist and --viewers viewers, through
#           bench/huiwu-client.mjs. Reports p50/p99 keystroke -> viewer, server CPU, and RSS
#           per idle connection (VmRSS before/after the crowd, not VmHWM).
#  cluster  The same scenarios on 1, 2, 3 Huiwu instances behind nginx (one URL; every
#           socket goes through the balancer) and on the peer, Hocuspocus with its Redis
#           extension on 1 and 2 instances (its own script, clients spread over the
#           instances directly: no balancer hop for the peer).
#
# Huiwu: a fresh private Redis (appendonly, appendfsync always) and fresh servers for every
# run, JSON frames (what the browser speaks). Everything started is stopped by PID on exit.
#
#   bench/run-scale.sh [--parts one,cluster] [--instances 1,2,3] [--peer-instances 1,2]
#     [--scenarios b,s50] [--idle 7500] [--idle-meetings 150] [--typists 50] [--viewers 49]
#     [--rate 5] [--duration 30] [--format json] [--peers /tmp/peers] [--server-bin PATH]
#     [--out DIR]
# Scenarios of the cluster part: b = 20 meetings x 25 viewers, 10 chars/s, 20 s (the peer's
# b); s50 = --typists meetings x --viewers viewers at --rate for --duration (the typed part
# of "one"). The peer harness must be a writable copy with its install done:
#   cp -r /work/shared/bench/peers /tmp/peers && chmod -R u+w /tmp/peers && (cd /tmp/peers && ./install.sh)
set -euo pipefail
cd "$(dirname "$0")"
BENCH="$(pwd)"
ROOT="$(cd .. && pwd)"
. "$BENCH/lib.sh"

PARTS="one,cluster"
INSTANCES="1,2,3"
PEER_INSTANCES="1,2"
SCENARIOS="b,s50"
IDLE=7500
IDLE_MEETINGS=150
TYPISTS=50
VIEWERS=49
RATE=5
DURATION=30
FORMAT=json
PEERS=/tmp/peers
SERVER_BIN="$ROOT/build/service/huiwu-server"
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) PARTS="$2"; shift 2 ;;
    --instances) INSTANCES="$2"; shift 2 ;;
    --peer-instances) PEER_INSTANCES="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --idle-meetings) IDLE_MEETINGS="$2"; shift 2 ;;
    --typists) TYPISTS="$2"; shift 2 ;;
    --viewers) VIEWERS="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --format) FORMAT="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --server-bin) SERVER_BIN="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (--help)" >&2; exit 2 ;;
  esac
done
use_peers "$PEERS"
[ -x "$SERVER_BIN" ] || { echo "no server binary at $SERVER_BIN" >&2; exit 1; }
[ -d "$BENCH/node_modules/ws" ] || { echo "(cd bench && npm ci) first" >&2; exit 1; }
need=$(( IDLE + IDLE_MEETINGS + TYPISTS * (VIEWERS + 1) + 1024 ))
# One process holds at most `need` sockets (the server in "one"; nginx holds two per client of
# the smaller cluster scenarios); root may raise the hard limit.
ulimit -n $(( need + 1024 )) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge "$need" ] || { echo "ulimit -n is $(ulimit -n), need $need" >&2; exit 1; }

OUT="${OUT:-$BENCH/results/$(date -u +%Y%m%dT%H%M%SZ)-scale}"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
TMP="$(mktemp -d /tmp/huiwu-scale.XXXXXX)"
STARTED_PIDS=()
trap 'stop_started; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM
cp "$SERVER_BIN" "$TMP/huiwu-server"

scenario_args() { # scenario -> load.mjs fan-out flags
  case "$1" in
    b) echo "--rooms 20 --viewers 25 --rate 10 --duration 20" ;;
    s50) echo "--rooms $TYPISTS --viewers $VIEWERS --rate $RATE --duration $DURATION" ;;
    *) echo "unknown scenario $1" >&2; exit 2 ;;
  esac
}

# append LINE_FILE EXTRA_JSON: load.mjs's line, with the run's context merged in.
append() {
  node -e '
    const fs = require("fs");
    const [file, extra, out] = process.argv.slice(1);
    const l = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").find((x) => x.startsWith("{")) : null;
    const r = Object.assign(l ? JSON.parse(l) : { failed: true }, JSON.parse(extra));
    fs.appendFileSync(out, JSON.stringify(r) + "\n");' "$1" "$2" "$RESULTS"
}

load() { # name label urls server_pids aux_pids flags...
  local name="$1" label="$2" urls="$3" spids="$4" aux="$5"
  shift 5
  rm -f "$TMP/line.json"
  # shellcheck disable=SC2068
  (cd "$PEERS" && HUIWU_BENCH_FORMAT="$FORMAT" timeout 900 node "$LOADMJS" --client-module "$BENCH/huiwu-client.mjs" \
      --server "$name" --label "$label" --urls "$urls" --server-pids "$spids" --aux-pids "$aux" \
      --setup-timeout 600 $@ > "$TMP/line.json" 2> "$TMP/load.log") ||
    { echo "load.mjs failed:" >&2; tail -5 "$TMP/load.log" >&2; }
}

stop_run() { # stops what the run started (servers, nginx, Redis); keeps unusual server logs
  stop_started
  STARTED_PIDS=()
  local f
  for f in "$TMP"/server-*.log; do
    [ -f "$f" ] || continue
    if grep -qvE '"msg":"(listening|redis connected|shutting down|stopped|draining|drained)"' "$f"; then
      { echo "--- $1, $(basename "$f")"; tail -20 "$f"; } >> "$OUT/server-logs.txt"
    fi
    rm -f "$f"
  done
}

# --- one instance, 10,000 connections ----------------------------------------------------
run_one() {
  local la0 la1 pid k spid
  start_redis $(( need + 100 ))
  start_huiwu "$TMP/huiwu-server" 1
  spid="${HUIWU_PIDS[0]}"
  echo ">>> one: $IDLE idle sockets in $IDLE_MEETINGS meetings, then $TYPISTS typists x $VIEWERS viewers" >&2
  rm -f "$TMP/idle.json"
  node "$BENCH/conns.mjs" --url "ws://127.0.0.1:${HUIWU_PORTS[0]}/ws" --server-pid "$spid" --conns "$IDLE" \
    --meetings "$IDLE_MEETINGS" --hold > "$TMP/idle.json" 2> "$TMP/idle.log" &
  pid=$!
  STARTED_PIDS+=("$pid")
  for k in $(seq 1 6000); do
    grep -q '^{' "$TMP/idle.json" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "conns.mjs exited:" >&2; cat "$TMP/idle.log" >&2; exit 1; }
    sleep 0.1
  done
  la0="$(loadavg)"
  # shellcheck disable=SC2046
  load "huiwu-$FORMAT" "one-10k" "ws://127.0.0.1:${HUIWU_PORTS[0]}/ws" "$spid" "$REDIS_PID" \
    $(scenario_args s50) --procs 2
  la1="$(loadavg)"
  local rss conns
  rss="$(awk '/^VmRSS/{print $2}' "/proc/$spid/status")"
  conns="$(curl -sf "http://127.0.0.1:${HUIWU_PORTS[0]}/metrics" | awk '$1=="huiwu_connections"{print $2}')"
  append "$TMP/line.json" "{\"instances\":1,\"balancer\":false,\"rep\":1,\"idle\":$(head -1 "$TMP/idle.json"),\"server_vm_rss_kib_end\":$rss,\"server_connections_end\":${conns:-null},\"loadavg_before\":\"$la0\",\"loadavg_after\":\"$la1\"}"
  stop_run "one"
}

# --- 1, 2, 3 instances behind nginx ------------------------------------------------------
run_cluster() { # instances scenario
  local n="$1" scen="$2" nport la0 la1 pids
  start_redis $(( need + 100 ))
  start_huiwu "$TMP/huiwu-server" "$n"
  nport="$(free_port)"
  start_nginx "$ROOT" "$nport" "${HUIWU_PORTS[@]}"
  pids="$(IFS=,; echo "${HUIWU_PIDS[*]}")"
  # nginx's master only supervises; its worker carries the sockets (and the CPU).
  local workers
  workers="$(pgrep -d, -P "$NGINX_PID" || true)"
  la0="$(loadavg)"
  echo ">>> cluster: $n Huiwu instance(s) behind nginx, $scen (load $la0)" >&2
  # shellcheck disable=SC2046
  load "huiwu-$FORMAT-x$n" "$scen" "ws://127.0.0.1:$nport/ws" "$pids" "$REDIS_PID,${workers:-$NGINX_PID}" $(scenario_args "$scen")
  la1="$(loadavg)"
  append "$TMP/line.json" "{\"instances\":$n,\"balancer\":\"nginx\",\"rep\":1,\"loadavg_before\":\"$la0\",\"loadavg_after\":\"$la1\"}"
  stop_run "x$n $scen"
}

run_peer() { # instances scenario: Hocuspocus + its Redis extension, through the peer's script
  local n="$1" scen="$2" pscen flags la0 la1
  # The peer's f is b on one instance with the Redis extension; --instances 2 loads it anyway.
  if [ "$n" = 1 ]; then pscen=f; else pscen=b; fi
  flags="--server hocuspocus-x$n --label $scen"
  [ "$scen" = s50 ] && flags="$flags $(scenario_args s50)"
  la0="$(loadavg)"
  echo ">>> peer: Hocuspocus x$n (Redis extension), $scen (load $la0)" >&2
  rm -rf "$TMP/peer-out"
  (cd "$PEERS" && ./run-hocuspocus.sh --server hocuspocus --instances "$n" --scenarios "$pscen" \
      --out "$TMP/peer-out" --load-flags "$flags") > "$TMP/peer.log" 2>&1 || true
  la1="$(loadavg)"
  [ -f "$TMP/peer-out/results.jsonl" ] && grep '^{' "$TMP/peer-out/results.jsonl" | head -1 > "$TMP/line.json" || rm -f "$TMP/line.json"
  append "$TMP/line.json" "{\"instances\":$n,\"balancer\":false,\"rep\":1,\"loadavg_before\":\"$la0\",\"loadavg_after\":\"$la1\"}"
}

{
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel: $(uname -r); node: $(node --version); nginx: $(nginx -v 2>&1 | cut -d/ -f2)"
  echo "server_binary: $SERVER_BIN (sha256 $(sha256sum "$SERVER_BIN" | cut -c1-16))"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"
  echo "parts: $PARTS; instances: $INSTANCES; peer instances: $PEER_INSTANCES; scenarios: $SCENARIOS"
  echo "one: idle $IDLE in $IDLE_MEETINGS meetings + $TYPISTS typists x $VIEWERS viewers at $RATE chars/s for $DURATION s; format $FORMAT"
  echo "loadavg_at_start: $(cat /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

IFS=',' read -ra PART_LIST <<< "$PARTS"
IFS=',' read -ra N_LIST <<< "$INSTANCES"
IFS=',' read -ra PN_LIST <<< "$PEER_INSTANCES"
IFS=',' read -ra SCEN_LIST <<< "$SCENARIOS"
for part in "${PART_LIST[@]}"; do
  case "$part" in
    one) run_one ;;
    cluster)
      for s in "${SCEN_LIST[@]}"; do
        for n in "${N_LIST[@]}"; do run_cluster "$n" "$s"; done
        for n in "${PN_LIST[@]}"; do run_peer "$n" "$s"; done
      done ;;
    *) echo "unknown part $part" >&2 ;;
  esac
done
node "$BENCH/summarize-scale.mjs" "$RESULTS" | tee "$OUT/summary.md"
echo "results: $OUT" >&2
