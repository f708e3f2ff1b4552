#!/usr/bin/env bash
# RSS per idle connection (bench/conns.mjs) on a fresh huiwu-server with a private Redis
# (appendfsync always), on free ports of 127.0.0.1. Raises `ulimit -n` for the server and
# the client (10,000 sockets each). Stops what it started, by PID, on exit.
#   bench/conns.sh [--conns 10000] [--meetings 200] [--server-bin PATH] [--server-args "..."]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/login.sh"
cd "$(dirname "$0")"
BENCH="$(pwd)"
ROOT="$(cd .. && pwd)"
CONNS=10000
MEETINGS=200
SERVER_BIN="$ROOT/build/service/huiwu-server"
SERVER_ARGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --conns) CONNS="$2"; shift 2 ;;
    --meetings) MEETINGS="$2"; shift 2 ;;
    --server-bin) SERVER_BIN="$2"; shift 2 ;;
    --server-args) SERVER_ARGS="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo pipefail/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (--help)" >&2; exit 2 ;;
  esac
done
need=$(( CONNS + MEETINGS + 512 ))
ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge "$need" ] || { echo "ulimit -n is $(ulimit -n), need $need (raise the hard limit)" >&2; exit 1; }
[ -d "$BENCH/node_modules/ws" ] || { echo "(cd bench && npm ci) first" >&2; exit 1; }

TMP="$(mktemp -d /tmp/huiwu-conns.XXXXXX)"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

cp "$SERVER_BIN" "$TMP/huiwu-server"
RP="$(free_port)"
redis-server --port "$RP" --bind 127.0.0.1 --dir "$TMP" --appendonly yes --appendfsync always --save '' \
  --maxclients "$need" --logfile "$TMP/redis.log" &
PIDS+=($!)
for i in $(seq 1 100); do redis-cli -p "$RP" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
PORT="$(free_port)"
# shellcheck disable=SC2086
"$TMP/huiwu-server" --listen "127.0.0.1:$PORT" --redis "127.0.0.1:$RP" $SERVER_ARGS > "$TMP/server.log" 2>&1 &
SPID=$!
PIDS+=("$SPID")
for i in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
HUIWU_TOKEN="$(bench_token "$TMP/huiwu-server" "$RP" "$PORT")"
export HUIWU_TOKEN
node "$BENCH/conns.mjs" --url "ws://127.0.0.1:$PORT/ws" --server-pid "$SPID" --conns "$CONNS" --meetings "$MEETINGS"
grep -v '"msg":"\(listening\|redis connected\)"' "$TMP/server.log" | head -5 >&2 || true
