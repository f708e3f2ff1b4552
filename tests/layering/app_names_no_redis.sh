#!/usr/bin/env bash
# store/ owns every Redis key, script and query (docs/decisions/0018-board-per-reader-index.md,
# issue 14): nothing in service/app may send a Redis command, include hiredis, build a key
# or name one. Fails listing each offending line.
#   tests/layering/app_names_no_redis.sh <repo>
set -euo pipefail
repo="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
app="$repo/service/app"
[[ -d "$app" ]] || { echo "no $app" >&2; exit 2; }
# A command sent (execute), the client library, a key literal, the key builders and key
# constants of store/keys.hpp, and a Lua script carried in a raw string.
pattern='execute\(|hiredis|"hw:|hw:\{|meeting_keys|reader_keys|_index_key|R"lua\('
if grep -rnE "$pattern" "$app"; then
  echo "service/app speaks to Redis itself: move the lines above into service/store" >&2
  exit 1
fi
echo "service/app names no Redis key and sends no Redis command"
