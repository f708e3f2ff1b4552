#!/usr/bin/env bash
# Runs the follow-up board benchmark against a private, throw-away redis-server (no
# persistence, a free port on 127.0.0.1), stopped by PID when done. JSON lines on stdout.
#   bench/board/run.sh [repeats] [indexed]   (default 21, about 30 s on 2 cores; "indexed"
#                                             skips the old whole-hash query, about 2 s)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${HUIWU_BOARD_BENCH:-$repo/build/bench/board/huiwu_board_bench}"
[[ -x "$bin" ]] || { echo "build it first: HUIWU_BUILD_TARGET=huiwu_board_bench deploy/build.sh" >&2; exit 2; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dir="$(mktemp -d)"
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
  --daemonize no >"$dir/redis.log" 2>&1 &
redis_pid=$!
trap 'kill "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "# $(redis-server --version | cut -d' ' -f1-3), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2
"$bin" "$port" "${1:-21}" ${2:+"$2"}
