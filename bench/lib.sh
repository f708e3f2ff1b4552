# Sourced by the bench scripts that start their own servers (run-scale.sh; conns.sh): private
# processes on free ports of 127.0.0.1, stopped by PID. The caller sets TMP (a scratch
# directory) and keeps STARTED_PIDS (an array) for its exit trap (stop_started).
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/login.sh"

# use_peers DIR: the writable copy of the peer harness (its load.mjs drives every bench)
# -> PEERS (absolute), LOADMJS; exits with a word if it is not there.
use_peers() {
  PEERS="$(cd "$1" && pwd)"
  LOADMJS="$PEERS/load.mjs"
  [ -f "$LOADMJS" ] || { echo "no load.mjs in $PEERS (copy shared/bench/peers there)" >&2; exit 1; }
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

stop_pid() { # pid: TERM, then KILL after 5 s
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

stop_started() { # newest first: load generators, then nginx and servers, Redis last
  local i
  for (( i = ${#STARTED_PIDS[@]} - 1; i >= 0; i-- )); do
    [ -n "${STARTED_PIDS[$i]}" ] && stop_pid "${STARTED_PIDS[$i]}"
  done
  return 0
}

# start_redis [maxclients]: a fresh Redis with every write fsynced (appendfsync always, as
# Huiwu runs in production; APPENDFSYNC=everysec|no for a variation) -> REDIS_PORT, REDIS_PID.
start_redis() {
  REDIS_PORT="$(free_port)"
  rm -rf "$TMP/redis"; mkdir -p "$TMP/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes --dir "$TMP/redis" \
    --appendonly yes --appendfsync "${APPENDFSYNC:-always}" --save '' --daemonize no \
    --maxclients "${1:-10000}" \
    --logfile "$TMP/redis/redis.log" &
  REDIS_PID=$!
  STARTED_PIDS+=("$REDIS_PID")
  local i
  for i in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return 0
    kill -0 "$REDIS_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "redis did not start:" >&2; cat "$TMP/redis/redis.log" >&2; exit 1
}

# start_huiwu BIN N [extra args...]: N instances on one Redis, each healthy before the next
# -> HUIWU_PIDS (array), HUIWU_PORTS (array); HUIWU_TOKEN exported (the bench account).
# Each instance's output goes to $TMP/server-<i>.log; HUIWU_SERVER_ENV (an array of
# NAME=value, optional) is its environment on top of ours.
start_huiwu() {
  local bin="$1" n="$2" i port pid k ok
  shift 2
  HUIWU_PIDS=(); HUIWU_PORTS=()
  for i in $(seq 1 "$n"); do
    port="$(free_port)"
    env ${HUIWU_SERVER_ENV[@]+"${HUIWU_SERVER_ENV[@]}"} "$bin" --listen "127.0.0.1:$port" \
      --redis "127.0.0.1:$REDIS_PORT" "$@" > "$TMP/server-$i.log" 2>&1 &
    pid=$!
    STARTED_PIDS+=("$pid"); HUIWU_PIDS+=("$pid"); HUIWU_PORTS+=("$port")
    ok=0
    for k in $(seq 1 100); do
      if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then ok=1; break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    [ "$ok" = 1 ] || { echo "huiwu-server on $port did not become healthy:" >&2; cat "$TMP/server-$i.log" >&2; exit 1; }
  done
  HUIWU_TOKEN="$(bench_token "$bin" "$REDIS_PORT" "${HUIWU_PORTS[0]}")"
  export HUIWU_TOKEN
}

# start_nginx ROOT PORT UPSTREAM_PORT...: Debian's nginx as the WebSocket balancer, with the
# configuration of deploy/cluster.sh (deploy/cluster-nginx.conf.in) sized for 10k+ sockets
# (each client socket has an upstream socket too) -> NGINX_PID.
start_nginx() {
  local root="$1" port="$2" ups="" p k
  shift 2
  for p in "$@"; do ups+="        server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"$'\n'; done
  mkdir -p "$TMP/nginx/tmp"
  ups="$ups" pre="$TMP/nginx" lis="127.0.0.1:$port" python3 - "$root/deploy/cluster-nginx.conf.in" "$TMP/nginx/nginx.conf" <<'PY'
import os, sys
s = open(sys.argv[1]).read()
s = s.replace("@USER@", "user root;" if os.geteuid() == 0 else "").replace("@PREFIX@", os.environ["pre"])
s = s.replace("@LISTEN@", os.environ["lis"]).replace("@UPSTREAMS@", os.environ["ups"].rstrip("\n"))
s = s.replace("worker_connections 4096;", "worker_connections 30000;")
s = s.replace("worker_processes 1;", "worker_processes 1;\nworker_rlimit_nofile 65000;")
open(sys.argv[2], "w").write(s)
PY
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" &
  NGINX_PID=$!
  STARTED_PIDS+=("$NGINX_PID")
  for k in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "nginx did not start:" >&2; cat "$TMP/nginx/error.log" >&2; exit 1
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
