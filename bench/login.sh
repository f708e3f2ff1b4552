# Sourced by the bench scripts: bench_token SERVER_BIN REDIS_PORT HTTP_PORT prints a session
# token for the account "bench" (created through the documented command line on first use),
# for the load generators' "Authorization: Bearer" header (HUIWU_TOKEN).
bench_token() {
  local bin="$1" redis_port="$2" http_port="$3"
  printf '%s\n' 'bench-password-1' | "$bin" --redis "127.0.0.1:$redis_port" --create-user bench \
    --name 压测 --clearance secret >/dev/null 2>&1 || true
  curl -sf -X POST -H 'content-type: application/json' \
    -d '{"user":"bench","password":"bench-password-1","bearer":true}' \
    "http://127.0.0.1:$http_port/api/login" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))'
}
