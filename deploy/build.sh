#!/usr/bin/env bash
# Configures and builds into build/ (or $1, with extra CMake arguments after it).
#   deploy/build.sh                          RelWithDebInfo build in build/
#   deploy/build.sh build-asan -DHUIWU_SANITIZE=ON
#   HUIWU_BUILD_TARGET=huiwu-server deploy/build.sh   only the server
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-build}"
shift || true
jobs="$(nproc)"
# ccache keys on paths relative to the checkout: a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$repo}"
cmake -S "$repo" -B "$repo/$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
target=()
[[ -n "${HUIWU_BUILD_TARGET:-}" ]] && target=(--target "$HUIWU_BUILD_TARGET")
cmake --build "$repo/$dir" -j "$jobs" "${target[@]}"
