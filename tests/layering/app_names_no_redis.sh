#!/usr/bin/env bash
# store/ owns every Redis key, script and query (docs/decisions/0018-board-per-reader-index.md,
# issue 14): outside service/store and service/redis (the client) nothing in service/ may send
# a Redis command, include hiredis, build a key or name one — not app/, not auth/ (accounts,
# sessions, throttles, the audit log), not core/ (the notifier asks store for its channels).
# Fails listing each offending line.
#   tests/layering/app_names_no_redis.sh <repo>
set -euo pipefail
repo="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
service="$repo/service"
for must in app auth core; do
  [[ -d "$service/$must" ]] || { echo "no $service/$must" >&2; exit 2; }
done
# A command sent (execute), the client library, a key literal, the key builders and key
# constants of store/keys.hpp, and a Lua script carried in a raw string.
pattern='execute\(|hiredis|"hw:|hw:\{|meeting_keys|reader_keys|account_keys|_index_key|audit_(stream|head)_key|R"lua\('
if grep -rnE --exclude-dir=store --exclude-dir=redis --exclude-dir=generated --exclude-dir=node_modules \
  "$pattern" "$service"; then
  echo "code outside service/store speaks to Redis itself: move the lines above into service/store" >&2
  exit 1
fi
echo "outside service/store and service/redis, nothing names a Redis key or sends a Redis command"
