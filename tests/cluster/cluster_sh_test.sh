#!/usr/bin/env bash
# deploy/cluster.sh end to end: it starts Redis, three instances and nginx, prints one URL;
# through that URL a new account logs in (cookie), reads /api/me, opens the WebSocket and
# gets its welcome; `deploy/cluster.sh stop` then stops every process it started.
#   tests/cluster/cluster_sh_test.sh REPO SERVER_BIN   (CTest: cluster_sh_starts_logs_in_and_stops)
# SERVER_BIN is handed to cluster.sh (HUIWU_SERVER_BIN), which then does not build: the test
# runs inside a build (and the sanitizer build's test run) that must not be reconfigured.
set -euo pipefail
repo="$1"
server="$2"
run="$(mktemp -d /tmp/huiwu-cluster-test.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
fail() { echo "FAIL: $*" >&2; echo "--- cluster.sh output:" >&2; cat "$run/out" >&2 || true; exit 1; }
cleanup() {
  [[ -n "${cluster_pid:-}" ]] && kill -0 "$cluster_pid" 2>/dev/null && kill -TERM "$cluster_pid" && wait "$cluster_pid" 2>/dev/null
  rm -rf "$run"
}
trap cleanup EXIT

HUIWU_CLUSTER_DIR="$run" HUIWU_CLUSTER_PORT="$port" HUIWU_DRAIN_MS=3000 HUIWU_SERVER_BIN="$server" \
  "$repo/deploy/cluster.sh" >"$run/out" 2>&1 </dev/null &
cluster_pid=$!
for _ in $(seq 1 3000); do
  grep -q 'Huiwu cluster:' "$run/out" 2>/dev/null && break
  kill -0 "$cluster_pid" 2>/dev/null || fail "cluster.sh exited before printing its URL"
  sleep 0.1
done
grep -q 'Huiwu cluster:' "$run/out" || fail "no URL within 300 s"

# Exactly one URL is printed, and it is nginx's.
urls="$(grep -o 'http://[^ ]*' "$run/out" | sort -u)"
[[ "$(wc -l <<<"$urls")" -eq 1 ]] || fail "more than one URL printed: $urls"
url="$urls"
[[ "$url" == "http://127.0.0.1:$port/" ]] || fail "the URL $url is not nginx's port $port"
# shellcheck source=/dev/null
source "$run/cluster.env"
[[ "$CLUSTER_URL" == "$url" ]] || fail "cluster.env names $CLUSTER_URL"
for i in 1 2 3; do
  pid_var="INSTANCE_${i}_PID"
  kill -0 "${!pid_var}" 2>/dev/null || fail "instance $i is not running"
done
[[ "$(redis-cli -p "$REDIS_PORT" config get appendfsync | tail -1)" == always ]] || fail "Redis does not fsync always"

# A new account, logged in through the URL.
printf '%s\n' 'cluster-test-password-1' |
  "$server" --redis "127.0.0.1:$REDIS_PORT" --create-user clustertest \
    --name '集群测试' --clearance internal >/dev/null || fail "cannot create the account"
code="$(curl -s -o "$run/login.json" -w '%{http_code}' -c "$run/cookies" -H 'Content-Type: application/json' \
  -d '{"user":"clustertest","password":"cluster-test-password-1"}' "${url}api/login")"
[[ "$code" == 200 ]] || fail "login through the URL answered $code: $(cat "$run/login.json")"
me="$(curl -s -b "$run/cookies" "${url}api/me")"
grep -q '"clustertest"' <<<"$me" || fail "/api/me through the URL: $me"
page="$(curl -s -b "$run/cookies" -o /dev/null -w '%{http_code}' "$url")"
[[ "$page" == 200 ]] || fail "the start page answered $page"
health="$(curl -s "${url}healthz")"
[[ "$health" == '{"status":"ok"}' ]] || fail "/healthz through nginx: $health"

# The WebSocket through nginx, with the session cookie: hello -> welcome.
python3 - "$port" "$(awk '/huiwu_session/ {print $7}' "$run/cookies")" <<'PY' || fail "no welcome over the WebSocket"
import base64, json, os, socket, struct, sys
port, token = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port), timeout=10)
key = base64.b64encode(os.urandom(16)).decode()
s.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
           f"Cookie: huiwu_session={token}\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head:
    head += s.recv(1)
assert head.startswith(b"HTTP/1.1 101"), head
payload = json.dumps({"id": 1, "hello": {"client_id": "cluster-sh", "client_name": "sh"}}).encode()
mask = os.urandom(4)
s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
def read(n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        assert chunk, "closed"
        out += chunk
    return out
b0, b1 = read(2)
n = b1 & 0x7F
if n == 126: n = struct.unpack(">H", read(2))[0]
elif n == 127: n = struct.unpack(">Q", read(8))[0]
msg = json.loads(read(n))
assert "welcome" in msg, msg
assert msg["welcome"]["account"]["id"] == "clustertest", msg
PY

# Stop: every process it started is gone, and the URL no longer answers.
HUIWU_CLUSTER_DIR="$run" "$repo/deploy/cluster.sh" stop || fail "cluster.sh stop failed"
wait "$cluster_pid" 2>/dev/null || true
for name in CLUSTER_PID REDIS_PID NGINX_PID INSTANCE_1_PID INSTANCE_2_PID INSTANCE_3_PID; do
  ! kill -0 "${!name}" 2>/dev/null || fail "$name (${!name}) still running after stop"
done
! curl -s -o /dev/null "${url}healthz" || fail "the URL still answers after stop"
grep -q 'cluster: stopped' "$run/out" || fail "no 'stopped' line"
echo "cluster.sh: started, logged in through $url, WebSocket welcome, stopped"
