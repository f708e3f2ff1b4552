#!/usr/bin/env bash
# Installs what is missing, builds, starts a private Redis (AOF on, every write fsynced,
# data in ./data/redis) and Huiwu, and prints the URL. On the first run it also creates a
# demo organisation and prints its one-time passwords. Ctrl-C stops both.
#   HUIWU_PORT (default 8080), HUIWU_REDIS_PORT (default 6390) change the ports.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${HUIWU_PORT:-8080}"
redis_port="${HUIWU_REDIS_PORT:-6390}"

"$repo/deploy/install-deps.sh"
echo "quickstart: building (the first build takes a few minutes)..."
HUIWU_BUILD_TARGET=huiwu-server "$repo/deploy/build.sh" build >/dev/null

data="$repo/data/redis"
mkdir -p "$data"
# appendfsync always: a change is on disk before Redis answers, so before Huiwu acks it.
# See docs/decisions/0003-aof-fsync-always.md for the cost and what it buys.
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$data" \
  --appendonly yes --appendfsync always --save "" \
  --daemonize no --logfile "$data/redis.log" &
redis_pid=$!
trap 'kill $server_pid $redis_pid 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 100); do
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
  sleep 0.1
done

"$repo/build/service/huiwu-server" --listen "127.0.0.1:$port" \
  --redis "127.0.0.1:$redis_port" --web-root "$repo/web-static" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
# First run: a demo organisation (admin, secretary, leader, participant) and a sample
# meeting, with one-time passwords printed once; later runs leave the accounts alone.
demo="$("$repo/build/service/huiwu-server" --redis "127.0.0.1:$redis_port" --seed-demo)"
echo
echo "  Huiwu is running:  http://127.0.0.1:$port/"
echo "  (Redis on 127.0.0.1:$redis_port, data in $data; Ctrl-C stops both)"
echo
echo "$demo" | sed 's/^/  /'
echo "  (more accounts: build/service/huiwu-server --redis 127.0.0.1:$redis_port --create-user ID"
echo "   --name NAME --clearance internal --temporary; see docs/security.md)"
echo
wait $server_pid
