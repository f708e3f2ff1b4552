#!/usr/bin/env bash
# The layering check must fail on what it is meant to catch: for each forbidden line, a
# throw-away tree with that line in auth/, core/ or app/ must be refused, and the same tree
# with the line under store/ accepted.
#   tests/layering/check_catches.sh <dir of app_names_no_redis.sh>
set -euo pipefail
check="$1/app_names_no_redis.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
lines=('auto k = "hw:acct:" + id;' 'conn_->execute({"GET", k}, cb);' 'store::meeting_keys k(id);'
       'const char* s = R"lua(return 1)lua";' 'store::account_keys::session(t);')
for dir in auth core app; do
  for line in "${lines[@]}"; do
    rm -rf "$tmp/service"
    mkdir -p "$tmp/service/app" "$tmp/service/auth" "$tmp/service/core" "$tmp/service/store"
    echo "$line" > "$tmp/service/$dir/x.cpp"
    if "$check" "$tmp" >/dev/null 2>&1; then
      echo "not caught in $dir/: $line" >&2
      exit 1
    fi
    mv "$tmp/service/$dir/x.cpp" "$tmp/service/store/x.cpp"
    "$check" "$tmp" >/dev/null || { echo "refused in store/: $line" >&2; exit 1; }
  done
done
echo "the layering check refuses keys and commands outside store/ and allows them inside"
