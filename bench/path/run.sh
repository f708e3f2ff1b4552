#!/usr/bin/env bash
# The per-change path benchmark (path_bench.cpp): wall time per change over many iterations,
# and instructions per change under callgrind (the difference between two run lengths,
# divided by the difference in changes, so that the setup cancels out). Then the Redis
# append alone against a private redis-server (appendonly yes, appendfsync always, a temp
# dir, a free port on 127.0.0.1), stopped by PID when done. JSON lines on stdout.
#   bench/path/run.sh [iterations]    (default 20000; the callgrind runs use 500 and 1500)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${HUIWU_PATH_BENCH:-$repo/build/bench/path/huiwu_path_bench}"
[[ -x "$bin" ]] || { echo "build it first: HUIWU_BUILD_TARGET=huiwu_path_bench deploy/build.sh" >&2; exit 2; }
n="${1:-20000}"
dir="$(mktemp -d)"
redis_pid=""
cleanup() {
  [[ -n "$redis_pid" ]] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
echo "# $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
configs=("--format binary" "--format json" "--format json --codec util")
for c in "${configs[@]}"; do
  # shellcheck disable=SC2086
  "$bin" $c --iterations "$n"
done
if command -v valgrind >/dev/null; then
  for c in "${configs[@]}"; do
    irs=()
    for k in 500 1500; do
      # shellcheck disable=SC2086
      valgrind --tool=callgrind --callgrind-out-file="$dir/cg.$k" "$bin" $c --iterations "$k" >/dev/null 2>"$dir/vg.$k"
      irs+=("$(grep -m1 '^summary:' "$dir/cg.$k" | awk '{print $2}')")
    done
    echo "{\"what\":\"path_instructions\",\"config\":\"$c\",\"instructions_per_change\":$(( (irs[1] - irs[0]) / 1000 ))}"
  done
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly yes --appendfsync always \
  --dir "$dir" --daemonize no >"$dir/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 50); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
"$bin" --redis "$port" --iterations 2000
