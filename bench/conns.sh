#!/usr/bin/env bash
# RSS per idle connection (bench/conns.mjs) on a fresh huiwu-server with a private Redis
# (appendfsync always), on free ports of 127.0.0.1. Raises `ulimit -n` for the server and
# the client (10,000 sockets each). Stops what it started, by PID, on exit.
#   bench/conns.sh [--conns 10000] [--meetings 200] [--server-bin PATH] [--server-args "..."]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
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
STARTED_PIDS=()
trap 'stop_started; rm -rf "$TMP"' EXIT
cp "$SERVER_BIN" "$TMP/huiwu-server"
start_redis "$need"
# shellcheck disable=SC2086
start_huiwu "$TMP/huiwu-server" 1 $SERVER_ARGS
PORT="${HUIWU_PORTS[0]}"
SPID="${HUIWU_PIDS[0]}"
node "$BENCH/conns.mjs" --url "ws://127.0.0.1:$PORT/ws" --server-pid "$SPID" --conns "$CONNS" --meetings "$MEETINGS"
grep -v '"msg":"\(listening\|redis connected\)"' "$TMP/server-1.log" | head -5 >&2 || true
