#!/usr/bin/env bash
# A local cluster in one command: a private Redis (AOF on, every write fsynced), three
# identical Huiwu instances on free ports and nginx (Debian's) as the WebSocket-aware
# balancer in front of them, all on 127.0.0.1, all state in one run directory (nothing in
# /etc). Installs what is missing, builds, prints ONE URL, and stops everything on Ctrl-C.
#   deploy/cluster.sh            start (in the foreground) and print the URL
#   deploy/cluster.sh stop       stop a cluster started from another shell (drains each
#                                instance: SIGTERM, docs/operations.md "Drain")
#   deploy/cluster.sh status     the URL, and whether each process is up
# HUIWU_CLUSTER_DIR   run directory (default ./data/cluster; Redis's data stays there)
# HUIWU_CLUSTER_PORT  nginx's port (default 8080, or a free one when 8080 is taken)
# HUIWU_INSTANCES     how many instances (default 3)
# HUIWU_DRAIN_MS      each instance's drain limit (default 10000)
# HUIWU_SERVER_BIN    a huiwu-server already built (then nothing is built; the tests use it)
# The run directory holds cluster.env (URL, ports, pids) for scripts and tests.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run="${HUIWU_CLUSTER_DIR:-$repo/data/cluster}"
cmd="${1:-start}"

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

if [[ "$cmd" == stop || "$cmd" == status ]]; then
  [[ -f "$run/cluster.env" ]] || { echo "cluster: nothing started in $run" >&2; exit 1; }
  # shellcheck source=/dev/null
  source "$run/cluster.env"
  if [[ "$cmd" == status ]]; then
    echo "url $CLUSTER_URL"
    for name in CLUSTER_PID REDIS_PID NGINX_PID $(compgen -A variable | grep -E '^INSTANCE_[0-9]+_PID$'); do
      if alive "${!name}"; then echo "$name ${!name} up"; else echo "$name ${!name} down"; fi
    done
    exit 0
  fi
  alive "$CLUSTER_PID" || { echo "cluster: not running"; exit 0; }
  kill -TERM "$CLUSTER_PID"
  for _ in $(seq 1 600); do alive "$CLUSTER_PID" || { echo "cluster: stopped"; exit 0; }; sleep 0.1; done
  echo "cluster: still running after 60 s (pid $CLUSTER_PID)" >&2
  exit 1
fi
[[ "$cmd" == start ]] || { echo "usage: deploy/cluster.sh [start|stop|status]" >&2; exit 2; }

if [[ -f "$run/cluster.env" ]]; then
  # shellcheck source=/dev/null
  old_pid="$(source "$run/cluster.env"; echo "$CLUSTER_PID")"
  if alive "$old_pid"; then
    echo "cluster: already running (pid $old_pid); deploy/cluster.sh stop first" >&2
    exit 1
  fi
fi

if [[ -z "${HUIWU_SERVER_BIN:-}" ]]; then
  "$repo/deploy/install-deps.sh" --cluster
else
  # A server built already (the tests): only what running the cluster needs.
  need=()
  for p in nginx redis-server redis-tools curl python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
  done
  if ((${#need[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  fi
fi
server="${HUIWU_SERVER_BIN:-$repo/build/service/huiwu-server}"
if [[ -z "${HUIWU_SERVER_BIN:-}" ]]; then
  echo "cluster: building (the first build takes a few minutes)..."
  HUIWU_BUILD_TARGET=huiwu-server "$repo/deploy/build.sh" build >/dev/null
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

# Free TCP ports on loopback, chosen by the kernel.
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()
PY
}
port_free() {
  python3 -c 'import socket,sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

n="${HUIWU_INSTANCES:-3}"
read -r -a ports <<<"$(free_ports $((n + 1)))"
redis_port="${ports[0]}"
port="${HUIWU_CLUSTER_PORT:-8080}"
if [[ -z "${HUIWU_CLUSTER_PORT:-}" ]] && ! port_free "$port"; then
  port="$(free_ports 1)"
fi
mkdir -p "$run/redis" "$run/nginx/tmp" "$run/materials" "$run/logs"

pids=()
stopping=0
stop_all() {
  ((stopping)) && return
  stopping=1
  trap '' INT TERM
  echo
  echo "cluster: stopping (nginx, then each instance drains, then Redis)..."
  alive "${nginx_pid:-}" && kill -QUIT "$nginx_pid" 2>/dev/null
  for p in "${instance_pids[@]}"; do alive "$p" && kill -TERM "$p" 2>/dev/null; done
  for p in "${instance_pids[@]}" "${nginx_pid:-}"; do [[ -n "$p" ]] && wait "$p" 2>/dev/null; done
  alive "${redis_pid:-}" && kill -TERM "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  echo "cluster: stopped"
}
instance_pids=()
trap 'stop_all; exit 0' INT TERM
trap 'stop_all' EXIT

# appendfsync always: a change is on disk before Redis answers, so before Huiwu acks it
# (docs/decisions/0003-aof-fsync-always.md).
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$run/redis" \
  --appendonly yes --appendfsync always --save "" \
  --daemonize no --logfile "$run/redis/redis.log" &
redis_pid=$!
for _ in $(seq 1 100); do
  redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done

upstreams=""
for i in $(seq 1 "$n"); do
  p="${ports[$i]}"
  HUIWU_DRAIN_MS="${HUIWU_DRAIN_MS:-10000}" "$server" --listen "127.0.0.1:$p" \
    --redis "127.0.0.1:$redis_port" --web-root "$repo/web-static" \
    --materials-dir "$run/materials" --trusted-proxy 127.0.0.1 \
    >>"$run/logs/instance-$i.log" 2>&1 &
  instance_pids+=($!)
  upstreams+="        server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"$'\n'
done
for i in $(seq 1 "$n"); do
  p="${ports[$i]}"
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break
    alive "${instance_pids[$((i - 1))]}" || { echo "cluster: instance $i did not start:" >&2; tail -5 "$run/logs/instance-$i.log" >&2; exit 1; }
    sleep 0.1
  done
done

# Master as root: workers as root too, so that they can write the run directory's temp paths.
user_line=""
[[ $(id -u) -eq 0 ]] && user_line="user root root;"
ups="$upstreams" usr="$user_line" pre="$run/nginx" lis="127.0.0.1:$port" python3 - \
  "$repo/deploy/cluster-nginx.conf.in" "$run/nginx/nginx.conf" <<'PY'
import os, sys
t = open(sys.argv[1]).read()
for k, v in (("@UPSTREAMS@", os.environ["ups"].rstrip("\n")), ("@USER@", os.environ["usr"]),
             ("@PREFIX@", os.environ["pre"]), ("@LISTEN@", os.environ["lis"])):
    t = t.replace(k, v)
open(sys.argv[2], "w").write(t)
PY
"$nginx_bin" -p "$run/nginx" -c "$run/nginx/nginx.conf" -e "$run/nginx/error.log" &
nginx_pid=$!
url="http://127.0.0.1:$port/"
for _ in $(seq 1 100); do
  curl -fs "${url}healthz" >/dev/null 2>&1 && break
  alive "$nginx_pid" || { echo "cluster: nginx did not start:" >&2; tail -5 "$run/nginx/error.log" >&2; exit 1; }
  sleep 0.1
done

{
  echo "CLUSTER_URL=$url"
  echo "CLUSTER_PID=$$"
  echo "REDIS_PORT=$redis_port"
  echo "REDIS_PID=$redis_pid"
  echo "NGINX_PID=$nginx_pid"
  for i in $(seq 1 "$n"); do
    echo "INSTANCE_${i}_PORT=${ports[$i]}"
    echo "INSTANCE_${i}_PID=${instance_pids[$((i - 1))]}"
  done
} >"$run/cluster.env.tmp"
mv "$run/cluster.env.tmp" "$run/cluster.env"

# First run: a demo organisation with one-time passwords, printed once.
demo="$("$server" --redis "127.0.0.1:$redis_port" --seed-demo 2>/dev/null || true)"
echo
echo "  Huiwu cluster:  $url"
echo "  ($n instances behind nginx, Redis on 127.0.0.1:$redis_port with AOF; state and logs in"
echo "   $run; Ctrl-C or deploy/cluster.sh stop stops everything)"
echo
[[ -n "$demo" ]] && echo "$demo" | sed 's/^/  /'
echo "  (more accounts: build/service/huiwu-server --redis 127.0.0.1:$redis_port --create-user ID"
echo "   --name NAME --clearance internal --temporary; see docs/security.md)"
echo
# Runs until stopped; an instance that dies is reported (nginx sends its clients elsewhere).
while true; do
  for i in $(seq 1 "$n"); do
    p="${instance_pids[$((i - 1))]}"
    if [[ -n "$p" ]] && ! alive "$p"; then
      echo "cluster: instance $i (pid $p) has exited; log: $run/logs/instance-$i.log" >&2
      instance_pids[$((i - 1))]=""
    fi
  done
  alive "$nginx_pid" || { echo "cluster: nginx has exited" >&2; exit 1; }
  sleep 1 & wait $! || true
done
